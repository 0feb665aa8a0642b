import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseMutation, openCaseAs, organizationIds } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';

const CALENDAR = `organization { code } timeZone weekly { day opens closes } holidays { date name }
  source { code } locked ownSince`;
const RESULT = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }`;

interface Calendar {
  organization: { code: string };
  timeZone: string;
  weekly: { day: string; opens: string; closes: string }[];
  holidays: { date: string; name: string | null }[];
  source: { code: string } | null;
  locked: boolean;
  ownSince: string | null;
}
interface PolicySetting {
  priority: string;
  source: { code: string } | null;
  locked: boolean;
  own: boolean;
  policy: { firstResponseMinutes: number; resolutionMinutes: number; levelHoldMinutes: number | null } | null;
}
type Result = { __typename: string; message?: string; fieldErrors?: { path: string[]; message: string }[] };

const officeHours = (opens: string, closes: string) =>
  ['MON', 'TUE', 'WED', 'THU', 'FRI'].map((day) => ({ day, opens, closes }));

describe.each(ENGINES)('SLA settings inherited down the tree on %s', (engine) => {
  let hub: TestHub;
  let orgs: Map<string, string>;
  beforeAll(async () => {
    hub = await startHub(engine);
    orgs = await organizationIds(hub);
  });
  afterAll(() => hub?.close());

  const org = (code: string) => orgs.get(code) ?? `missing ${code}`;

  async function calendarOf(email: string, code: string): Promise<Calendar | null> {
    const result = await hub.gql<{ businessCalendar: Calendar | null }>(
      `query ($id: ID!) { businessCalendar(organizationId: $id) { ${CALENDAR} } }`,
      { id: org(code) },
      await hub.login(email),
    );
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data?.businessCalendar ?? null;
  }

  async function setCalendar(email: string, input: Record<string, unknown>): Promise<Result & { calendar?: Calendar }> {
    const result = await hub.gql<{ setBusinessCalendar: Result & { calendar?: Calendar } }>(
      `mutation ($input: SetBusinessCalendarInput!) { setBusinessCalendar(input: $input) {
        ${RESULT} ... on SetBusinessCalendarPayload { calendar { ${CALENDAR} } } } }`,
      { input: { holidays: [], ...input } },
      await hub.login(email),
    );
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.setBusinessCalendar;
  }

  async function policiesOf(email: string, code: string): Promise<PolicySetting[] | null> {
    const result = await hub.gql<{ slaPolicies: PolicySetting[] | null }>(
      `query ($id: ID!) { slaPolicies(organizationId: $id) {
        priority source { code } locked own policy { firstResponseMinutes resolutionMinutes levelHoldMinutes } } }`,
      { id: org(code) },
      await hub.login(email),
    );
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data?.slaPolicies ?? null;
  }

  async function setPolicy(email: string, input: Record<string, unknown>): Promise<Result> {
    const result = await hub.gql<{ setSlaPolicy: Result }>(
      `mutation ($input: SetSlaPolicyInput!) { setSlaPolicy(input: $input) { ${RESULT} } }`,
      { input },
      await hub.login(email),
    );
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.setSlaPolicy;
  }

  it('a dealer without its own calendar counts in HQ’s office hours, in its own time zone', async () => {
    const calendar = await calendarOf('es.manager@demo.test', 'ES-MAD');
    expect(calendar).toMatchObject({
      timeZone: 'Europe/Madrid',
      source: { code: 'HQ' },
      locked: false,
      ownSince: null,
    });
    expect(calendar?.weekly).toEqual(officeHours('08:00', '18:00'));
    expect((await calendarOf('hq.admin@demo.test', 'FR-PAR'))?.timeZone).toBe('Europe/Paris');
  });

  it('only managers and administrators of the organization or above read and set its settings', async () => {
    expect(await calendarOf('mad.agent@demo.test', 'ES-MAD')).toBeNull();
    expect(await calendarOf('hq.quality@demo.test', 'ES-MAD')).toBeNull();
    expect(await calendarOf('es.manager@demo.test', 'FR-PAR')).toBeNull();
    expect(await policiesOf('mad.agent@demo.test', 'ES-MAD')).toBeNull();
    const agent = await setCalendar('mad.agent@demo.test', {
      organizationId: org('ES-MAD'),
      weekly: officeHours('09:00', '17:00'),
    });
    expect(agent.__typename).toBe('ForbiddenError');
    const outsider = await setCalendar('es.manager@demo.test', {
      organizationId: org('FR-PAR'),
      weekly: officeHours('09:00', '17:00'),
    });
    expect(outsider.__typename).toBe('NotFoundError');
    const above = await setCalendar('es.manager@demo.test', {
      organizationId: org('HQ'),
      weekly: officeHours('09:00', '17:00'),
    });
    expect(above.__typename).toBe('ForbiddenError');
    expect((await calendarOf('hq.admin@demo.test', 'HQ'))?.weekly).toEqual(officeHours('08:00', '18:00'));
  });

  it('refuses overlapping intervals, an unknown time zone and a bad holiday, naming each field, and stores nothing', async () => {
    const result = await setCalendar('es.manager@demo.test', {
      organizationId: org('ES'),
      timeZone: 'Europe/Atlantis',
      weekly: [
        { day: 'MON', opens: '09:00', closes: '14:00' },
        { day: 'MON', opens: '13:00', closes: '19:00' },
        { day: 'TUE', opens: '18:00', closes: '08:00' },
      ],
      holidays: [{ date: '2026-13-01', name: 'Nope' }],
    });
    expect(result.__typename).toBe('ValidationError');
    expect(result.fieldErrors).toEqual([
      { path: ['timeZone'], message: 'Unknown time zone “Europe/Atlantis”' },
      { path: ['weekly', '1'], message: '13:00-19:00 overlaps 09:00-14:00' },
      { path: ['weekly', '2'], message: 'An interval closes after it opens' },
      { path: ['holidays', '0'], message: '“2026-13-01” is not a date (YYYY-MM-DD)' },
    ]);
    expect((await calendarOf('es.manager@demo.test', 'ES'))?.source).toEqual({ code: 'HQ' });
  });

  it('a country’s own split-shift calendar applies to its dealers, not to another country; clearing it inherits again', async () => {
    const set = await setCalendar('es.manager@demo.test', {
      organizationId: org('ES'),
      weekly: [
        { day: 'MON', opens: '15:00', closes: '19:00' },
        { day: 'MON', opens: '09:00', closes: '13:30' },
      ],
      holidays: [{ date: '2026-10-12', name: 'Fiesta Nacional' }],
    });
    expect(set.__typename).toBe('SetBusinessCalendarPayload');
    const madrid = await calendarOf('es.manager@demo.test', 'ES-MAD');
    expect(madrid).toMatchObject({
      source: { code: 'ES' },
      holidays: [{ date: '2026-10-12', name: 'Fiesta Nacional' }],
    });
    expect(madrid?.weekly).toEqual([
      { day: 'MON', opens: '09:00', closes: '13:30' },
      { day: 'MON', opens: '15:00', closes: '19:00' },
    ]);
    expect((await calendarOf('hq.admin@demo.test', 'FR-PAR'))?.source).toEqual({ code: 'HQ' });

    const cleared = await hub.gql<{ clearBusinessCalendar: Result & { calendar?: Calendar } }>(
      `mutation ($input: ClearBusinessCalendarInput!) { clearBusinessCalendar(input: $input) {
        ${RESULT} ... on ClearBusinessCalendarPayload { calendar { ${CALENDAR} } } } }`,
      { input: { organizationId: org('ES') } },
      await hub.login('es.manager@demo.test'),
    );
    expect(cleared.data?.clearBusinessCalendar.calendar).toMatchObject({ source: { code: 'HQ' }, ownSince: null });
  });

  it('a calendar locked at HQ applies everywhere and no level below can set its own', async () => {
    const locked = await setCalendar('hq.admin@demo.test', {
      organizationId: org('HQ'),
      weekly: officeHours('08:00', '18:00'),
      locked: true,
    });
    expect(locked.__typename).toBe('SetBusinessCalendarPayload');
    const refused = await setCalendar('es.manager@demo.test', {
      organizationId: org('ES'),
      weekly: officeHours('10:00', '14:00'),
    });
    expect(refused).toMatchObject({ __typename: 'ForbiddenError', message: expect.stringContaining('Acme Motors HQ') });
    expect(await calendarOf('es.manager@demo.test', 'ES-MAD')).toMatchObject({ source: { code: 'HQ' }, locked: true });
    // HQ unlocks: Spain may set its own again.
    await setCalendar('hq.admin@demo.test', { organizationId: org('HQ'), weekly: officeHours('08:00', '18:00') });
    expect(
      (await setCalendar('es.manager@demo.test', { organizationId: org('ES'), weekly: officeHours('10:00', '14:00') }))
        .__typename,
    ).toBe('SetBusinessCalendarPayload');
  });

  it('policies inherit per priority; a lock above stops a country from overriding one', async () => {
    const spainNormal = await setPolicy('es.manager@demo.test', {
      organizationId: org('ES'),
      priority: 'NORMAL',
      firstResponseMinutes: 240,
      resolutionMinutes: 1200,
    });
    expect(spainNormal.__typename).toBe('SetSlaPolicyPayload');
    const madrid = await policiesOf('es.manager@demo.test', 'ES-MAD');
    expect(madrid?.find((p) => p.priority === 'NORMAL')).toMatchObject({
      source: { code: 'ES' },
      own: false,
      policy: { firstResponseMinutes: 240, resolutionMinutes: 1200, levelHoldMinutes: null },
    });
    expect(madrid?.find((p) => p.priority === 'HIGH')?.source).toEqual({ code: 'HQ' });

    const lockHigh = await setPolicy('hq.admin@demo.test', {
      organizationId: org('HQ'),
      priority: 'HIGH',
      firstResponseMinutes: 60,
      resolutionMinutes: 600,
      locked: true,
    });
    expect(lockHigh.__typename).toBe('SetSlaPolicyPayload');
    const refused = await setPolicy('es.manager@demo.test', {
      organizationId: org('ES'),
      priority: 'HIGH',
      firstResponseMinutes: 600,
      resolutionMinutes: 6000,
    });
    expect(refused.__typename).toBe('ForbiddenError');
    expect((await policiesOf('es.manager@demo.test', 'ES-MAD'))?.find((p) => p.priority === 'HIGH')).toMatchObject({
      source: { code: 'HQ' },
      locked: true,
      policy: { firstResponseMinutes: 60 },
    });
  });

  it('refuses negative targets and a first response due after the resolution', async () => {
    const negative = await setPolicy('es.manager@demo.test', {
      organizationId: org('ES'),
      priority: 'LOW',
      firstResponseMinutes: -5,
      resolutionMinutes: 600,
    });
    expect(negative).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['firstResponseMinutes'], message: 'At least 1 minute' }],
    });
    const backwards = await setPolicy('es.manager@demo.test', {
      organizationId: org('ES'),
      priority: 'LOW',
      firstResponseMinutes: 700,
      resolutionMinutes: 600,
    });
    expect(backwards).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['firstResponseMinutes'] }],
    });
    expect((await policiesOf('es.manager@demo.test', 'ES'))?.find((p) => p.priority === 'LOW')?.source).toEqual({
      code: 'HQ',
    });
  });

  it('a priority change re-targets an open case to the new priority; a sibling dealer cannot change it', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const token = await hub.login('mad.agent@demo.test');
    const changed = await caseMutation(hub, token, 'changeCasePriority', {
      caseId: opened.id,
      priority: 'URGENT',
      reason: 'Car stuck on the motorway',
    });
    expect(changed.case?.priority).toBe('URGENT');
    const sla = await hub.gql<{
      case: {
        sla: {
          resolution: { targetMinutes: number; usedMinutes: number } | null;
          currentLevel: { targetMinutes: number } | null;
        };
      };
    }>(
      `query ($r: String!) { case(reference: $r) { sla { resolution { targetMinutes usedMinutes } currentLevel { targetMinutes } } } }`,
      { r: opened.reference },
      token,
    );
    // URGENT at HQ: 600 minutes to resolve, 240 for one level to hold it.
    expect(sla.data?.case.sla.resolution?.targetMinutes).toBe(600);
    expect(sla.data?.case.sla.currentLevel?.targetMinutes).toBe(240);
    const sibling = await caseMutation(hub, await hub.login('bcn.agent@demo.test'), 'changeCasePriority', {
      caseId: opened.id,
      priority: 'LOW',
    });
    expect(sibling.__typename).toBe('NotFoundError');
  });
});
