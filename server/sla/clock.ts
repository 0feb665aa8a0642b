import type { CasePriority, CaseStatus } from '../db/schema.js';
import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from './business-time.js';
import { calendarAt, calendarChangesBetween, policyFor, type SettingsSnapshot } from './settings.js';

/**
 * The SLA clock of one case, recomputed from its events every time (never a
 * running counter): the history gives the phases during which the clock ran
 * (NEW, OPEN), was paused (WAITING_ON_CUSTOMER) or stopped (RESOLVED, CLOSED),
 * and who held the case in each. Each running phase is counted in the calendar
 * of its holder, split where that calendar was edited. Targets come from the
 * policies as they are now, at the case's current priority: a priority change
 * or a policy edit re-targets without losing the time used.
 *
 * Customer-facing targets (first response, resolution) follow the policy of the
 * organization where the case was opened; the per-level hold target (OLA)
 * follows the policy of the current holder.
 */

export interface ClockEvent {
  type: string;
  at: Date;
  data: Record<string, unknown>;
}

export interface ClockCase {
  createdAt: Date;
  originOrganizationId: string;
  priority: CasePriority;
  status: CaseStatus;
  firstRespondedAt: Date | null;
}

export interface SlaTarget {
  targetMinutes: number;
  usedMinutes: number;
  /** Negative once late. */
  leftMinutes: number;
  /** When the target is (or was) due; null while paused and not yet late. */
  dueAt: Date | null;
  /** When the target was met (first response given, case resolved); null while it runs. */
  metAt: Date | null;
  warningAt: number;
  /** Used at least the warning share of the target and not met before it. */
  warning: boolean;
  breached: boolean;
}

export interface Holding {
  organizationId: string;
  from: Date;
  /** null for the current holder. */
  to: Date | null;
  /** Business minutes the clock ran while this holder had the case, in its calendar. */
  usedMinutes: number;
}

export interface SlaClock {
  priority: CasePriority;
  paused: boolean;
  /** RESOLVED or CLOSED: no target runs any more. */
  stopped: boolean;
  warningPercent: number | null;
  firstResponse: SlaTarget | null;
  resolution: SlaTarget | null;
  holdings: Holding[];
  currentHolding: Holding;
  /** The current holder's hold target (OLA), if its policy sets one. */
  currentLevel: SlaTarget | null;
  /** The current holder's policy escalates to the parent when its hold target is breached. */
  autoEscalate: boolean;
}

type Phase = 'RUNNING' | 'PAUSED' | 'STOPPED';
const phaseOf = (status: CaseStatus): Phase =>
  status === 'WAITING_ON_CUSTOMER' ? 'PAUSED' : status === 'RESOLVED' || status === 'CLOSED' ? 'STOPPED' : 'RUNNING';

/** A stretch of time with one holder and one phase. */
interface Stretch {
  from: Date;
  to: Date;
  holderId: string;
  phase: Phase;
}

/** A running piece of time counted in one calendar. */
interface Piece {
  from: Date;
  to: Date;
  calendar: BusinessCalendar;
  holderId: string;
}

function stretchesOf(kase: ClockCase, events: ClockEvent[], now: Date): Stretch[] {
  const stretches: Stretch[] = [];
  let from = kase.createdAt;
  let holderId = kase.originOrganizationId;
  let phase: Phase = 'RUNNING';
  for (const event of events) {
    let nextHolder: string = holderId;
    let nextPhase: Phase = phase;
    if (event.type === 'STATUS_CHANGED' && typeof event.data.to === 'string') {
      nextPhase = phaseOf(event.data.to as CaseStatus);
    } else if (
      (event.type === 'ESCALATED' || event.type === 'TRANSFERRED') &&
      typeof event.data.toOrganizationId === 'string'
    ) {
      nextHolder = event.data.toOrganizationId;
    } else continue;
    const at = event.at < from ? from : event.at > now ? now : event.at;
    if (at > from) stretches.push({ from, to: at, holderId, phase });
    if (at > from || nextHolder !== holderId) from = at;
    holderId = nextHolder;
    phase = nextPhase;
  }
  stretches.push({ from, to: now < from ? from : now, holderId, phase });
  return stretches;
}

function piecesOf(snapshot: SettingsSnapshot, stretch: Stretch): Piece[] {
  const cuts = [
    stretch.from,
    ...calendarChangesBetween(snapshot, stretch.holderId, stretch.from, stretch.to),
    stretch.to,
  ];
  return cuts.slice(0, -1).map((from, index) => ({
    from,
    to: cuts[index + 1] ?? stretch.to,
    calendar: calendarAt(snapshot, stretch.holderId, from).calendar,
    holderId: stretch.holderId,
  }));
}

/**
 * Counts running time against a target until `metAt` (or now), and finds the
 * instant the target is due: inside the history when it was crossed, else
 * projected from now (running) or from when it was met; unknown while paused.
 */
function measure(
  pieces: Piece[],
  targetMinutes: number,
  warningPercent: number,
  options: { metAt: Date | null; paused: boolean; now: Date; calendarNow: BusinessCalendar },
): SlaTarget {
  const end = options.metAt ?? options.now;
  let used = 0;
  let dueAt: Date | null = null;
  let lastCalendar = options.calendarNow;
  for (const piece of pieces) {
    if (piece.from >= end) break;
    const to = piece.to > end ? end : piece.to;
    const minutes = businessMinutesBetween(piece.from, to, piece.calendar);
    if (!dueAt && used + minutes >= targetMinutes && minutes > 0) {
      dueAt = addBusinessMinutes(piece.from, targetMinutes - used, piece.calendar);
    }
    used += minutes;
    lastCalendar = piece.calendar;
  }
  if (!dueAt && options.metAt) dueAt = addBusinessMinutes(options.metAt, targetMinutes - used, lastCalendar);
  else if (!dueAt && !options.paused)
    dueAt = addBusinessMinutes(options.now, targetMinutes - used, options.calendarNow);
  const warningAt = (targetMinutes * warningPercent) / 100;
  return {
    targetMinutes,
    usedMinutes: used,
    leftMinutes: targetMinutes - used,
    dueAt,
    metAt: options.metAt,
    warningAt,
    warning: used >= warningAt,
    breached: used > targetMinutes,
  };
}

export function computeSlaClock(
  kase: ClockCase,
  events: ClockEvent[],
  snapshot: SettingsSnapshot,
  now: Date,
): SlaClock {
  // The row holds the current priority; earlier priorities do not matter, elapsed time does.
  const currentPriority = kase.priority;
  const stretches = stretchesOf(kase, events, now);
  const last = stretches[stretches.length - 1];
  if (!last) throw new Error('A clock always has a stretch');
  const pieces = stretches.filter((s) => s.phase === 'RUNNING').flatMap((s) => piecesOf(snapshot, s));
  const paused = last.phase === 'PAUSED';
  const stopped = last.phase === 'STOPPED';

  // Holdings: consecutive stretches with one holder.
  const holdings: Holding[] = [];
  for (const stretch of stretches) {
    const previous = holdings[holdings.length - 1];
    if (previous && previous.organizationId === stretch.holderId) previous.to = stretch.to;
    else holdings.push({ organizationId: stretch.holderId, from: stretch.from, to: stretch.to, usedMinutes: 0 });
  }
  for (const piece of pieces) {
    const holding = holdings.findLast((h) => h.organizationId === piece.holderId && h.from <= piece.from);
    if (holding) holding.usedMinutes += businessMinutesBetween(piece.from, piece.to, piece.calendar);
  }
  const currentHolding = holdings[holdings.length - 1];
  if (!currentHolding) throw new Error('A clock always has a holder');
  currentHolding.to = null;

  const calendarNow = calendarAt(snapshot, last.holderId, now).calendar;
  const customerPolicy = policyFor(snapshot, kase.originOrganizationId, currentPriority).setting;
  const resolvedAt = stopped ? (stretches.findLast((s) => s.phase !== 'STOPPED')?.to ?? last.from) : null;
  const common = { paused, now, calendarNow };
  const firstResponse = customerPolicy
    ? measure(pieces, customerPolicy.first_response_minutes, customerPolicy.warning_percent, {
        ...common,
        metAt: kase.firstRespondedAt ?? resolvedAt,
      })
    : null;
  const resolution = customerPolicy
    ? measure(pieces, customerPolicy.resolution_minutes, customerPolicy.warning_percent, {
        ...common,
        metAt: resolvedAt,
      })
    : null;

  const levelPolicy = policyFor(snapshot, currentHolding.organizationId, currentPriority).setting;
  const holdMinutes = levelPolicy?.level_hold_minutes ?? null;
  const currentLevel =
    levelPolicy && holdMinutes !== null
      ? measure(
          pieces.filter((p) => p.from >= currentHolding.from),
          holdMinutes,
          levelPolicy.warning_percent,
          { ...common, metAt: resolvedAt },
        )
      : null;

  return {
    priority: currentPriority,
    paused,
    stopped,
    warningPercent: customerPolicy?.warning_percent ?? null,
    firstResponse,
    resolution,
    holdings,
    currentHolding,
    currentLevel,
    autoEscalate: levelPolicy?.auto_escalate ?? false,
  };
}
