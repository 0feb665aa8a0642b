import type { Db } from '../db/database.js';
import type { CaseRow } from '../db/schema.js';
import { loadCaseClock } from '../sla/case-clock.js';
import type { SlaClock } from '../sla/clock.js';

/** The customer-facing SLA of a case: the contract's `Case.sla`, also recorded in escalation and transfer events. */
export interface CaseSlaState {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstRespondedAt: Date | null;
  paused: boolean;
  breached: boolean;
  /** Business minutes the resolution clock has run, and those left (negative once late); null without a policy. */
  usedMinutes: number | null;
  leftMinutes: number | null;
}

/** The SLA state from the case's clock (see server/sla/clock.ts). */
export function slaStateOf(row: CaseRow, clock: SlaClock): CaseSlaState {
  return {
    firstResponseDueAt: clock.firstResponse?.dueAt ?? null,
    resolutionDueAt: clock.resolution?.dueAt ?? null,
    firstRespondedAt: row.first_responded_at,
    paused: clock.paused,
    breached: !!clock.firstResponse?.breached || !!clock.resolution?.breached,
    usedMinutes: clock.resolution?.usedMinutes ?? null,
    leftMinutes: clock.resolution?.leftMinutes ?? null,
  };
}

/** The SLA state of a case at `now`; inside a case transaction pass its `trx`. */
export async function caseSlaState(db: Db, row: CaseRow, now: Date): Promise<CaseSlaState> {
  return slaStateOf(row, (await loadCaseClock(db, row, now)).clock);
}
