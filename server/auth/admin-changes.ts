import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { AdminChangeRow } from '../db/schema.js';
import type { AppAbility } from './ability.js';
import { accessibleBy, type FieldMap } from './scope.js';

/** How the CASL conditions on administrative changes map to columns. */
export const ADMIN_CHANGE_FIELDS: FieldMap = {
  visibleTo: { column: 'admin_changes.visible_to', array: 'uuid[]' },
};

export type AdminAction =
  | 'ORGANIZATION_CREATED'
  | 'ORGANIZATION_UPDATED'
  | 'ORGANIZATION_MOVED'
  | 'ORGANIZATION_DEACTIVATED'
  | 'ORGANIZATION_REACTIVATED'
  | 'USER_INVITED'
  | 'INVITATION_REISSUED'
  | 'PASSWORD_SET'
  | 'PASSWORD_CHANGED'
  | 'ROLE_GRANTED'
  | 'ROLE_REVOKED'
  | 'USER_DEACTIVATED'
  | 'USER_REACTIVATED'
  | 'SESSIONS_REVOKED';

export interface AdminChangeDraft {
  action: AdminAction;
  actorId: string | null;
  organizationId?: string | null;
  userId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Paths (ancestors-or-self) of the organizations concerned, as they are now. */
  paths: string[][];
}

/** Inside the change's own transaction: the audit entry commits with the change, or not at all. */
export async function recordAdminChange(trx: Db, draft: AdminChangeDraft): Promise<AdminChangeRow> {
  return trx
    .insertInto('admin_changes')
    .values({
      action: draft.action,
      actor_id: draft.actorId,
      organization_id: draft.organizationId ?? null,
      user_id: draft.userId ?? null,
      before: draft.before ? JSON.stringify(draft.before) : null,
      after: draft.after ? JSON.stringify(draft.after) : null,
      visible_to: [...new Set(draft.paths.flat())],
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The audit trail as the viewer may read it (scoped in SQL), newest first, optionally
 * only the changes concerning one organization's subtree: a page before `before` and the count.
 */
export function adminChangesOf(db: Db, ability: AppAbility, organizationId: string | null) {
  const scoped = db
    .selectFrom('admin_changes')
    .where(accessibleBy(ability, 'read', 'AdminChange', ADMIN_CHANGE_FIELDS))
    .$if(organizationId !== null, (qb) =>
      qb.where(sql<boolean>`admin_changes.visible_to @> array[${organizationId}]::uuid[]`),
    );
  return {
    page: (first: number, before: number | null) =>
      scoped
        .selectAll()
        .$if(before !== null, (qb) => qb.where('admin_changes.id', '<', before as number))
        .orderBy('admin_changes.id', 'desc')
        .limit(first + 1)
        .execute(),
    count: async () =>
      Number((await scoped.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count),
  };
}
