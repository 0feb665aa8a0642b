import type { Db } from '../db/database.js';
import type { AdminChangeRow } from '../db/schema.js';
import type { FieldMap } from './scope.js';

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
  | 'PASSWORD_SET'
  | 'PASSWORD_CHANGED'
  | 'ROLE_GRANTED'
  | 'ROLE_REVOKED'
  | 'USER_DEACTIVATED'
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
