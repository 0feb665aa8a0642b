import { sql, type Updateable } from 'kysely';
import type { CaseChange, EventDraft } from '../cases/write-path.js';
import type { Db } from '../db/database.js';
import type { CaseRow, CasesTable, OrganizationKind } from '../db/schema.js';
import { CLOCK_EVENT_TYPES } from '../sla/case-clock.js';
import { computeSlaClock, type ClockEvent, type SlaClock } from '../sla/clock.js';
import { loadSettingsSnapshot, type SettingsSnapshot } from '../sla/settings.js';

/**
 * The quality figures of a case, settled by the change that reaches each point
 * and stored on the case row in the same transaction (the write path calls
 * this before it updates the row). Business minutes come from the case's SLA
 * clock at that instant, so they follow each holder's calendar and leave out
 * the time spent waiting on the customer, exactly as `Case.sla` counts them.
 * The metrics query then only aggregates stored numbers.
 */
export async function caseFiguresPatch(trx: Db, row: CaseRow, change: CaseChange): Promise<Updateable<CasesTable>> {
  const drafts = change.events;
  const patch: Updateable<CasesTable> = {};
  const escalations = drafts.filter((draft) => draft.type === 'ESCALATED').length;
  if (escalations > 0) patch.escalation_count = row.escalation_count + escalations;
  const reopens = drafts.filter(isReopen).length;
  if (reopens > 0) {
    patch.reopen_count = row.reopen_count + reopens;
    // No longer resolved: its resolution figures are settled again at the next resolution.
    Object.assign(patch, UNRESOLVED);
  }
  const rated = drafts.some((draft) => draft.type === 'SURVEY_ANSWERED');
  const firstResponse = !row.first_responded_at && Boolean(change.patch.first_responded_at);
  const resolved = drafts.some((draft) => draft.type === 'STATUS_CHANGED' && draft.data?.to === 'RESOLVED');
  if (!rated && !firstResponse && !resolved) return patch;

  // The transaction's time: the instant its events are stamped with.
  const { rows } = await sql<{ now: Date }>`select now() as now`.execute(trx);
  const now = rows[0]?.now ?? new Date();
  if (rated) patch.rated_at = now;
  if (!firstResponse && !resolved) return patch;

  const { clock, snapshot } = await clockAt(trx, row, change, drafts, now);
  const usedMinutes = clock.holdings.reduce((sum, holding) => sum + holding.usedMinutes, 0);
  if (firstResponse) patch.first_response_minutes = usedMinutes;
  if (resolved) {
    patch.resolution_minutes = usedMinutes;
    patch.sla_met =
      clock.firstResponse && clock.resolution ? !clock.firstResponse.breached && !clock.resolution.breached : null;
    Object.assign(patch, levelMinutes(clock, snapshot));
  }
  return patch;
}

const UNRESOLVED = {
  resolution_minutes: null,
  sla_met: null,
  dealer_minutes: null,
  country_minutes: null,
  hq_minutes: null,
} satisfies Updateable<CasesTable>;

function isReopen(draft: EventDraft): boolean {
  return (
    draft.type === 'STATUS_CHANGED' &&
    draft.data?.to === 'OPEN' &&
    (draft.data.from === 'RESOLVED' || draft.data.from === 'CLOSED')
  );
}

/** The case's clock as it stands once this change is made: its history so far plus the change's own events. */
async function clockAt(
  trx: Db,
  row: CaseRow,
  change: CaseChange,
  drafts: EventDraft[],
  now: Date,
): Promise<{ clock: SlaClock; snapshot: SettingsSnapshot }> {
  const after = { ...row, ...change.patch } as CaseRow;
  const [history, snapshot] = await Promise.all([
    trx
      .selectFrom('case_events')
      .select(['type', 'data', 'created_at'])
      .where('case_id', '=', row.id)
      .where('type', 'in', CLOCK_EVENT_TYPES)
      .orderBy('id')
      .execute(),
    loadSettingsSnapshot(trx, [after.origin_organization_id, ...after.holder_ids]),
  ]);
  const events: ClockEvent[] = [
    ...history.map((event) => ({ type: event.type, at: event.created_at, data: event.data })),
    ...drafts.map((draft) => ({ type: draft.type, at: now, data: draft.data ?? {} })),
  ].filter((event) => !event.type.startsWith('SLA_'));
  const clock = computeSlaClock(
    {
      createdAt: row.created_at,
      originOrganizationId: row.origin_organization_id,
      priority: after.priority,
      status: after.status,
      firstRespondedAt: row.first_responded_at ?? (after.first_responded_at ? now : null),
    },
    events,
    snapshot,
    now,
  );
  return { clock, snapshot };
}

const LEVEL_COLUMNS: Record<OrganizationKind, 'dealer_minutes' | 'country_minutes' | 'hq_minutes'> = {
  DEALER: 'dealer_minutes',
  COUNTRY: 'country_minutes',
  HQ: 'hq_minutes',
};

/** Business minutes the case spent at each level; null for a level that never held it. */
function levelMinutes(clock: SlaClock, snapshot: SettingsSnapshot): Updateable<CasesTable> {
  const patch: Updateable<CasesTable> = { dealer_minutes: null, country_minutes: null, hq_minutes: null };
  for (const holding of clock.holdings) {
    const kind = snapshot.organizations.get(holding.organizationId)?.kind;
    if (!kind) continue;
    const column = LEVEL_COLUMNS[kind];
    patch[column] = ((patch[column] as number | null | undefined) ?? 0) + holding.usedMinutes;
  }
  return patch;
}
