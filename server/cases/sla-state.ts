import type { CaseRow } from '../db/schema.js';

export interface CaseSlaState {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstRespondedAt: Date | null;
  paused: boolean;
  breached: boolean;
}

/** The SLA as the case row holds it at `now` (the due dates themselves come from the SLA policies). */
export function caseSlaState(row: CaseRow, now: Date): CaseSlaState {
  const responseLate =
    row.first_response_due_at !== null && (row.first_responded_at ?? now) > row.first_response_due_at;
  const resolutionLate = row.resolution_due_at !== null && (row.resolved_at ?? now) > row.resolution_due_at;
  return {
    firstResponseDueAt: row.first_response_due_at,
    resolutionDueAt: row.resolution_due_at,
    firstRespondedAt: row.first_responded_at,
    paused: row.status === 'WAITING_ON_CUSTOMER',
    breached: responseLate || resolutionLate,
  };
}
