import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  calendarProblems,
  type BusinessCalendar,
} from '../../server/sla/business-time.js';

const weekdays = (intervals: Array<[string, string]>) => ({
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
});

const madrid: BusinessCalendar = {
  timeZone: 'Europe/Madrid',
  weekly: weekdays([['08:00', '18:00']]),
  holidays: ['2026-12-25', '2027-01-01'],
};
const newYork: BusinessCalendar = {
  timeZone: 'America/New_York',
  weekly: weekdays([['09:00', '17:00']]),
  holidays: [],
};
const madridSplitShift: BusinessCalendar = {
  timeZone: 'Europe/Madrid',
  weekly: weekdays([
    ['09:00', '13:30'],
    ['15:00', '19:00'],
  ]),
  holidays: [],
};
// Open on Sunday nights, so that the DST change itself falls inside business hours.
const madridSundayNights: BusinessCalendar = {
  timeZone: 'Europe/Madrid',
  weekly: { sun: [['00:00', '06:00']] },
  holidays: [],
};
const aroundTheClock: BusinessCalendar = {
  timeZone: 'UTC',
  weekly: { ...weekdays([['00:00', '24:00']]), sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] },
  holidays: [],
};

const addCases: Array<{ name: string; calendar: BusinessCalendar; start: string; minutes: number; due: string }> = [
  {
    name: 'Madrid, spring forward weekend: Friday 17:00 CET + 2 h is Monday 09:00 CEST',
    calendar: madrid,
    start: '2026-03-27T16:00:00Z',
    minutes: 120,
    due: '2026-03-30T07:00:00Z',
  },
  {
    name: 'Madrid, fall back weekend: Friday 17:30 CEST + 1 h is Monday 08:30 CET',
    calendar: madrid,
    start: '2026-10-23T15:30:00Z',
    minutes: 60,
    due: '2026-10-26T07:30:00Z',
  },
  {
    name: 'New York, spring forward weekend: Friday 16:00 EST + 2 h is Monday 10:00 EDT',
    calendar: newYork,
    start: '2026-03-06T21:00:00Z',
    minutes: 120,
    due: '2026-03-09T14:00:00Z',
  },
  {
    name: 'New York, fall back weekend: Friday 16:30 EDT + 1 h is Monday 09:30 EST',
    calendar: newYork,
    start: '2026-10-30T20:30:00Z',
    minutes: 60,
    due: '2026-11-02T14:30:00Z',
  },
  {
    name: 'the night Madrid springs forward has five real hours between 00:00 and 06:00',
    calendar: madridSundayNights,
    start: '2026-03-28T23:00:00Z',
    minutes: 300,
    due: '2026-03-29T04:00:00Z',
  },
  {
    name: 'the night Madrid falls back has seven real hours between 00:00 and 06:00',
    calendar: madridSundayNights,
    start: '2026-10-24T22:00:00Z',
    minutes: 420,
    due: '2026-10-25T05:00:00Z',
  },
  {
    name: 'Christmas is skipped: Thursday 24th 17:00 + 2 h is Monday 28th 09:00',
    calendar: madrid,
    start: '2026-12-24T16:00:00Z',
    minutes: 120,
    due: '2026-12-28T08:00:00Z',
  },
  {
    name: 'year end: New Year’s Eve 17:00 + 2 h skips New Year’s Day and the weekend to Monday 4 January 09:00',
    calendar: madrid,
    start: '2026-12-31T16:00:00Z',
    minutes: 120,
    due: '2027-01-04T08:00:00Z',
  },
  {
    name: 'split shift: 13:00 + 1 h is 30 min before the break and 30 min after it, 15:30',
    calendar: madridSplitShift,
    start: '2026-06-15T11:00:00Z',
    minutes: 60,
    due: '2026-06-15T13:30:00Z',
  },
  {
    name: 'split shift: a target ending exactly at the break is due at 13:30, not at 15:00',
    calendar: madridSplitShift,
    start: '2026-06-15T11:00:00Z',
    minutes: 30,
    due: '2026-06-15T11:30:00Z',
  },
  {
    name: 'a target ending exactly at closing time is due at 18:00, not at the next opening',
    calendar: madrid,
    start: '2026-06-15T15:00:00Z',
    minutes: 60,
    due: '2026-06-15T16:00:00Z',
  },
  {
    name: 'ten weeks of business minutes from Monday 08:00 end at the tenth Friday 18:00',
    calendar: madrid,
    start: '2026-06-01T06:00:00Z',
    minutes: 30_000,
    due: '2026-08-07T16:00:00Z',
  },
  {
    name: 'zero minutes inside business hours is the start itself',
    calendar: madrid,
    start: '2026-06-15T10:17:00Z',
    minutes: 0,
    due: '2026-06-15T10:17:00Z',
  },
  {
    name: 'zero minutes on a Saturday is Monday’s opening',
    calendar: madrid,
    start: '2026-06-13T10:00:00Z',
    minutes: 0,
    due: '2026-06-15T06:00:00Z',
  },
  {
    name: 'a start before opening counts from the opening: Monday 06:00 + 30 min is 08:30',
    calendar: madrid,
    start: '2026-06-15T04:00:00Z',
    minutes: 30,
    due: '2026-06-15T06:30:00Z',
  },
  {
    name: 'a start after closing counts from the next morning',
    calendar: madrid,
    start: '2026-06-15T19:00:00Z',
    minutes: 45,
    due: '2026-06-16T06:45:00Z',
  },
  {
    name: 'far in the future: New Year’s Eve 2099 (a Thursday) 17:00 + 2 h',
    calendar: madrid,
    start: '2099-12-31T16:00:00Z',
    minutes: 120,
    due: '2100-01-01T08:00:00Z',
  },
  {
    name: 'far in the past: Friday 31 December 1999 17:00 + 2 h is Monday 3 January 2000 09:00',
    calendar: madrid,
    start: '1999-12-31T16:00:00Z',
    minutes: 120,
    due: '2000-01-03T08:00:00Z',
  },
  {
    name: 'a calendar open around the clock counts plain minutes across midnight',
    calendar: aroundTheClock,
    start: '2026-06-15T23:30:00Z',
    minutes: 90,
    due: '2026-06-16T01:00:00Z',
  },
];

describe('addBusinessMinutes', () => {
  it.each(addCases)('$name', ({ calendar, start, minutes, due }) => {
    expect(addBusinessMinutes(new Date(start), minutes, calendar).toISOString()).toBe(new Date(due).toISOString());
  });

  it('refuses negative or non-finite minutes', () => {
    expect(() => addBusinessMinutes(new Date('2026-06-15T10:00:00Z'), -1, madrid)).toThrow(RangeError);
    expect(() => addBusinessMinutes(new Date('2026-06-15T10:00:00Z'), Number.NaN, madrid)).toThrow(RangeError);
  });

  it('refuses a calendar that is never open instead of looping forever', () => {
    expect(() =>
      addBusinessMinutes(new Date('2026-06-15T10:00:00Z'), 10, { timeZone: 'Europe/Madrid', weekly: {}, holidays: [] }),
    ).toThrow(RangeError);
  });
});

const betweenCases: Array<{ name: string; calendar: BusinessCalendar; from: string; to: string; minutes: number }> = [
  {
    name: 'across the Madrid spring forward weekend',
    calendar: madrid,
    from: '2026-03-27T16:00:00Z',
    to: '2026-03-30T07:00:00Z',
    minutes: 120,
  },
  {
    name: 'across the New York fall back weekend',
    calendar: newYork,
    from: '2026-10-30T20:30:00Z',
    to: '2026-11-02T14:30:00Z',
    minutes: 60,
  },
  {
    name: 'over the whole Sunday night when Madrid springs forward',
    calendar: madridSundayNights,
    from: '2026-03-28T12:00:00Z',
    to: '2026-03-30T12:00:00Z',
    minutes: 300,
  },
  {
    name: 'over the whole Sunday night when Madrid falls back',
    calendar: madridSundayNights,
    from: '2026-10-24T12:00:00Z',
    to: '2026-10-26T12:00:00Z',
    minutes: 420,
  },
  {
    name: 'over Christmas to the next Monday noon',
    calendar: madrid,
    from: '2026-12-24T16:00:00Z',
    to: '2026-12-28T11:00:00Z',
    minutes: 60 + 240,
  },
  {
    name: 'over the year end',
    calendar: madrid,
    from: '2026-12-31T16:00:00Z',
    to: '2027-01-04T08:00:00Z',
    minutes: 120,
  },
  {
    name: 'a split-shift day counts both shifts and not the break',
    calendar: madridSplitShift,
    from: '2026-06-15T00:00:00Z',
    to: '2026-06-15T22:00:00Z',
    minutes: 270 + 240,
  },
  {
    name: 'entirely outside business hours is zero',
    calendar: madrid,
    from: '2026-06-13T08:00:00Z',
    to: '2026-06-14T20:00:00Z',
    minutes: 0,
  },
  {
    name: 'the same instant is zero',
    calendar: madrid,
    from: '2026-06-15T10:00:00Z',
    to: '2026-06-15T10:00:00Z',
    minutes: 0,
  },
  { name: 'backwards is zero', calendar: madrid, from: '2026-06-15T12:00:00Z', to: '2026-06-15T10:00:00Z', minutes: 0 },
  {
    name: 'a whole week from Monday 00:00 to the next Monday 00:00 is five days of ten hours',
    calendar: madrid,
    from: '2026-06-14T22:00:00Z',
    to: '2026-06-21T22:00:00Z',
    minutes: 3000,
  },
  {
    name: 'a whole leap year 2028 around the clock',
    calendar: aroundTheClock,
    from: '2028-01-01T00:00:00Z',
    to: '2029-01-01T00:00:00Z',
    minutes: 366 * 1440,
  },
];

describe('businessMinutesBetween', () => {
  it.each(betweenCases)('$name', ({ calendar, from, to, minutes }) => {
    expect(businessMinutesBetween(new Date(from), new Date(to), calendar)).toBe(minutes);
  });

  it('is the inverse of addBusinessMinutes for a due time inside business hours', () => {
    for (const { calendar, start, minutes, due } of addCases) {
      expect(businessMinutesBetween(new Date(start), new Date(due), calendar)).toBe(minutes);
    }
  });

  it('counts seconds as fractions of a minute rather than rounding them away', () => {
    expect(businessMinutesBetween(new Date('2026-06-15T10:00:30Z'), new Date('2026-06-15T10:05:00Z'), madrid)).toBe(
      4.5,
    );
  });
});

describe('calendarProblems', () => {
  it('accepts a valid split-shift calendar', () => {
    expect(calendarProblems(madridSplitShift)).toEqual([]);
  });

  it('names an unknown time zone, a malformed time, a backwards interval, overlaps and bad holidays', () => {
    const problems = calendarProblems({
      timeZone: 'Europe/Atlantis',
      weekly: {
        mon: [
          ['09:00', '13:00'],
          ['12:00', '15:00'],
        ],
        tue: [['9am', '17:00']],
        wed: [['18:00', '08:00']],
      },
      holidays: ['2026-02-30', '2026-05-01'],
    });
    expect(problems).toEqual([
      { path: ['timeZone'], message: 'Unknown time zone “Europe/Atlantis”' },
      { path: ['weekly', 'mon', '1'], message: '12:00-15:00 overlaps 09:00-13:00' },
      { path: ['weekly', 'tue', '0'], message: 'Times are HH:MM, from 00:00 to 24:00' },
      { path: ['weekly', 'wed', '0'], message: 'An interval closes after it opens' },
      { path: ['holidays', '0'], message: '“2026-02-30” is not a date (YYYY-MM-DD)' },
    ]);
  });

  it('requires at least one opening in the week', () => {
    expect(calendarProblems({ timeZone: 'UTC', weekly: {}, holidays: [] })).toEqual([
      { path: ['weekly'], message: 'Open at least one interval in the week' },
    ]);
  });
});
