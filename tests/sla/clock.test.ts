import { describe, expect, it } from 'vitest';
import type { BusinessCalendarSettingRow, CasePriority, CaseStatus, SlaPolicyRow } from '../../server/db/schema.js';
import { computeSlaClock, type ClockEvent } from '../../server/sla/clock.js';
import { calendarAt, policyFor, type SettingsSnapshot } from '../../server/sla/settings.js';

// A small network: HQ (Berlin) > ES > MAD (Madrid), HQ > FR > PAR (Paris), HQ > US > NYC (New York).
const TREE: Array<[id: string, parent: string | null, zone: string]> = [
  ['hq', null, 'Europe/Berlin'],
  ['es', 'hq', 'Europe/Madrid'],
  ['mad', 'es', 'Europe/Madrid'],
  ['fr', 'hq', 'Europe/Paris'],
  ['par', 'fr', 'Europe/Paris'],
  ['us', 'hq', 'America/New_York'],
  ['nyc', 'us', 'America/New_York'],
];
const OFFICE_HOURS = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['08:00', '18:00']] as Array<[string, string]>]),
);

let versionIds = 0;
function calendarVersion(
  organizationId: string,
  validFrom: string,
  fields: Partial<BusinessCalendarSettingRow> = {},
): BusinessCalendarSettingRow {
  versionIds += 1;
  return {
    id: versionIds,
    organization_id: organizationId,
    valid_from: new Date(validFrom),
    cleared: false,
    time_zone: null,
    weekly: OFFICE_HOURS,
    holidays: [],
    locked: false,
    set_by: null,
    ...fields,
  };
}

function policy(organizationId: string, priority: CasePriority, fields: Partial<SlaPolicyRow> = {}): SlaPolicyRow {
  return {
    organization_id: organizationId,
    priority,
    first_response_minutes: 120,
    resolution_minutes: 960,
    level_hold_minutes: 480,
    warning_percent: 80,
    auto_escalate: false,
    locked: false,
    set_by: null,
    updated_at: new Date(),
    ...fields,
  };
}

/** Given: HQ's office hours since 2026, HQ's NORMAL and HIGH policies, plus whatever the test adds. */
function network(extra: { versions?: BusinessCalendarSettingRow[]; policies?: SlaPolicyRow[] } = {}): SettingsSnapshot {
  const organizations = new Map<
    string,
    { id: string; path: string[]; time_zone: string; parent_id: string | null; kind: 'HQ' }
  >();
  for (const [id, parent, zone] of TREE) {
    const parentPath = parent ? (organizations.get(parent)?.path ?? []) : [];
    organizations.set(id, { id, path: [...parentPath, id], time_zone: zone, parent_id: parent, kind: 'HQ' });
  }
  const calendarVersions = new Map<string, BusinessCalendarSettingRow[]>();
  for (const version of [calendarVersion('hq', '2026-01-01T00:00:00Z'), ...(extra.versions ?? [])]) {
    calendarVersions.set(version.organization_id, [...(calendarVersions.get(version.organization_id) ?? []), version]);
  }
  const policies = new Map<string, SlaPolicyRow>();
  for (const p of [
    policy('hq', 'NORMAL'),
    policy('hq', 'HIGH', { first_response_minutes: 60, resolution_minutes: 480 }),
    ...(extra.policies ?? []),
  ]) {
    policies.set(`${p.organization_id}:${p.priority}`, p);
  }
  return { organizations, calendarVersions, policies };
}

const at = (iso: string) => new Date(iso);
const status = (iso: string, to: CaseStatus): ClockEvent => ({ type: 'STATUS_CHANGED', at: at(iso), data: { to } });
const transfer = (iso: string, to: string): ClockEvent => ({
  type: 'TRANSFERRED',
  at: at(iso),
  data: { toOrganizationId: to },
});

function openedAt(
  iso: string,
  origin = 'mad',
  extra: { priority?: CasePriority; status?: CaseStatus; firstRespondedAt?: string } = {},
) {
  return {
    createdAt: at(iso),
    originOrganizationId: origin,
    priority: extra.priority ?? 'NORMAL',
    status: extra.status ?? 'OPEN',
    firstRespondedAt: extra.firstRespondedAt ? at(extra.firstRespondedAt) : null,
  };
}

describe('the SLA clock from a case history', () => {
  // Monday 15 June 2026, Madrid is UTC+2: 09:00 local = 07:00Z.
  const openedMonday9 = openedAt('2026-06-15T07:00:00Z');
  const pausedAt10ResumedTuesday9 = [
    status('2026-06-15T08:00:00Z', 'WAITING_ON_CUSTOMER'),
    status('2026-06-16T07:00:00Z', 'OPEN'),
  ];

  it('stops while waiting on the customer and resumes where it stopped', () => {
    const clock = computeSlaClock(openedMonday9, pausedAt10ResumedTuesday9, network(), at('2026-06-16T08:30:00Z'));
    expect(clock.paused).toBe(false);
    expect(clock.resolution).toMatchObject({ usedMinutes: 150, leftMinutes: 810, breached: false });
    // 810 left from Tuesday 10:30: 450 until 18:00, 360 on Wednesday from 08:00 = 14:00 Madrid.
    expect(clock.resolution?.dueAt?.toISOString()).toBe('2026-06-17T12:00:00.000Z');
    // First response (120 min) ran out at Tuesday 10:00 after 60 minutes on Monday.
    expect(clock.firstResponse).toMatchObject({ usedMinutes: 150, breached: true, warning: true });
    expect(clock.firstResponse?.dueAt?.toISOString()).toBe('2026-06-16T08:00:00.000Z');
  });

  it('while paused it shows the time left and no due time yet', () => {
    const clock = computeSlaClock(
      openedMonday9,
      pausedAt10ResumedTuesday9.slice(0, 1),
      network(),
      at('2026-06-15T14:00:00Z'),
    );
    expect(clock.paused).toBe(true);
    expect(clock.firstResponse).toMatchObject({ usedMinutes: 60, leftMinutes: 60, dueAt: null, breached: false });
    expect(clock.resolution).toMatchObject({ usedMinutes: 60, leftMinutes: 900, dueAt: null });
  });

  it('counts each holder in its own calendar: Madrid, then Paris, then a New York org', () => {
    // Opened in Madrid Monday 16:00; to Paris at 17:00; to New York Tuesday 10:00 Paris time; now 10:00 in New York.
    const clock = computeSlaClock(
      openedAt('2026-06-15T14:00:00Z'),
      [transfer('2026-06-15T15:00:00Z', 'par'), transfer('2026-06-16T08:00:00Z', 'nyc')],
      network(),
      at('2026-06-16T14:00:00Z'),
    );
    expect(clock.holdings.map((h) => [h.organizationId, h.usedMinutes])).toEqual([
      ['mad', 60],
      ['par', 60 + 120],
      ['nyc', 120],
    ]);
    expect(clock.resolution).toMatchObject({ usedMinutes: 360, leftMinutes: 600 });
    // 600 left from 10:00 New York: 480 until 18:00, then 120 on Wednesday = 10:00 EDT.
    expect(clock.resolution?.dueAt?.toISOString()).toBe('2026-06-17T14:00:00.000Z');
    // New York's own hold target: 480 minutes from its first opening, 08:00 EDT, is 16:00 EDT.
    expect(clock.currentLevel).toMatchObject({ targetMinutes: 480, usedMinutes: 120, leftMinutes: 360 });
    expect(clock.currentLevel?.dueAt?.toISOString()).toBe('2026-06-16T20:00:00.000Z');
    expect(clock.currentHolding).toMatchObject({ organizationId: 'nyc', to: null });
  });

  it('a priority change re-targets without losing the time used', () => {
    const history: ClockEvent[] = [{ type: 'PRIORITY_CHANGED', at: at('2026-06-15T07:30:00Z'), data: { to: 'HIGH' } }];
    const now = at('2026-06-15T07:40:00Z');
    const normal = computeSlaClock(openedMonday9, history, network(), now);
    const high = computeSlaClock({ ...openedMonday9, priority: 'HIGH' }, history, network(), now);
    expect(normal.firstResponse).toMatchObject({ usedMinutes: 40, leftMinutes: 80 });
    expect(high.firstResponse).toMatchObject({ usedMinutes: 40, leftMinutes: 20 });
    expect(high.firstResponse?.dueAt?.toISOString()).toBe('2026-06-15T08:00:00.000Z');
    expect(high.resolution?.dueAt?.toISOString()).toBe('2026-06-15T15:00:00.000Z');
  });

  it('a calendar edit applies from the edit on, not to the time already counted', () => {
    // Madrid shortens its hours to 10:00-14:00 from Tuesday on; the case ran an hour on Monday under the old hours.
    const shorter = calendarVersion('mad', '2026-06-15T22:00:00Z', {
      weekly: { tue: [['10:00', '14:00']], wed: [['10:00', '14:00']] },
    });
    const clock = computeSlaClock(
      openedAt('2026-06-15T15:00:00Z'),
      [],
      network({ versions: [shorter] }),
      at('2026-06-16T09:00:00Z'),
    );
    expect(clock.resolution?.usedMinutes).toBe(60 + 60);
  });

  it('a resolved case keeps the time it used and the due time it was held to', () => {
    const clock = computeSlaClock(
      openedAt('2026-06-15T07:00:00Z', 'mad', { status: 'RESOLVED', firstRespondedAt: '2026-06-15T07:30:00Z' }),
      [status('2026-06-15T09:00:00Z', 'RESOLVED')],
      network(),
      at('2026-06-17T12:00:00Z'),
    );
    expect(clock.stopped).toBe(true);
    expect(clock.firstResponse).toMatchObject({ usedMinutes: 30, breached: false });
    expect(clock.firstResponse?.metAt?.toISOString()).toBe('2026-06-15T07:30:00.000Z');
    expect(clock.resolution).toMatchObject({ usedMinutes: 120, breached: false });
    // 960 from Monday 09:00: 540 on Monday, 420 on Tuesday = 15:00 Madrid.
    expect(clock.resolution?.dueAt?.toISOString()).toBe('2026-06-16T13:00:00.000Z');
  });

  it('without any policy there are no targets, only the time held', () => {
    const snapshot = network();
    snapshot.policies.clear();
    const clock = computeSlaClock(openedMonday9, [], snapshot, at('2026-06-15T08:00:00Z'));
    expect(clock).toMatchObject({ firstResponse: null, resolution: null, currentLevel: null });
    expect(clock.currentHolding.usedMinutes).toBe(60);
  });
});

describe('settings inherited down the tree', () => {
  const now = at('2026-06-15T10:00:00Z');

  it('a level without its own calendar uses its nearest ancestor’s, in its own time zone', () => {
    const effective = calendarAt(network(), 'nyc', now);
    expect(effective).toMatchObject({ sourceOrganizationId: 'hq', locked: false });
    expect(effective.calendar).toMatchObject({ timeZone: 'America/New_York', weekly: OFFICE_HOURS });
  });

  it('a level’s own calendar overrides the inherited one for it and below it', () => {
    const spain = calendarVersion('es', '2026-02-01T00:00:00Z', { weekly: { mon: [['09:00', '14:00']] } });
    expect(calendarAt(network({ versions: [spain] }), 'mad', now).sourceOrganizationId).toBe('es');
    expect(calendarAt(network({ versions: [spain] }), 'par', now).sourceOrganizationId).toBe('hq');
  });

  it('a lock above wins over a level’s own setting', () => {
    const lockedHq = calendarVersion('hq', '2026-03-01T00:00:00Z', { locked: true });
    const spain = calendarVersion('es', '2026-02-01T00:00:00Z', { weekly: { mon: [['09:00', '14:00']] } });
    expect(calendarAt(network({ versions: [lockedHq, spain] }), 'mad', now)).toMatchObject({
      sourceOrganizationId: 'hq',
      locked: true,
    });
  });

  it('a cleared calendar inherits again from the moment it was cleared', () => {
    const spain = calendarVersion('es', '2026-02-01T00:00:00Z', { weekly: { mon: [['09:00', '14:00']] } });
    const cleared = calendarVersion('es', '2026-06-01T00:00:00Z', { cleared: true });
    const snapshot = network({ versions: [spain, cleared] });
    expect(calendarAt(snapshot, 'mad', at('2026-05-01T00:00:00Z')).sourceOrganizationId).toBe('es');
    expect(calendarAt(snapshot, 'mad', now).sourceOrganizationId).toBe('hq');
  });

  it('with no calendar anywhere the clock runs around the clock', () => {
    const snapshot = network();
    snapshot.calendarVersions.clear();
    expect(calendarAt(snapshot, 'mad', now)).toMatchObject({ sourceOrganizationId: null });
    expect(calendarAt(snapshot, 'mad', now).calendar.weekly.sun).toEqual([['00:00', '24:00']]);
  });

  it('policies inherit per priority and a locked one cannot be overridden below', () => {
    const spainNormal = policy('es', 'NORMAL', { first_response_minutes: 30 });
    expect(policyFor(network({ policies: [spainNormal] }), 'mad', 'NORMAL').sourceOrganizationId).toBe('es');
    expect(policyFor(network({ policies: [spainNormal] }), 'mad', 'HIGH').sourceOrganizationId).toBe('hq');
    const lockedHq = policy('hq', 'NORMAL', { locked: true });
    expect(policyFor(network({ policies: [lockedHq, spainNormal] }), 'mad', 'NORMAL')).toMatchObject({
      sourceOrganizationId: 'hq',
      locked: true,
    });
    expect(policyFor(network(), 'mad', 'URGENT').setting).toBeNull();
  });
});
