import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { createCaseEventBus, type CaseEventNotice } from '../../server/realtime/event-bus.js';
import { createSlaScheduler, SCHEDULER_LOCK_KEY, type SlaScheduler } from '../../server/sla/scheduler.js';
import { caseByReference, caseMutation, openCaseAs, organizationIds } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';

const MINUTE = 60_000;
const ALL_DAY = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].map((day) => ({
  day,
  opens: '00:00',
  closes: '24:00',
}));

describe.each(ENGINES)('SLA scheduler with a fixed clock on %s', (engine) => {
  let hub: TestHub;
  let scheduler: SlaScheduler;

  beforeAll(async () => {
    hub = await startHub(engine);
    const orgs = await organizationIds(hub);
    const admin = await hub.login('hq.admin@demo.test');
    // Given: HQ counts around the clock, so business minutes are plain minutes;
    // NORMAL: first response 60, resolution 600, one level may hold it 120, warning at half;
    // URGENT: a level holding it over 120 minutes hands it to its parent by itself.
    const settings = await hub.gql(
      `mutation ($calendar: SetBusinessCalendarInput!, $normal: SetSlaPolicyInput!, $urgent: SetSlaPolicyInput!) {
        setBusinessCalendar(input: $calendar) { __typename }
        normal: setSlaPolicy(input: $normal) { __typename }
        urgent: setSlaPolicy(input: $urgent) { __typename } }`,
      {
        calendar: { organizationId: orgs.get('HQ'), weekly: ALL_DAY, holidays: [] },
        normal: {
          organizationId: orgs.get('HQ'),
          priority: 'NORMAL',
          firstResponseMinutes: 60,
          resolutionMinutes: 600,
          levelHoldMinutes: 120,
          warningPercent: 50,
        },
        urgent: {
          organizationId: orgs.get('HQ'),
          priority: 'URGENT',
          firstResponseMinutes: 600,
          resolutionMinutes: 6000,
          levelHoldMinutes: 120,
          warningPercent: 90,
          autoEscalate: true,
        },
      },
      admin,
    );
    expect(settings.data).toEqual({
      setBusinessCalendar: { __typename: 'SetBusinessCalendarPayload' },
      normal: { __typename: 'SetSlaPolicyPayload' },
      urgent: { __typename: 'SetSlaPolicyPayload' },
    });
    scheduler = createSlaScheduler({ db: hub.database.db, events: hub.events, engine });
  });
  afterAll(() => hub?.close());

  async function caseRow(reference: string) {
    return hub.database.db
      .selectFrom('cases')
      .select(['id', 'created_at'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
  }
  async function slaEvents(reference: string) {
    const { id } = await caseRow(reference);
    const rows = await hub.database.db
      .selectFrom('case_events')
      .select(['type', 'data', 'body'])
      .where('case_id', '=', id)
      .where('type', 'in', ['SLA_WARNING', 'SLA_BREACHED', 'ESCALATED'])
      .orderBy('id')
      .execute();
    return rows.map((r) => `${r.type} ${String(r.data.target ?? (r.data.automatic ? 'automatic' : 'by hand'))}`);
  }
  const minutesAfter = async (reference: string, minutes: number) =>
    new Date((await caseRow(reference)).created_at.getTime() + minutes * MINUTE);

  it('warns once at half the first-response time, records the breach once, then warns the level', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const heard: CaseEventNotice[] = [];
    const unsubscribe = hub.events.subscribe((notices) => heard.push(...notices));

    await scheduler.tick(await minutesAfter(opened.reference, 29));
    expect(await slaEvents(opened.reference)).toEqual([]);

    await scheduler.tick(await minutesAfter(opened.reference, 31));
    await scheduler.tick(await minutesAfter(opened.reference, 32));
    expect(await slaEvents(opened.reference)).toEqual(['SLA_WARNING FIRST_RESPONSE']);

    await scheduler.tick(await minutesAfter(opened.reference, 61));
    await scheduler.tick(await minutesAfter(opened.reference, 70));
    expect(await slaEvents(opened.reference)).toEqual([
      'SLA_WARNING FIRST_RESPONSE',
      'SLA_BREACHED FIRST_RESPONSE',
      'SLA_WARNING LEVEL',
    ]);
    // They reached the event bus, as every other change does, so subscribers see them live.
    const { id } = await caseRow(opened.reference);
    await expect.poll(() => heard.filter((n) => n.caseId === id).length).toBe(3);
    unsubscribe();

    const token = await hub.login('mad.agent@demo.test');
    const breached = await hub.gql<{ cases: { edges: { node: { reference: string } }[] } }>(
      `query ($b: Boolean) { cases(filter: { breached: $b }, first: 100) { edges { node { reference } } } }`,
      { b: true },
      token,
    );
    expect(breached.data?.cases.edges.map((e) => e.node.reference)).toContain(opened.reference);
    const onTime = await hub.gql<{ cases: { edges: { node: { reference: string } }[] } }>(
      `query ($b: Boolean) { cases(filter: { breached: $b }, first: 100) { edges { node { reference } } } }`,
      { b: false },
      token,
    );
    expect(onTime.data?.cases.edges.map((e) => e.node.reference)).not.toContain(opened.reference);
  });

  it('a case waiting on the customer raises nothing however long it waits', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const waiting = await caseMutation(hub, await hub.login('mad.agent@demo.test'), 'changeCaseStatus', {
      caseId: opened.id,
      status: 'WAITING_ON_CUSTOMER',
    });
    expect(waiting.case?.sla.paused).toBe(true);
    await scheduler.tick(await minutesAfter(opened.reference, 10_000));
    expect(await slaEvents(opened.reference)).toEqual([]);
  });

  it('an urgent case held too long by the dealer goes up to the country by itself', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test', { priority: 'URGENT' });
    await scheduler.tick(await minutesAfter(opened.reference, 100));
    expect(await slaEvents(opened.reference)).toEqual([]);
    await scheduler.tick(await minutesAfter(opened.reference, 121));
    expect(await slaEvents(opened.reference)).toEqual(['SLA_BREACHED LEVEL', 'ESCALATED automatic']);
    const now = await caseByReference(hub, 'es.agent@demo.test', opened.reference);
    expect(now).toMatchObject({
      owner: { code: 'ES' },
      level: 'COUNTRY',
      holders: [{ code: 'ES-MAD' }, { code: 'ES' }],
    });
  });

  // Two processes share a database on PostgreSQL only (embedded PGlite serves one): no such case on PGlite.
  if (engine === 'postgres')
    it('with two server processes only the one holding the lock runs a pass, and each alert is recorded once', async () => {
      const url = hub.database.pool?.options.connectionString;
      if (!url) throw new Error('no PostgreSQL url');
      const other = await openDatabase({ databaseUrl: url, dataDir: '' });
      const otherEvents = createCaseEventBus(other.db, {});
      const processB = createSlaScheduler({ db: other.db, events: otherEvents, engine: 'postgres' });
      try {
        const opened = await openCaseAs(hub, 'mad.agent@demo.test');
        const at = await minutesAfter(opened.reference, 31);

        // Given another process is in the middle of a pass (it holds the lock):
        const busy = new pg.Client({ connectionString: url });
        await busy.connect();
        await busy.query('select pg_advisory_lock($1)', [SCHEDULER_LOCK_KEY]);
        expect(await scheduler.tick(at)).toEqual({ ran: false, recorded: 0 });
        expect(await slaEvents(opened.reference)).toEqual([]);
        await busy.end();

        // When both processes tick at once, the warning is recorded once.
        const results = await Promise.all([scheduler.tick(at), processB.tick(at)]);
        expect(results.some((r) => r.ran)).toBe(true);
        expect(await slaEvents(opened.reference)).toEqual(['SLA_WARNING FIRST_RESPONSE']);
      } finally {
        await otherEvents.close();
        await other.close();
      }
    });
});
