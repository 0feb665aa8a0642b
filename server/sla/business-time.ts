import { DateTime, IANAZone } from 'luxon';

/**
 * Business-time arithmetic: pure functions, no database, no clock. Callers
 * outside this repository rely on these exports; keep their names and meaning.
 *
 * Wall-clock times are turned into instants by Luxon in the calendar's IANA
 * zone, so a DST change is handled by the time-zone database, never by a
 * hand-written offset. An interval's length is measured between those
 * instants: a Sunday 00:00-06:00 shift lasts five real hours on the night the
 * clocks spring forward.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface BusinessCalendar {
  /** IANA, e.g. 'Europe/Madrid'. */
  timeZone: string;
  /** Opening intervals per weekday, local 'HH:MM' (closing may be '24:00'): [['08:00', '18:00']]. */
  weekly: Partial<Record<Weekday, Array<[string, string]>>>;
  /** 'YYYY-MM-DD' in the calendar's zone: closed all day. */
  holidays: string[];
}

const MINUTE_MS = 60_000;
/** A calendar with an opening every week finds one within a year plus its holidays; beyond that it is never open. */
const MAX_CLOSED_DAYS = 3 * 366;
const TIME = /^(\d{2}):(\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Minutes after local midnight, or null when not 'HH:MM' between 00:00 and 24:00. */
function minuteOfDay(time: string): number | null {
  const match = TIME.exec(time);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

/**
 * A calendar date in the calendar's zone. Dates are stepped as plain civil
 * dates (a UTC Date used only as a date counter, never as an instant); only
 * turning a local wall-clock time into an instant involves the zone, via Luxon.
 */
interface CivilDay {
  iso: string;
  /** 0 = Monday. */
  weekday: number;
  year: number;
  month: number;
  day: number;
}

function civilDay(date: Date): CivilDay {
  return {
    iso: date.toISOString().slice(0, 10),
    weekday: (date.getUTCDay() + 6) % 7,
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
  };
}

/** The local date holding the instant `ms`, and the dates after it. */
function* daysFrom(zone: string, ms: number): Generator<CivilDay> {
  const local = DateTime.fromMillis(ms, { zone });
  const counter = new Date(Date.UTC(local.year, local.month - 1, local.day));
  for (;;) {
    yield civilDay(counter);
    counter.setUTCDate(counter.getUTCDate() + 1);
  }
}

function localDateOf(zone: string, ms: number): string {
  return DateTime.fromMillis(ms, { zone }).toISODate() ?? '';
}

// Wall-clock → instant conversions repeat across cases and calls (same zone, same days, same
// opening times): a bounded memo keeps a page of clocks from redoing them.
const instants = new Map<string, number>();
const MAX_MEMO = 50_000;

/** The instant of local time `minute` minutes after midnight on `day` ('24:00' is the next midnight). */
function instantOf(zone: string, day: CivilDay, minute: number): number {
  const key = `${zone}|${day.iso}|${minute}`;
  const known = instants.get(key);
  if (known !== undefined) return known;
  const midnight = DateTime.fromObject({ year: day.year, month: day.month, day: day.day }, { zone });
  const ms =
    minute === 24 * 60
      ? midnight.plus({ days: 1 }).startOf('day').toMillis()
      : midnight.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis();
  if (instants.size >= MAX_MEMO) instants.clear();
  instants.set(key, ms);
  return ms;
}

interface Schedule {
  zone: string;
  weekly: Array<Array<[number, number]>>; // index 0 = Monday, minutes after midnight
  holidays: Set<string>;
}

function scheduleOf(cal: BusinessCalendar): Schedule {
  if (!IANAZone.isValidZone(cal.timeZone)) throw new RangeError(`Unknown time zone ${cal.timeZone}`);
  const weekly = WEEKDAYS.map((day) =>
    (cal.weekly[day] ?? []).map(([opens, closes]): [number, number] => {
      const from = minuteOfDay(opens);
      const to = minuteOfDay(closes);
      if (from === null || to === null || to <= from) throw new RangeError(`Bad opening interval ${opens}-${closes}`);
      return [from, to];
    }),
  );
  if (weekly.every((intervals) => intervals.length === 0)) throw new RangeError('The calendar is never open');
  return {
    zone: cal.timeZone,
    weekly: weekly.map((day) => day.sort((a, b) => a[0] - b[0])),
    holidays: new Set(cal.holidays),
  };
}

/** The opening intervals of one local day, as epoch-ms pairs, in order. */
function openingsOn(schedule: Schedule, day: CivilDay): Array<[number, number]> {
  if (schedule.holidays.has(day.iso)) return [];
  return (schedule.weekly[day.weekday] ?? []).map(([from, to]) => [
    instantOf(schedule.zone, day, from),
    instantOf(schedule.zone, day, to),
  ]);
}

/**
 * The instant `minutes` business minutes after `start`. A start outside
 * business hours counts from the next opening; a target that ends exactly at
 * a closing time is due at that closing time.
 */
export function addBusinessMinutes(start: Date, minutes: number, cal: BusinessCalendar): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`Minutes must be 0 or more, not ${minutes}`);
  const schedule = scheduleOf(cal);
  let remaining = Math.round(minutes * MINUTE_MS);
  const startMs = start.getTime();
  let closedDays = 0;
  for (const day of daysFrom(schedule.zone, startMs)) {
    const openings = openingsOn(schedule, day);
    closedDays = openings.length ? 0 : closedDays + 1;
    if (closedDays > MAX_CLOSED_DAYS) throw new RangeError('The calendar is never open');
    for (const [opens, closes] of openings) {
      const from = Math.max(opens, startMs);
      if (from >= closes) continue;
      if (remaining <= closes - from) return new Date(from + remaining);
      remaining -= closes - from;
    }
  }
  throw new Error('unreachable');
}

/**
 * Business minutes between two instants (0 when `to` is not after `from`).
 * Exact: seconds count as fractions of a minute.
 */
export function businessMinutesBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (toMs <= fromMs) return 0;
  const schedule = scheduleOf(cal);
  const lastDay = localDateOf(schedule.zone, toMs);
  let total = 0;
  for (const day of daysFrom(schedule.zone, fromMs)) {
    if (day.iso > lastDay) break;
    for (const [opens, closes] of openingsOn(schedule, day)) {
      const overlap = Math.min(closes, toMs) - Math.max(opens, fromMs);
      if (overlap > 0) total += overlap;
    }
  }
  return total / MINUTE_MS;
}

export interface CalendarProblem {
  path: string[];
  message: string;
}

/** What is wrong with a calendar, each with the path of the offending field; empty when it is usable. */
export function calendarProblems(cal: BusinessCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (!IANAZone.isValidZone(cal.timeZone)) {
    problems.push({ path: ['timeZone'], message: `Unknown time zone “${cal.timeZone}”` });
  }
  let openings = 0;
  for (const day of WEEKDAYS) {
    const valid: Array<{ index: number; from: number; to: number; label: string }> = [];
    (cal.weekly[day] ?? []).forEach(([opens, closes], index) => {
      const path = ['weekly', day, String(index)];
      const from = minuteOfDay(opens);
      const to = minuteOfDay(closes);
      if (from === null || to === null) problems.push({ path, message: 'Times are HH:MM, from 00:00 to 24:00' });
      else if (to <= from) problems.push({ path, message: 'An interval closes after it opens' });
      else valid.push({ index, from, to, label: `${opens}-${closes}` });
    });
    for (const interval of valid) {
      const earlier = valid.find(
        (other) => other.index < interval.index && other.from < interval.to && interval.from < other.to,
      );
      if (earlier) {
        problems.push({
          path: ['weekly', day, String(interval.index)],
          message: `${interval.label} overlaps ${earlier.label}`,
        });
      }
    }
    openings += valid.length;
  }
  if (openings === 0 && problems.length === 0) {
    problems.push({ path: ['weekly'], message: 'Open at least one interval in the week' });
  }
  cal.holidays.forEach((date, index) => {
    if (!DATE.test(date) || !DateTime.fromISO(date).isValid) {
      problems.push({ path: ['holidays', String(index)], message: `“${date}” is not a date (YYYY-MM-DD)` });
    }
  });
  return problems;
}
