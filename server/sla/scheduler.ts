import { sql, type SqlBool } from 'kysely';
import { escalationChange } from '../cases/escalation.js';
import { writeCase, type CaseChange, type EventDraft, type WriteDeps } from '../cases/write-path.js';
import type { Db } from '../db/database.js';
import type { CaseRow } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../graphql/errors.js';
import { periodicJob, type PeriodicJob } from '../jobs/periodic-job.js';
import { logger } from '../http/logger.js';
import { loadCaseClock, loadCaseClocks } from './case-clock.js';
import type { ClockEvent, SlaClock, SlaTarget } from './clock.js';

/**
 * Watches the clocks of running cases and records, once each, an SLA_WARNING
 * and an SLA_BREACHED event per target: the first response, the resolution,
 * and the current holder's hold target (once per holding). Each goes through
 * the one write path, so it reaches every screen in real time. A holder whose
 * policy says so hands the case to its parent when its hold target breaches,
 * in the same transaction.
 *
 * Time is a parameter: `runSlaPass(deps, now)` is what tests call with a fixed clock.
 */

export type SlaTargetName = 'FIRST_RESPONSE' | 'RESOLUTION' | 'LEVEL';
const SYSTEM = { userId: null, organizationId: null };
const BATCH = 200;
/** Any constant shared by every process: the key of the advisory lock that elects the one scheduler. */
export const SCHEDULER_LOCK_KEY = 5_170_0001;

export interface SlaAlert {
  type: 'SLA_WARNING' | 'SLA_BREACHED';
  target: SlaTargetName;
  state: SlaTarget;
  /** For LEVEL: the holder and since when it holds the case. */
  organizationId?: string;
  holdingSince?: string;
}

const LABELS: Record<SlaTargetName, string> = {
  FIRST_RESPONSE: 'First response',
  RESOLUTION: 'Resolution',
  LEVEL: 'This level’s hold time',
};

/** The alerts a clock calls for that have not been recorded yet. */
export function dueAlerts(clock: SlaClock, recorded: ClockEvent[]): SlaAlert[] {
  const holding = {
    organizationId: clock.currentHolding.organizationId,
    holdingSince: clock.currentHolding.from.toISOString(),
  };
  const targets: Array<[SlaTargetName, SlaTarget | null, Partial<SlaAlert>]> = [
    ['FIRST_RESPONSE', clock.firstResponse, {}],
    ['RESOLUTION', clock.resolution, {}],
    ['LEVEL', clock.currentLevel, holding],
  ];
  const has = (type: SlaAlert['type'], target: SlaTargetName, extra: Partial<SlaAlert>) =>
    recorded.some(
      (e) =>
        e.type === type &&
        e.data.target === target &&
        (target !== 'LEVEL' || e.data.holdingSince === extra.holdingSince),
    );
  const alerts: SlaAlert[] = [];
  for (const [target, state, extra] of targets) {
    if (!state) continue;
    if (state.breached) {
      if (!has('SLA_BREACHED', target, extra)) alerts.push({ type: 'SLA_BREACHED', target, state, ...extra });
    } else if (state.warning && !state.metAt && !has('SLA_WARNING', target, extra)) {
      alerts.push({ type: 'SLA_WARNING', target, state, ...extra });
    }
  }
  return alerts;
}

function alertEvent(alert: SlaAlert): EventDraft {
  const { state } = alert;
  const due = state.dueAt ? ` (due ${state.dueAt.toISOString()})` : '';
  const body =
    alert.type === 'SLA_BREACHED'
      ? `${LABELS[alert.target]} target of ${state.targetMinutes} business minutes missed${due}`
      : `${LABELS[alert.target]}: ${Math.floor(state.usedMinutes)} of ${state.targetMinutes} business minutes used${due}`;
  return {
    type: alert.type,
    visibility: 'INTERNAL',
    body,
    data: {
      target: alert.target,
      targetMinutes: state.targetMinutes,
      usedMinutes: state.usedMinutes,
      dueAt: state.dueAt?.toISOString() ?? null,
      ...(alert.organizationId ? { organizationId: alert.organizationId, holdingSince: alert.holdingSince } : {}),
    },
  };
}

class NothingToRecord extends Error {}

/** Records what one case's clock calls for, re-checked under the case's lock so each alert is recorded once. */
async function recordAlerts(deps: WriteDeps, caseId: string, now: Date): Promise<number> {
  try {
    const result = await writeCase(
      deps,
      { caseId },
      {
        authorize: () => SYSTEM,
        decide: async (row, _actor, trx): Promise<CaseChange> => {
          const { clock, alerts: recorded } = await loadCaseClock(trx, row, now);
          const alerts = dueAlerts(clock, recorded);
          if (alerts.length === 0) throw new NothingToRecord();
          const change: CaseChange = {
            // The row keeps the due times as last computed, for SQL readers (lists, reports).
            patch: {
              first_response_due_at: clock.firstResponse?.dueAt ?? null,
              resolution_due_at: clock.resolution?.dueAt ?? null,
            },
            events: alerts.map(alertEvent),
          };
          const levelBreach = alerts.find((a) => a.type === 'SLA_BREACHED' && a.target === 'LEVEL');
          if (levelBreach && clock.autoEscalate) {
            const escalation = await automaticEscalation(trx, row, levelBreach);
            if (escalation)
              return {
                patch: { ...change.patch, ...escalation.patch },
                events: [...change.events, ...escalation.events],
              };
          }
          return change;
        },
      },
    );
    return result.events.length;
  } catch (error) {
    if (error instanceof NothingToRecord || error instanceof NotFoundError) return 0;
    throw error;
  }
}

async function automaticEscalation(trx: Db, row: CaseRow, breach: SlaAlert) {
  try {
    return await escalationChange(trx, row, {
      reason: `Escalated automatically: held longer than ${breach.state.targetMinutes} business minutes`,
      data: { automatic: true },
    });
  } catch (error) {
    // The top of the network has no one above it: the breach is recorded, nothing moves.
    if (error instanceof ValidationError) return null;
    throw error;
  }
}

/** Running cases (NEW or OPEN) in a stable order, a batch after `cursor`. */
function runningCases(db: Db, cursor: CaseRow | null): Promise<CaseRow[]> {
  let query = db.selectFrom('cases').selectAll().where('status', 'in', ['NEW', 'OPEN']);
  if (cursor) {
    query = query.where(sql<SqlBool>`(created_at, id) > (${cursor.created_at}::timestamptz, ${cursor.id}::uuid)`);
  }
  return query.orderBy('created_at').orderBy('id').limit(BATCH).execute();
}

/** One pass over every running case; returns how many cases it looked at and how many events it recorded. */
export async function runSlaPass(deps: WriteDeps, now: Date): Promise<{ checked: number; recorded: number }> {
  let checked = 0;
  let recorded = 0;
  let cursor: CaseRow | null = null;
  for (;;) {
    const rows = await runningCases(deps.db, cursor);
    const clocks = await loadCaseClocks(deps.db, rows, now);
    for (const row of rows) {
      const loaded = clocks.get(row.id);
      if (loaded && dueAlerts(loaded.clock, loaded.alerts).length > 0)
        recorded += await recordAlerts(deps, row.id, now);
    }
    checked += rows.length;
    cursor = rows.at(-1) ?? null;
    if (!cursor || rows.length < BATCH) return { checked, recorded };
  }
}

export interface SlaScheduler extends PeriodicJob {
  /** Runs one pass if this process holds the scheduler lock; `ran` says whether it did. */
  tick(now?: Date): Promise<{ ran: boolean; recorded: number }>;
}

/**
 * On PostgreSQL several processes may run; each pass first takes a
 * session-level advisory lock on a connection of its own, and a process that
 * does not get it skips the pass. PGlite is one process: it runs in-process.
 */
export function createSlaScheduler(deps: WriteDeps & { engine: 'postgres' | 'pglite' }): SlaScheduler {
  async function tick(now = new Date()) {
    if (deps.engine === 'pglite') return { ran: true, recorded: (await runSlaPass(deps, now)).recorded };
    return deps.db.connection().execute(async (connection) => {
      const { rows } = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_lock(${SCHEDULER_LOCK_KEY}) as locked`.execute(connection);
      if (!rows[0]?.locked) return { ran: false, recorded: 0 };
      try {
        return { ran: true, recorded: (await runSlaPass(deps, now)).recorded };
      } finally {
        await sql`select pg_advisory_unlock(${SCHEDULER_LOCK_KEY})`.execute(connection);
      }
    });
  }
  const job = periodicJob('SLA pass', async () => {
    const { recorded } = await tick();
    if (recorded) logger.info({ recorded }, 'SLA warnings and breaches recorded');
  });
  return { tick, ...job };
}
