/**
 * Case histories for the large seed, told the way the write path would have
 * written them: every step is one transaction (one version) with the events
 * and the row changes the real commands make (open, first answer, contacts,
 * notes, assignment, escalation up the tree, waiting on the customer, the
 * customer's reply, resolution, survey, reopening, automatic closing). Steps
 * after `now` never happened: the case is left where its story stands today.
 */
import type {
  CasePriority,
  CaseStatus,
  Channel,
  NoteVisibility,
  OrganizationKind,
  Role,
} from '../../server/db/schema.js';
import { CLOCK_EVENT_TYPES } from '../../server/sla/case-clock.js';
import { DateTime } from 'luxon';
import { WEEKDAYS, type BusinessCalendar } from '../../server/sla/business-time.js';
import { computeSlaClock, type ClockEvent } from '../../server/sla/clock.js';
import { calendarAt, calendarChangesBetween, policyFor, type SettingsSnapshot } from '../../server/sla/settings.js';

/** A small, fast, seedable generator (mulberry32): the same seed gives the same data set. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface StoryOrganization {
  id: string;
  kind: OrganizationKind;
  /** Ancestors-or-self, root first. */
  path: string[];
  parentId: string | null;
  countryId: string;
  /** Staff who work its cases (agents), and its managers. */
  agents: StoryUser[];
  managers: StoryUser[];
}

export interface StoryUser {
  id: string;
  name: string;
}

export interface StoryActor {
  userId: string | null;
  organizationId: string | null;
  role: Role | null;
}

export interface StoryEvent {
  type: string;
  visibility: NoteVisibility;
  channel: Channel | null;
  body: string | null;
  data: Record<string, unknown>;
}

/** One transaction of the case: its time, who made it, its events. */
export interface StoryStep {
  at: Date;
  actor: StoryActor;
  events: StoryEvent[];
}

/** The case row as the write path leaves it after the steps that happened. */
export interface StoryCase {
  status: CaseStatus;
  priority: CasePriority;
  channel: Channel;
  originId: string;
  ownerId: string;
  holderIds: string[];
  assigneeId: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: Date | null;
  escalationCount: number;
  reopenCount: number;
  steps: StoryStep[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const PRIORITIES: [CasePriority, number][] = [
  ['LOW', 0.15],
  ['NORMAL', 0.6],
  ['HIGH', 0.2],
  ['URGENT', 0.05],
];
const CHANNELS: [Channel, number][] = [
  ['WALK_IN', 0.25],
  ['PHONE', 0.3],
  ['EMAIL', 0.2],
  ['WEB', 0.15],
  ['CHAT', 0.05],
  ['SOCIAL', 0.03],
  ['EVENT', 0.02],
];

const FIRST_ANSWERS = [
  'Thank you for your message: we are looking into it and will call you back today.',
  'We have booked your car in for a check on the next available slot.',
  'Your request is with our service team; we will keep you posted here.',
];
const INTERNAL_NOTES = [
  'Parts ordered from the regional warehouse.',
  'Checked the service history: last inspection on time.',
  'Warranty extension applies; waiting for approval.',
  'Customer prefers to be called after 17:00.',
];
const CONTACTS = ['Called the customer: no answer, left a message.', 'Called the customer: agreed on next steps.'];
const ESCALATION_REASONS = [
  'Goodwill above the dealer limit.',
  'Repeated fault after two repairs.',
  'Customer asks for the country office.',
];
const RESOLUTIONS = ['Repaired under warranty.', 'Goodwill gesture agreed with the customer.', 'Explained and agreed.'];

export function pickWeighted<T>(random: () => number, choices: [T, number][]): T {
  let roll = random();
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

export function pickOne<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** An exponential wait with this mean, at least one minute. */
function wait(random: () => number, mean: number): number {
  return Math.max(MINUTE, Math.round(-Math.log(1 - random()) * mean));
}

/**
 * Tells one case's story from `createdAt` on. `organizations` resolves ids of
 * the tree (escalation goes to the parent, then possibly further up).
 */
export function tellCaseStory(
  random: () => number,
  origin: StoryOrganization,
  organizations: Map<string, StoryOrganization>,
  createdAt: Date,
  now: Date,
): StoryCase {
  const priority = pickWeighted(random, PRIORITIES);
  const channel = pickWeighted(random, CHANNELS);
  const kase: StoryCase = {
    status: 'NEW',
    priority,
    channel,
    originId: origin.id,
    ownerId: origin.id,
    holderIds: [origin.id],
    assigneeId: null,
    createdAt,
    updatedAt: createdAt,
    version: 1,
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    rating: null,
    ratingComment: null,
    ratedAt: null,
    escalationCount: 0,
    reopenCount: 0,
    steps: [],
  };
  let clock = createdAt.getTime();
  let ended = false;
  const owner = () => organizations.get(kase.ownerId)!;
  const staff = (organization = owner()): StoryActor => ({
    userId: pickOne(random, organization.agents).id,
    organizationId: organization.id,
    role: 'AGENT',
  });
  const customer: StoryActor = { userId: null, organizationId: null, role: null };
  /** Records a step unless it lies in the future; returns whether it happened. */
  const step = (after: number, actor: StoryActor, events: StoryEvent[], apply: (at: Date) => void): boolean => {
    if (ended) return false;
    clock += after;
    if (clock > now.getTime()) {
      ended = true;
      return false;
    }
    const at = new Date(clock);
    kase.steps.push({ at, actor, events });
    if (kase.steps.length > 1) kase.version += 1;
    kase.updatedAt = at;
    apply(at);
    return true;
  };
  const event = (
    type: string,
    visibility: NoteVisibility,
    extra: Partial<Pick<StoryEvent, 'channel' | 'body' | 'data'>> = {},
  ): StoryEvent => ({
    type,
    visibility,
    channel: extra.channel ?? null,
    body: extra.body ?? null,
    data: extra.data ?? {},
  });
  const statusChange = (to: CaseStatus, data: Record<string, unknown> = {}) =>
    event('STATUS_CHANGED', 'PUBLIC', { data: { from: kase.status, to, ...data } });
  const respond = (at: Date) => {
    kase.firstRespondedAt ??= at;
  };

  step(0, staff(), [event('OPENED', 'PUBLIC', { channel, data: { priority } })], () => undefined);
  if (random() < 0.3) {
    const assignee = pickOne(random, origin.agents);
    step(wait(random, 20 * MINUTE), staff(), [assign(assignee)], () => (kase.assigneeId = assignee.id));
  }
  // The first answer: the case opens, often with a public note to the customer.
  if (random() < 0.96) {
    const events = [statusChange('OPEN')];
    if (random() < 0.6) events.push(event('NOTE_ADDED', 'PUBLIC', { body: pickOne(random, FIRST_ANSWERS) }));
    step(wait(random, 5 * HOUR), staff(), events, (at) => {
      kase.status = 'OPEN';
      respond(at);
    });
  }
  for (let n = Math.floor(random() * 3); n > 0; n--) {
    step(
      wait(random, 8 * HOUR),
      staff(),
      [
        event('CONTACT_LOGGED', 'INTERNAL', {
          channel: random() < 0.7 ? 'PHONE' : 'EMAIL',
          body: pickOne(random, CONTACTS),
        }),
      ],
      () => undefined,
    );
  }
  if (random() < 0.5) {
    step(
      wait(random, 6 * HOUR),
      staff(),
      [event('NOTE_ADDED', 'INTERNAL', { body: pickOne(random, INTERNAL_NOTES) })],
      () => undefined,
    );
  }
  // Escalation up the tree: to the parent (a dealer group or the country), sometimes further.
  let escalate = random() < 0.25;
  while (escalate && kase.status !== 'NEW') {
    const from = owner();
    const to = from.parentId ? organizations.get(from.parentId) : undefined;
    if (!to) break;
    const happened = step(
      wait(random, DAY),
      staff(from),
      [
        event('ESCALATED', 'INTERNAL', {
          body: pickOne(random, ESCALATION_REASONS),
          data: { fromOrganizationId: from.id, toOrganizationId: to.id, fromLevel: from.kind, toLevel: to.kind },
        }),
      ],
      () => {
        kase.ownerId = to.id;
        if (!kase.holderIds.includes(to.id)) kase.holderIds.push(to.id);
        kase.assigneeId = null;
        kase.escalationCount += 1;
      },
    );
    if (!happened) break;
    if (random() < 0.5) {
      const assignee = pickOne(random, to.agents);
      step(wait(random, 2 * HOUR), staff(to), [assign(assignee)], () => (kase.assigneeId = assignee.id));
    }
    step(
      wait(random, 4 * HOUR),
      staff(to),
      [event('NOTE_ADDED', 'INTERNAL', { body: pickOne(random, INTERNAL_NOTES) })],
      () => undefined,
    );
    escalate = random() < 0.2;
  }
  // Waiting on the customer, who answers on the status page (which reopens it).
  if (kase.status === 'OPEN' && random() < 0.2) {
    step(
      wait(random, 8 * HOUR),
      staff(),
      [
        statusChange('WAITING_ON_CUSTOMER'),
        event('NOTE_ADDED', 'PUBLIC', { body: 'Could you send us a photo of the dashboard warning?' }),
      ],
      () => (kase.status = 'WAITING_ON_CUSTOMER'),
    );
    if (random() < 0.85) {
      step(
        wait(random, DAY),
        customer,
        [
          event('CUSTOMER_MESSAGE', 'PUBLIC', { channel: 'WEB', body: 'Photo attached, thank you.' }),
          statusChange('OPEN'),
        ],
        () => (kase.status = 'OPEN'),
      );
    }
  }
  if (kase.status === 'NEW' || random() < 0.04) return kase; // never answered, or still being worked on
  let reopened = false;
  for (;;) {
    const resolved = step(
      wait(random, 2 * DAY),
      staff(),
      [statusChange('RESOLVED'), event('NOTE_ADDED', 'PUBLIC', { body: pickOne(random, RESOLUTIONS) })],
      (at) => {
        kase.status = 'RESOLVED';
        kase.resolvedAt = at;
      },
    );
    if (!resolved) return kase;
    if (kase.rating === null && random() < 0.4) {
      const score = pickWeighted(random, [
        [5, 0.45],
        [4, 0.3],
        [3, 0.12],
        [2, 0.07],
        [1, 0.06],
      ] as [number, number][]);
      const comment = random() < 0.3 ? (score >= 4 ? 'Quick and friendly service.' : 'It took too long.') : null;
      step(
        wait(random, 12 * HOUR),
        customer,
        [event('SURVEY_ANSWERED', 'PUBLIC', { channel: 'WEB', body: comment, data: { score } })],
        (at) => {
          kase.rating = score;
          kase.ratingComment = comment;
          kase.ratedAt = at;
        },
      );
    }
    if (reopened || random() >= 0.08) break;
    reopened = true;
    const back = step(
      wait(random, 2 * DAY),
      customer,
      [event('CUSTOMER_MESSAGE', 'PUBLIC', { channel: 'WEB', body: 'The problem is back.' }), statusChange('OPEN')],
      () => {
        kase.status = 'OPEN';
        kase.resolvedAt = null;
        kase.reopenCount += 1;
      },
    );
    if (!back) return kase;
  }
  // Quiet for a week after resolution: the auto-close job closes it.
  const quietDays = 7;
  step(
    quietDays * DAY + wait(random, 10 * MINUTE),
    customer,
    [statusChange('CLOSED', { automatic: true, quietDays })],
    (at) => {
      kase.status = 'CLOSED';
      kase.closedAt = at;
    },
  );
  return kase;

  function assign(assignee: StoryUser): StoryEvent {
    return event('ASSIGNED', 'INTERNAL', { body: assignee.name, data: { from: kase.assigneeId, to: assignee.id } });
  }
}

export interface CaseFigures {
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  slaMet: boolean | null;
  levels: Record<OrganizationKind, number | null>;
}

/**
 * The quality figures that server/analytics/case-figures.ts stores when a case
 * reaches each point, computed with the same SLA clock at that instant.
 */
export function clockFigures(
  kase: StoryCase,
  snapshot: SettingsSnapshot,
  organizations: Map<string, StoryOrganization>,
) {
  const clockAt = (steps: StoryStep[], at: Date, status: StoryCase['status']) => {
    const events: ClockEvent[] = steps.flatMap((step) =>
      step.events
        .filter((event) => CLOCK_EVENT_TYPES.includes(event.type) && !event.type.startsWith('SLA_'))
        .map((event) => ({ type: event.type, at: step.at, data: event.data })),
    );
    return computeSlaClock(
      {
        createdAt: kase.createdAt,
        originOrganizationId: kase.originId,
        priority: kase.priority,
        status,
        firstRespondedAt: kase.firstRespondedAt,
      },
      events,
      snapshot,
      at,
    );
  };
  const used = (clock: ReturnType<typeof clockAt>) => clock.holdings.reduce((sum, h) => sum + h.usedMinutes, 0);
  const figures = {
    firstResponseMinutes: null as number | null,
    resolutionMinutes: null as number | null,
    slaMet: null as boolean | null,
    levels: { DEALER: null, COUNTRY: null, HQ: null } as Record<OrganizationKind, number | null>,
  };
  if (kase.firstRespondedAt) {
    const upTo = kase.steps.filter((step) => step.at <= kase.firstRespondedAt!);
    figures.firstResponseMinutes = used(clockAt(upTo, kase.firstRespondedAt, 'OPEN'));
  }
  if (kase.resolvedAt) {
    const upTo = kase.steps.filter((step) => step.at <= kase.resolvedAt!);
    const clock = clockAt(upTo, kase.resolvedAt, 'RESOLVED');
    figures.resolutionMinutes = used(clock);
    figures.slaMet =
      clock.firstResponse && clock.resolution ? !clock.firstResponse.breached && !clock.resolution.breached : null;
    for (const holding of clock.holdings) {
      const kind = organizations.get(holding.organizationId)?.kind;
      if (kind) figures.levels[kind] = (figures.levels[kind] ?? 0) + holding.usedMinutes;
    }
  }
  return figures;
}

/**
 * Business time over a fixed range, fast: each calendar's openings in the
 * range are laid out once as instants with running totals, so the business
 * minutes between two instants are two binary searches. It counts like
 * server/sla/business-time.ts (the seed checks samples against the real clock).
 */
export class BusinessTimeTable {
  private readonly tables = new Map<string, { starts: Float64Array; ends: Float64Array; before: Float64Array }>();
  private readonly calendars = new Map<string, BusinessCalendar>();
  constructor(
    private readonly fromMs: number,
    private readonly toMs: number,
  ) {}

  /** An organization's calendar, the same over the whole range (refused when a calendar was edited within it). */
  calendarOf(snapshot: SettingsSnapshot, organizationId: string): BusinessCalendar {
    let calendar = this.calendars.get(organizationId);
    if (!calendar) {
      const [from, to] = [new Date(this.fromMs), new Date(this.toMs)];
      if (calendarChangesBetween(snapshot, organizationId, from, to).length) {
        throw new Error('A business calendar was edited within the generated period: the fast count does not apply');
      }
      calendar = calendarAt(snapshot, organizationId, from).calendar;
      this.calendars.set(organizationId, calendar);
    }
    return calendar;
  }

  minutes(calendar: BusinessCalendar, from: number, to: number): number {
    if (to <= from) return 0;
    return (this.openMsUntil(calendar, to) - this.openMsUntil(calendar, from)) / 60_000;
  }

  private openMsUntil(calendar: BusinessCalendar, at: number): number {
    const { starts, ends, before } = this.table(calendar);
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! <= at) low = mid + 1;
      else high = mid;
    }
    const i = low - 1;
    return i < 0 ? 0 : before[i]! + Math.min(at, ends[i]!) - starts[i]!;
  }

  private table(calendar: BusinessCalendar) {
    const key = `${calendar.timeZone}|${JSON.stringify(calendar.weekly)}|${calendar.holidays.join(',')}`;
    let table = this.tables.get(key);
    if (table) return table;
    const holidays = new Set(calendar.holidays);
    const starts: number[] = [];
    const ends: number[] = [];
    const local = DateTime.fromMillis(this.fromMs - 2 * 86_400_000, { zone: calendar.timeZone }).startOf('day');
    for (let day = local; day.toMillis() < this.toMs + 2 * 86_400_000; day = day.plus({ days: 1 })) {
      if (holidays.has(day.toISODate() ?? '')) continue;
      for (const [opens, closes] of calendar.weekly[WEEKDAYS[day.weekday - 1]!] ?? []) {
        const at = (time: string) => {
          const [hours, minutes] = time.split(':').map(Number) as [number, number];
          return hours === 24
            ? day.plus({ days: 1 }).startOf('day').toMillis()
            : day.set({ hour: hours, minute: minutes }).toMillis();
        };
        starts.push(at(opens));
        ends.push(at(closes));
      }
    }
    const before = new Float64Array(starts.length);
    for (let i = 1; i < starts.length; i++) before[i] = before[i - 1]! + ends[i - 1]! - starts[i - 1]!;
    table = { starts: Float64Array.from(starts), ends: Float64Array.from(ends), before };
    this.tables.set(key, table);
    return table;
  }
}

/**
 * The same figures as `clockFigures`, counted with a BusinessTimeTable: the
 * clock's rules (running while NEW or OPEN, paused while waiting on the
 * customer, each holder in its own calendar, targets of the origin's policy)
 * without recomputing calendars for every case.
 */
export function fastFigures(
  kase: StoryCase,
  snapshot: SettingsSnapshot,
  organizations: Map<string, StoryOrganization>,
  time: BusinessTimeTable,
): CaseFigures {
  const figures: CaseFigures = {
    firstResponseMinutes: null,
    resolutionMinutes: null,
    slaMet: null,
    levels: { DEALER: null, COUNTRY: null, HQ: null },
  };
  // Running stretches (holder, from, to), in order, until `end`.
  const running = (end: number) => {
    const stretches: { holderId: string; from: number; to: number }[] = [];
    let from = kase.createdAt.getTime();
    let holderId = kase.originId;
    let runs = true;
    for (const step of kase.steps) {
      const at = step.at.getTime();
      if (at > end) break;
      for (const event of step.events) {
        let nextHolder: string = holderId;
        let nextRuns: boolean = runs;
        if (event.type === 'STATUS_CHANGED') nextRuns = event.data.to === 'NEW' || event.data.to === 'OPEN';
        else if (event.type === 'ESCALATED' || event.type === 'TRANSFERRED')
          nextHolder = event.data.toOrganizationId as string;
        else continue;
        if (runs && at > from) stretches.push({ holderId, from, to: at });
        if (at > from || nextHolder !== holderId) from = at;
        holderId = nextHolder;
        runs = nextRuns;
      }
    }
    if (runs && end > from) stretches.push({ holderId, from, to: end });
    return stretches;
  };
  const minutesOf = (stretch: { holderId: string; from: number; to: number }) =>
    time.minutes(time.calendarOf(snapshot, stretch.holderId), stretch.from, stretch.to);
  const policy = policyFor(snapshot, kase.originId, kase.priority).setting;
  let firstResponseUsed = 0;
  if (kase.firstRespondedAt) {
    firstResponseUsed = running(kase.firstRespondedAt.getTime()).reduce((sum, s) => sum + minutesOf(s), 0);
    figures.firstResponseMinutes = firstResponseUsed;
  }
  if (kase.resolvedAt) {
    let used = 0;
    for (const stretch of running(kase.resolvedAt.getTime())) {
      const minutes = minutesOf(stretch);
      used += minutes;
      const kind = organizations.get(stretch.holderId)!.kind;
      figures.levels[kind] = (figures.levels[kind] ?? 0) + minutes;
    }
    figures.resolutionMinutes = used;
    figures.slaMet = policy
      ? firstResponseUsed <= policy.first_response_minutes && used <= policy.resolution_minutes
      : null;
  }
  return figures;
}
