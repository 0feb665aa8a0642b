import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineAbility, type AppAbility } from '../../server/auth/ability.js';
import { rebuildMetricRollups } from '../../server/analytics/metric-rollups.js';
import { computeMetrics, computeTimeline, type Period } from '../../server/analytics/metrics.js';
import { CHANNELS, type OrganizationRow } from '../../server/db/schema.js';
import { adminOk } from '../admin/admin-support.js';
import { caseMutation, openCaseAs, organizationIds, type CaseView } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';

const DAY = 86_400_000;
/** Who works a case wherever it is owned. */
const AGENT_AT: Record<string, string> = {
  'ES-MAD': 'mad.agent@demo.test',
  'ES-BCN': 'bcn.agent@demo.test',
  'FR-PAR': 'par.agent@demo.test',
  ES: 'es.agent@demo.test',
  FR: 'fr.agent@demo.test',
  HQ: 'hq.admin@demo.test',
};

type Command =
  | { kind: 'open'; at: 'ES-MAD' | 'ES-BCN' | 'FR-PAR'; channel: (typeof CHANNELS)[number] }
  | { kind: 'respond' | 'wait' | 'resolve' | 'escalate' | 'message' | 'rate'; pick: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('open' as const),
      at: fc.constantFrom('ES-MAD' as const, 'ES-BCN' as const, 'FR-PAR' as const),
      channel: fc.constantFrom(...CHANNELS),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        'respond' as const,
        'wait' as const,
        'resolve' as const,
        'escalate' as const,
        'message' as const,
        'rate' as const,
      ),
      pick: fc.nat(),
    }),
  },
);

describe.each(ENGINES)('metric roll-up cells on %s', (engine) => {
  let hub: TestHub;
  let globalIds: Map<string, string>;
  const cases: { view: CaseView; owner: string }[] = [];

  const organization = (code: string): Promise<OrganizationRow> =>
    hub.database.db.selectFrom('organizations').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  /** An auditor at HQ: reads every case, so the metrics come from the cells. */
  const headquarters = async (): Promise<AppAbility> =>
    defineAbility([
      { userId: randomUUID(), organizationId: (await organization('HQ')).id, ancestorIds: [], role: 'AUDITOR' },
    ]);
  /** Periods cut every way: partial days only, whole days, weeks, whole months with weeks, days and partial days around them. */
  function periods(): Period[] {
    const now = Date.now();
    const today = Math.floor(now / DAY) * DAY;
    return [
      { from: new Date(now - 3_600_000), to: new Date(now + 2 * DAY) },
      { from: new Date(today - 3 * DAY), to: new Date(today + 7 * DAY) },
      { from: new Date(now - 45 * DAY), to: new Date(now + 45 * DAY) },
      { from: new Date(now - 10 * DAY), to: new Date(now - 5 * DAY) },
    ];
  }

  /** The same figures from the roll-up cells as from the case rows, for HQ, each country and each dealer. */
  async function expectCellsToMatchCaseRows() {
    const ability = await headquarters();
    for (const code of ['HQ', 'ES']) {
      const org = await organization(code);
      for (const period of periods()) {
        const fromCells = await computeMetrics(hub.database.db, ability, org, period);
        const fromCaseRows = await computeMetrics(hub.database.db, ability, org, period, { caseRows: true });
        expect(fromCells, `${code} ${period.from.toISOString()} – ${period.to.toISOString()}`).toEqual(fromCaseRows);
        for (const bucket of ['DAY', 'WEEK', 'MONTH'] as const)
          for (const zone of ['Europe/Madrid', 'America/Mexico_City', 'Asia/Kolkata'])
            expect(
              await computeTimeline(hub.database.db, ability, { ...org, time_zone: zone }, period, bucket),
              `${code} ${bucket} in ${zone}`,
            ).toEqual(
              await computeTimeline(hub.database.db, ability, { ...org, time_zone: zone }, period, bucket, {
                caseRows: true,
              }),
            );
      }
    }
  }

  /** Every non-empty cell, as kept incrementally; zeroed cells left behind by changes do not count. */
  async function nonEmptyCells() {
    const db = hub.database.db;
    const cells = await sql<
      Record<string, unknown>
    >`select * from metric_cells order by organization_id, grain, start`.execute(db);
    const histograms = await sql`select * from metric_histograms where count <> 0
      order by organization_id, grain, start, measure, bucket`.execute(db);
    const hours = await sql`select * from metric_hours where opened <> 0 or resolved <> 0
      order by organization_id, hour`.execute(db);
    const backlog = await sql`select * from metric_backlog where count <> 0
      order by organization_id, status, created_on`.execute(db);
    const empty = (row: Record<string, unknown>) =>
      Object.entries(row).every(([key, value]) => ['organization_id', 'grain', 'start'].includes(key) || value === 0);
    return {
      cells: cells.rows.filter((row) => !empty(row)),
      histograms: histograms.rows,
      hours: hours.rows,
      backlog: backlog.rows,
    };
  }

  async function expectRebuildToChangeNothing() {
    const kept = await nonEmptyCells();
    await rebuildMetricRollups(hub.database.db);
    expect(await nonEmptyCells()).toEqual(kept);
  }

  async function run(step: Command) {
    if (step.kind === 'open') {
      const view = await openCaseAs(hub, AGENT_AT[step.at] as string, { channel: step.channel });
      cases.push({ view, owner: step.at });
      return;
    }
    const target = cases[step.pick % Math.max(1, cases.length)];
    if (!target) return;
    const { view } = target;
    const agent = await hub.login(AGENT_AT[target.owner] as string);
    const customer = { reference: view.reference, accessCode: view.accessCode };
    // Steps that do not apply to the case's state are refused and change nothing, like any refused change.
    const result = await {
      respond: () => caseMutation(hub, agent, 'addCaseNote', { caseId: view.id, body: 'On it', visibility: 'PUBLIC' }),
      wait: () => caseMutation(hub, agent, 'changeCaseStatus', { caseId: view.id, status: 'WAITING_ON_CUSTOMER' }),
      resolve: async () => {
        await caseMutation(hub, agent, 'changeCaseStatus', { caseId: view.id, status: 'OPEN' });
        return caseMutation(hub, agent, 'changeCaseStatus', { caseId: view.id, status: 'RESOLVED' });
      },
      escalate: () => caseMutation(hub, agent, 'escalateCase', { caseId: view.id, reason: 'Needs the country' }),
      message: () =>
        hub.gql('mutation ($i: AddPublicMessageInput!) { addPublicMessage(input: $i) { status } }', {
          i: { ...customer, body: 'Any news?' },
        }),
      rate: () =>
        hub.gql('mutation ($i: RateCaseInput!) { rateCase(input: $i) { rating } }', {
          i: { ...customer, score: 1 + (step.pick % 5) },
        }),
    }[step.kind]();
    const owner = 'case' in result ? result.case?.owner.code : undefined;
    if (owner) target.owner = owner;
  }

  beforeAll(async () => {
    hub = await startHub(engine);
    globalIds = await organizationIds(hub);
    // HQ counts around the clock, so business minutes are real minutes whatever the hour the suite runs at.
    const calendar = await hub.gql(
      'mutation ($c: SetBusinessCalendarInput!) { setBusinessCalendar(input: $c) { __typename } }',
      {
        c: {
          organizationId: globalIds.get('HQ'),
          weekly: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].map((day) => ({
            day,
            opens: '00:00',
            closes: '24:00',
          })),
          holidays: [],
        },
      },
      await hub.login('hq.admin@demo.test'),
    );
    expect(calendar.errors).toBeUndefined();
  }, 60_000);
  afterAll(() => hub?.close());

  it('after any mix of case changes, the cells give the figures the case rows give, and a rebuild changes no cell', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 8, maxLength: 20 }), async (steps) => {
        for (const step of steps) await run(step);
        await expectCellsToMatchCaseRows();
        await expectRebuildToChangeNothing();
      }),
      { seed: 20261124, numRuns: 6, endOnFailure: true },
    );
    const hq = await computeMetrics(
      hub.database.db,
      await headquarters(),
      await organization('HQ'),
      periods()[2] as Period,
    );
    // The mix reached every point the figures count.
    expect(hq.figures.casesOpened).toBe(cases.length);
    expect(hq.figures).toMatchObject({
      casesResolved: expect.any(Number),
      escalationRate: expect.any(Number),
      csatAverage: expect.any(Number),
      reopenRate: expect.any(Number),
    });
    expect(hq.figures.casesResolved).toBeGreaterThan(0);
    expect(hq.figures.resolutionMinutes.median).toBeGreaterThan(0);
  }, 240_000);

  it('a dealer moved to another country counts for its new country from then on, cells and case rows alike', async () => {
    const ability = await headquarters();
    const period = periods()[2] as Period;
    const madridBefore = await computeMetrics(hub.database.db, ability, await organization('ES-MAD'), period);
    const franceBefore = await computeMetrics(hub.database.db, ability, await organization('FR'), period);
    expect(madridBefore.figures.casesOpened).toBeGreaterThan(0);

    await adminOk(hub, await hub.login('hq.admin@demo.test'), 'moveOrganization', {
      id: globalIds.get('ES-MAD'),
      newParentId: globalIds.get('FR'),
    });

    const france = await computeMetrics(hub.database.db, ability, await organization('FR'), period);
    expect(france.figures.casesOpened).toBe(franceBefore.figures.casesOpened + madridBefore.figures.casesOpened);
    expect((france.children ?? []).map((child) => child.organization.code)).toContain('ES-MAD');
    await expectCellsToMatchCaseRows();
    await expectRebuildToChangeNothing();
  }, 120_000);

  it('the backlog by age from the cells matches the case rows on both sides of every age limit', async () => {
    const ability = await headquarters();
    const period = periods()[2] as Period;
    const barcelona = await organization('ES-BCN');
    const byAge = async () =>
      Object.fromEntries(
        (
          await computeMetrics(hub.database.db, ability, barcelona, period, { caseRows: true })
        ).figures.backlog.byAge.map((row) => [row.bucket, row.count]),
      );
    const before = await byAge();
    const hoursAgo = [0.5, 23.5, 24.5, 71.5, 72.5, 167.5, 168.5, 719.5, 720.5, 24 * 400];
    // Given open cases opened on either side of each age limit (their opening back-dated in the database) ...
    for (const hours of hoursAgo) {
      const view = await openCaseAs(hub, 'bcn.agent@demo.test', { channel: 'PHONE' });
      await sql`update cases set created_at = now() - ${`${hours} hours`}::interval
        where reference = ${view.reference}`.execute(hub.database.db);
    }
    // ... the cells and the case rows count them in the same buckets: two more in each bucket.
    for (const code of ['HQ', 'ES', 'ES-BCN'])
      expect(await computeMetrics(hub.database.db, ability, await organization(code), period)).toEqual(
        await computeMetrics(hub.database.db, ability, await organization(code), period, { caseRows: true }),
      );
    expect(await byAge()).toEqual(Object.fromEntries(Object.entries(before).map(([bucket, n]) => [bucket, n + 2])));
    await expectRebuildToChangeNothing();
  });

  it('the figures of a whole-subtree reader come from the cells, and a rebuild repairs damaged cells', async () => {
    const ability = await headquarters();
    const hq = await organization('HQ');
    const period = periods()[1] as Period;
    const before = await computeMetrics(hub.database.db, ability, hq, period);
    await sql`update metric_cells set opened = opened + 1000 where organization_id = ${hq.id}`.execute(hub.database.db);
    const damaged = await computeMetrics(hub.database.db, ability, hq, period);
    // Every cell read (a day, week or month) adds its damage.
    expect(damaged.figures.casesOpened - before.figures.casesOpened).toBeGreaterThanOrEqual(1000);
    expect((damaged.figures.casesOpened - before.figures.casesOpened) % 1000).toBe(0);

    await rebuildMetricRollups(hub.database.db);
    expect(await computeMetrics(hub.database.db, ability, hq, period)).toEqual(before);
  });
});
