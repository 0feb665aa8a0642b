import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { ORGANIZATION_FIELDS } from '../organizations/organizations.js';
import type { AppAbility } from './ability.js';
import { accessibleBy } from './scope.js';

/** Users by id as the viewer may read them: themselves and staff of organizations in their subtrees. */
export function readableUsersByIds(
  db: Db,
  ability: AppAbility,
  viewerId: string | null,
  ids: readonly string[],
): Promise<UserRow[]> {
  if (ids.length === 0 || !viewerId) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .selectAll()
    .where('users.id', 'in', ids)
    .where((eb) =>
      eb.or([
        eb('users.id', '=', viewerId),
        eb(
          'users.id',
          'in',
          eb
            .selectFrom('memberships')
            .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
            .select('memberships.user_id')
            .where(accessibleBy(ability, 'read', 'User', { organizationPaths: ORGANIZATION_FIELDS.path })),
        ),
      ]),
    )
    .execute();
}

/**
 * Staff holding a role at one organization, as the viewer's directory allows
 * (scoped in SQL like every list), by e-mail: a page after `after` and the count.
 */
export function staffOf(db: Db, ability: AppAbility, organizationId: string) {
  const scoped = db.selectFrom('users').where('users.id', 'in', (eb) =>
    eb
      .selectFrom('memberships')
      .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
      .select('memberships.user_id')
      .where('memberships.organization_id', '=', organizationId)
      .where(accessibleBy(ability, 'read', 'User', { organizationPaths: ORGANIZATION_FIELDS.path })),
  );
  return {
    page: (first: number, after: string | null) =>
      scoped
        .selectAll()
        .$if(after !== null, (qb) => qb.where('users.email', '>', after as string))
        .orderBy('users.email')
        .limit(first + 1)
        .execute(),
    count: async () =>
      Number((await scoped.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count),
  };
}
