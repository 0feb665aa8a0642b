import type { CaseStatus } from '../db/schema.js';
import { InvalidTransitionError } from '../graphql/errors.js';

/** The moves the contract allows; anything else is an InvalidTransitionError. */
export const STATUS_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  NEW: ['OPEN', 'WAITING_ON_CUSTOMER', 'RESOLVED'],
  OPEN: ['WAITING_ON_CUSTOMER', 'RESOLVED'],
  WAITING_ON_CUSTOMER: ['OPEN', 'RESOLVED'],
  RESOLVED: ['CLOSED', 'OPEN'],
  CLOSED: [],
};

export function assertTransition(from: CaseStatus, to: CaseStatus): void {
  if (!STATUS_TRANSITIONS[from].includes(to)) throw new InvalidTransitionError(from, to);
}

/** Statuses in which the case is still being worked on. */
export const ACTIVE_STATUSES: readonly CaseStatus[] = ['NEW', 'OPEN', 'WAITING_ON_CUSTOMER'];

/** Timestamps that follow from entering a status. */
export function statusTimestamps(to: CaseStatus, now: Date): { resolved_at?: Date | null; closed_at?: Date } {
  if (to === 'RESOLVED') return { resolved_at: now };
  if (to === 'CLOSED') return { closed_at: now };
  if (to === 'OPEN') return { resolved_at: null };
  return {};
}
