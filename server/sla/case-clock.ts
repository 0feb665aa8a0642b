import type { Db } from '../db/database.js';
import type { CaseRow } from '../db/schema.js';
import { computeSlaClock, type ClockEvent, type SlaClock } from './clock.js';
import { loadSettingsSnapshot } from './settings.js';

/** The events that move the clock (phases, holders) and those that record what the scheduler already said. */
export const CLOCK_EVENT_TYPES = ['STATUS_CHANGED', 'ESCALATED', 'TRANSFERRED', 'SLA_WARNING', 'SLA_BREACHED'];

export interface CaseClock {
  clock: SlaClock;
  /** The case's SLA_WARNING / SLA_BREACHED events so far. */
  alerts: ClockEvent[];
}

/**
 * The SLA clocks of several cases at `now`, in three queries whatever their
 * number. Pass `trx` inside a case transaction (PGlite has one connection).
 */
export async function loadCaseClocks(db: Db, rows: CaseRow[], now: Date): Promise<Map<string, CaseClock>> {
  const clocks = new Map<string, CaseClock>();
  if (rows.length === 0) return clocks;
  const [events, snapshot] = await Promise.all([
    db
      .selectFrom('case_events')
      .select(['case_id', 'type', 'data', 'created_at'])
      .where(
        'case_id',
        'in',
        rows.map((r) => r.id),
      )
      .where('type', 'in', CLOCK_EVENT_TYPES)
      .orderBy('id')
      .execute(),
    loadSettingsSnapshot(
      db,
      rows.flatMap((r) => [r.origin_organization_id, ...r.holder_ids]),
    ),
  ]);
  const byCase = new Map<string, ClockEvent[]>();
  for (const event of events) {
    const list = byCase.get(event.case_id) ?? [];
    list.push({ type: event.type, at: event.created_at, data: event.data });
    byCase.set(event.case_id, list);
  }
  for (const row of rows) {
    const history = byCase.get(row.id) ?? [];
    const clock = computeSlaClock(
      {
        createdAt: row.created_at,
        originOrganizationId: row.origin_organization_id,
        priority: row.priority,
        status: row.status,
        firstRespondedAt: row.first_responded_at,
      },
      history.filter((e) => !e.type.startsWith('SLA_')),
      snapshot,
      now,
    );
    clocks.set(row.id, { clock, alerts: history.filter((e) => e.type.startsWith('SLA_')) });
  }
  return clocks;
}

export async function loadCaseClock(db: Db, row: CaseRow, now: Date): Promise<CaseClock> {
  const clock = (await loadCaseClocks(db, [row], now)).get(row.id);
  if (!clock) throw new Error(`No clock for case ${row.id}`);
  return clock;
}
