import { subject } from '@casl/ability';
import { sql, type Updateable } from 'kysely';
import type { CaseAction } from '../auth/ability.js';
import { caseFiguresPatch } from '../analytics/case-figures.js';
import type { Membership } from '../auth/sessions.js';
import type { Db } from '../db/database.js';
import type { CaseEventRow, CaseRow, CasesTable, Channel, NoteVisibility, Role } from '../db/schema.js';
import type { HubContext as Context } from '../graphql/context.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../graphql/errors.js';
import { queueCustomerNotification } from '../channels/outbox.js';
import { announceCaseEvents, type CaseEventBus } from '../realtime/event-bus.js';

/**
 * The one write path for cases. Every change is one transaction that locks the
 * case row, checks who may do it and the version they saw, updates the row
 * (version + 1) and appends its events; the events are published only after
 * the commit. Nothing else writes `cases` or `case_events`.
 */

export type CaseEventType =
  | 'OPENED'
  | 'NOTE_ADDED'
  | 'CONTACT_LOGGED'
  | 'STATUS_CHANGED'
  | 'ASSIGNED'
  | 'ESCALATED'
  | 'TRANSFERRED'
  | 'CUSTOMER_MESSAGE'
  | 'SURVEY_ANSWERED'
  | 'PRIORITY_CHANGED'
  | 'SLA_WARNING'
  | 'SLA_BREACHED'
  | 'QUALITY_REVIEWED';

export interface EventDraft {
  type: CaseEventType;
  visibility: NoteVisibility;
  channel?: Channel | null;
  body?: string | null;
  data?: Record<string, unknown>;
}

/** Who makes a change: a member of staff acting for an organization, or (null) the customer. */
export interface Actor {
  userId: string | null;
  organizationId: string | null;
  /** The role the person acts in there (staff only). */
  role?: Role | null;
}

export interface CaseChange {
  patch: Updateable<CasesTable>;
  events: EventDraft[];
}

export interface CaseWriteResult {
  case: CaseRow;
  events: CaseEventRow[];
}

export interface WriteDeps {
  db: Db;
  events: CaseEventBus;
}

/** What a case subject looks like to CASL. */
export function caseSubject(
  row: Pick<CaseRow, 'visible_to' | 'assignee_id'>,
  extra: { assigneeId?: string | null } = {},
) {
  return subject('Case', { visibleTo: row.visible_to, currentAssigneeId: row.assignee_id, ...extra });
}

/**
 * A staff member acting on a case: NotFound when they may not see it (exactly
 * as if it did not exist), Forbidden when they may see but not do this.
 */
export function staffActor(context: Context, action: CaseAction, extra: { assigneeId?: string | null } = {}) {
  return (row: CaseRow): Actor => {
    const viewer = context.viewer;
    if (!viewer || !context.ability.can('read', caseSubject(row))) throw new NotFoundError();
    if (!context.ability.can(action, caseSubject(row, extra))) throw new ForbiddenError();
    const acting = actingMembership(viewer.memberships, row);
    return { userId: viewer.id, organizationId: acting?.organizationId ?? null, role: acting?.role ?? null };
  };
}

/** The viewer's membership that gives them this case: the one nearest to the owner. */
function actingMembership(memberships: Membership[], row: CaseRow): Membership | undefined {
  const holders = memberships.filter((m) => row.visible_to.includes(m.organizationId));
  return holders.find((m) => m.organizationId === row.owner_organization_id) ?? holders.at(-1);
}

export async function writeCase(
  deps: WriteDeps,
  target: { caseId: string } | { reference: string },
  options: {
    authorize: (row: CaseRow) => Actor;
    expectedVersion?: number | null | undefined;
    decide: (row: CaseRow, actor: Actor, trx: Db) => CaseChange | Promise<CaseChange>;
  },
): Promise<CaseWriteResult> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('cases')
      .selectAll()
      .$if('caseId' in target, (qb) => qb.where('id', '=', (target as { caseId: string }).caseId))
      .$if('reference' in target, (qb) => qb.where('reference', '=', (target as { reference: string }).reference))
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFoundError();
    const actor = options.authorize(row);
    if (options.expectedVersion != null && options.expectedVersion !== row.version)
      throw new ConflictError(row.version);
    const change = await options.decide(row, actor, trx);
    // Quality figures settled by this change (first response, resolution, escalation, reopen, rating).
    const figures = await caseFiguresPatch(trx, row, change);
    const updated = await trx
      .updateTable('cases')
      .set({ ...change.patch, ...figures, version: row.version + 1, updated_at: sql`now()` })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { case: updated, events: await appendEvents(trx, updated, actor, change.events) };
  });
  publishAfterCommit(deps.events, result.events);
  return result;
}

/** Inserts a new case and its first events in one transaction; the caller's `create` runs inside it. */
export async function createCase(
  deps: WriteDeps,
  create: (trx: Db) => Promise<CaseWriteResult>,
): Promise<CaseWriteResult> {
  const result = await deps.db.transaction().execute(create);
  publishAfterCommit(deps.events, result.events);
  return result;
}

/**
 * Appends a change's events; it must be the transaction's last statement. The
 * ids come from the log's head row, whose lock is then held until commit, so
 * ids follow commit order without gaps (see the migration
 * 202611230900_case_event_log_order). The NOTIFY, ids only, is delivered at
 * commit to every process listening, and never for a rolled-back change.
 */
export async function appendEvents(trx: Db, row: CaseRow, actor: Actor, drafts: EventDraft[]): Promise<CaseEventRow[]> {
  if (drafts.length === 0) return [];
  // The customer's e-mail is committed with the change (outbox), before the log head is locked.
  await queueCustomerNotification(trx, row, drafts);
  const { last_event_id: lastId } = await trx
    .updateTable('case_event_log_head')
    .set((eb) => ({ last_event_id: eb('last_event_id', '+', drafts.length) }))
    .returning('last_event_id')
    .executeTakeFirstOrThrow();
  const firstId = lastId - drafts.length + 1;
  const events = await trx
    .insertInto('case_events')
    .values(
      drafts.map((draft, index) => ({
        id: firstId + index,
        case_id: row.id,
        country_id: row.country_id,
        type: draft.type,
        actor_id: actor.userId,
        actor_role: actor.role ?? null,
        organization_id: actor.organizationId,
        channel: draft.channel ?? null,
        visibility: draft.visibility,
        body: draft.body ?? null,
        data: JSON.stringify(draft.data ?? {}),
      })),
    )
    .returningAll()
    .execute();
  await announceCaseEvents(trx, lastId);
  return events;
}

function publishAfterCommit(bus: CaseEventBus, events: CaseEventRow[]) {
  const last = events.at(-1);
  if (last) bus.committed(last.id);
}

/** Staff activity that counts as the case's first response. */
export function firstResponsePatch(row: CaseRow, now: Date): Updateable<CasesTable> {
  return row.first_responded_at ? {} : { first_responded_at: now };
}
