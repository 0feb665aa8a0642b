import { sql } from 'kysely';
import type { AppAbility } from '../auth/ability.js';
import { accessibleBy, type FieldMap } from '../auth/scope.js';
import type { Db } from '../db/database.js';
import type { OrganizationRow } from '../db/schema.js';
import { CASE_FIELDS } from '../cases/case-scope.js';

export const ORGANIZATION_FIELDS = {
  id: { column: 'organizations.id' },
  path: { column: 'organizations.path', array: 'uuid[]' },
} satisfies FieldMap;

/** The `organizations` list: the viewer's subtrees, root first. */
export function listOrganizations(db: Db, ability: AppAbility): Promise<OrganizationRow[]> {
  return db
    .selectFrom('organizations')
    .selectAll()
    .where(accessibleBy(ability, 'list', 'Organization', ORGANIZATION_FIELDS))
    .orderBy(sql`array_length(path, 1)`)
    .orderBy('code')
    .execute();
}

export function childrenOf(db: Db, ability: AppAbility, parentId: string): Promise<OrganizationRow[]> {
  return db
    .selectFrom('organizations')
    .selectAll()
    .where('parent_id', '=', parentId)
    .where(accessibleBy(ability, 'list', 'Organization', ORGANIZATION_FIELDS))
    .orderBy('code')
    .execute();
}

/**
 * Organizations by id as the viewer may read them: its subtrees, their
 * ancestors, and every organization a case it may see refers to.
 */
export async function readableOrganizationsByIds(
  db: Db,
  ability: AppAbility,
  ids: readonly string[],
): Promise<OrganizationRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('organizations')
    .selectAll()
    .where('organizations.id', 'in', ids)
    .where((eb) =>
      eb.or([
        accessibleBy(ability, 'read', 'Organization', ORGANIZATION_FIELDS),
        eb.exists(
          eb
            .selectFrom('cases')
            .select(sql`1`.as('one'))
            .where('cases.holder_ids', '@>', sql<string[]>`array[organizations.id]`)
            .where(accessibleBy(ability, 'read', 'Case', CASE_FIELDS)),
        ),
      ]),
    )
    .execute();
}

export function organizationById(db: Db, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function organizationByCode(db: Db, code: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('code', '=', code).executeTakeFirst();
}
