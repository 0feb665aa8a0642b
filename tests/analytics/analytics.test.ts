import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseMutation, openCaseAs, organizationIds, type CaseView } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';
import { PERCENTILE_ACCURACY } from '../../server/analytics/metric-rollups.js';

const MINUTE = 60_000;

function expectWithinAccuracy(actual: number | null | undefined, exact: number) {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual ?? Number.NaN) - exact)).toBeLessThanOrEqual(PERCENTILE_ACCURACY * exact);
}
const ALL_DAY = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].map((day) => ({
  day,
  opens: '00:00',
  closes: '24:00',
}));

const FIGURES = `casesOpened casesResolved
  backlog { total byStatus { status count } byAge { bucket count } }
  firstResponseMinutes { median p90 count } resolutionMinutes { median p90 count }
  slaCompliance escalationRate reopenRate csatAverage csatResponses qualityReviews qualityScoreAverage
  byChannel { channel count } timeAtLevel { level medianMinutes cases }`;
const METRICS = `query ($org: ID, $from: DateTime!, $to: DateTime!) {
  metrics(organizationId: $org, from: $from, to: $to) {
    organization { code } ${FIGURES}
    children { organization { code } ${FIGURES} children { organization { code } casesOpened } } } }`;

interface Figures {
  casesOpened: number;
  casesResolved: number;
  backlog: { total: number; byStatus: { status: string; count: number }[]; byAge: { bucket: string; count: number }[] };
  firstResponseMinutes: { median: number | null; p90: number | null; count: number };
  resolutionMinutes: { median: number | null; p90: number | null; count: number };
  slaCompliance: number | null;
  escalationRate: number | null;
  reopenRate: number | null;
  csatAverage: number | null;
  csatResponses: number;
  qualityReviews: number;
  qualityScoreAverage: number | null;
  byChannel: { channel: string; count: number }[];
  timeAtLevel: { level: string; medianMinutes: number | null; cases: number }[];
}
interface Metrics extends Figures {
  organization: { code: string };
  children: (Figures & {
    organization: { code: string };
    children: { organization: { code: string }; casesOpened: number }[];
  })[];
}

interface Timeline {
  createdAt: string;
  events: { edges: { node: { type: string; at: string; toStatus: string | null } }[] };
}

describe.each(ENGINES)('HQ quality: metrics, reviews, audit trail and CSV on %s', (engine) => {
  let hub: TestHub;
  let orgs: Map<string, string>;
  let period: { from: string; to: string };
  let ana: CaseView; // Madrid: answered, resolved, rated 4, reviewed 3
  let ben: CaseView; // Madrid: paused, escalated to Spain, resolved there, reopened by the customer
  let cleo: CaseView; // Barcelona: untouched, a formula for a subject
  let dan: CaseView; // Paris: paused, escalated to France, resolved there, rated 2
  let eva: CaseView; // opened at the Spanish office itself

  const token = (email: string) => hub.login(email);
  async function act(email: string, name: string, input: Record<string, unknown>) {
    const result = await caseMutation(hub, await token(email), name, input);
    expect(result.__typename, JSON.stringify(result)).toMatch(/Payload$/);
    return result;
  }
  async function customer(kase: CaseView, mutation: 'message' | 'rate', score = 0) {
    const result =
      mutation === 'message'
        ? await hub.gql('mutation ($i: AddPublicMessageInput!) { addPublicMessage(input: $i) { status } }', {
            i: { reference: kase.reference, accessCode: kase.accessCode, body: 'Any news?' },
          })
        : await hub.gql('mutation ($i: RateCaseInput!) { rateCase(input: $i) { rating } }', {
            i: { reference: kase.reference, accessCode: kase.accessCode, score },
          });
    expect(result.errors).toBeUndefined();
  }
  async function metrics(email: string, org?: string) {
    const result = await hub.gql<{ metrics: Metrics | null }>(
      METRICS,
      { ...period, org: org ? orgs.get(org) : null },
      await token(email),
    );
    expect(result.errors).toBeUndefined();
    return result.data?.metrics ?? null;
  }
  async function history(
    reference: string,
  ): Promise<{ createdAt: number; events: { type: string; at: number; to: string | null }[] }> {
    const result = await hub.gql<{ case: Timeline }>(
      `query ($r: String!) { case(reference: $r) { createdAt events(first: 100) { edges { node { type at toStatus } } } } }`,
      { r: reference },
      await token('hq.quality@demo.test'),
    );
    const kase = result.data?.case;
    if (!kase) throw new Error(JSON.stringify(result));
    return {
      createdAt: Date.parse(kase.createdAt),
      events: kase.events.edges.map(({ node }) => ({ type: node.type, at: Date.parse(node.at), to: node.toStatus })),
    };
  }
  const at = (events: { type: string; at: number; to: string | null }[], type: string, to?: string, nth = 0) => {
    const found = events.filter((e) => e.type === type && (to === undefined || e.to === to))[nth];
    if (!found) throw new Error(`no ${type} ${to ?? ''}`);
    return found.at;
  };

  beforeAll(async () => {
    hub = await startHub(engine);
    orgs = await organizationIds(hub);
    // Given: HQ counts around the clock, so business minutes are the real minutes between events.
    const calendar = await hub.gql(
      'mutation ($c: SetBusinessCalendarInput!) { setBusinessCalendar(input: $c) { __typename } }',
      { c: { organizationId: orgs.get('HQ'), weekly: ALL_DAY, holidays: [] } },
      await token('hq.admin@demo.test'),
    );
    expect(calendar.data).toEqual({ setBusinessCalendar: { __typename: 'SetBusinessCalendarPayload' } });
    period = {
      from: new Date(Date.now() - MINUTE).toISOString(),
      to: new Date(Date.now() + 24 * 60 * MINUTE).toISOString(),
    };

    ana = await openCaseAs(hub, 'mad.agent@demo.test', { channel: 'WALK_IN' });
    await act('mad.agent@demo.test', 'addCaseNote', { caseId: ana.id, body: 'We are on it', visibility: 'PUBLIC' });
    await act('mad.agent@demo.test', 'changeCaseStatus', { caseId: ana.id, status: 'RESOLVED' });
    await customer(ana, 'rate', 4);
    await act('hq.quality@demo.test', 'reviewCase', {
      caseId: ana.id,
      score: 3,
      findings: 'Polite, slow to call back',
    });

    ben = await openCaseAs(hub, 'mad.agent@demo.test', { channel: 'PHONE' });
    await act('mad.agent@demo.test', 'changeCaseStatus', { caseId: ben.id, status: 'WAITING_ON_CUSTOMER' });
    await customer(ben, 'message');
    await act('mad.agent@demo.test', 'escalateCase', { caseId: ben.id, reason: 'Needs the country' });
    await act('es.agent@demo.test', 'changeCaseStatus', { caseId: ben.id, status: 'RESOLVED' });
    await customer(ben, 'message');

    cleo = await openCaseAs(hub, 'bcn.agent@demo.test', {
      channel: 'EMAIL',
      subject: '=HYPERLINK("http://evil.test","Click")',
    });

    dan = await openCaseAs(hub, 'par.agent@demo.test', { channel: 'WALK_IN' });
    await act('par.agent@demo.test', 'changeCaseStatus', { caseId: dan.id, status: 'WAITING_ON_CUSTOMER' });
    await new Promise((resolve) => setTimeout(resolve, 50)); // a pause long enough to tell apart
    await customer(dan, 'message');
    await act('par.agent@demo.test', 'escalateCase', { caseId: dan.id, reason: 'Warranty decision' });
    await act('fr.agent@demo.test', 'changeCaseStatus', { caseId: dan.id, status: 'RESOLVED' });
    await customer(dan, 'rate', 2);

    eva = await openCaseAs(hub, 'es.agent@demo.test', { channel: 'CHAT', subject: '@SUM(A1), then "more"' });
  }, 60_000);
  afterAll(() => hub?.close());

  it('HQ’s figures match the hand-counted data set', async () => {
    const hq = await metrics('hq.quality@demo.test', 'HQ');
    const a = await history(ana.reference);
    const d = await history(dan.reference);
    // Ana: opened → resolved, never paused. Dan: paused from WAITING to the customer's message.
    const anaResolution = (at(a.events, 'STATUS_CHANGED', 'RESOLVED') - a.createdAt) / MINUTE;
    const danPause =
      (at(d.events, 'STATUS_CHANGED', 'OPEN') - at(d.events, 'STATUS_CHANGED', 'WAITING_ON_CUSTOMER')) / MINUTE;
    const danResolution = (at(d.events, 'STATUS_CHANGED', 'RESOLVED') - d.createdAt) / MINUTE - danPause;
    const danAtDealer = (at(d.events, 'ESCALATED') - d.createdAt) / MINUTE - danPause;
    const danAtCountry = (at(d.events, 'STATUS_CHANGED', 'RESOLVED') - at(d.events, 'ESCALATED')) / MINUTE;
    const [low, high] = [anaResolution, danResolution].sort((x, y) => x - y) as [number, number];

    expect(hq).toMatchObject({
      organization: { code: 'HQ' },
      casesOpened: 5,
      casesResolved: 2, // Ben was reopened
      backlog: {
        total: 3,
        byStatus: [
          { status: 'NEW', count: 2 },
          { status: 'OPEN', count: 1 },
          { status: 'WAITING_ON_CUSTOMER', count: 0 },
        ],
        byAge: [
          { bucket: 'UNDER_1_DAY', count: 3 },
          { bucket: 'DAYS_1_TO_3', count: 0 },
          { bucket: 'DAYS_3_TO_7', count: 0 },
          { bucket: 'DAYS_7_TO_30', count: 0 },
          { bucket: 'OVER_30_DAYS', count: 0 },
        ],
      },
      firstResponseMinutes: { count: 3 },
      resolutionMinutes: { count: 2 },
      slaCompliance: 1,
      escalationRate: 2 / 5,
      reopenRate: 1 / 3,
      csatAverage: 3,
      csatResponses: 2,
      qualityReviews: 1,
      qualityScoreAverage: 3,
      byChannel: [
        { channel: 'WALK_IN', count: 2 },
        { channel: 'PHONE', count: 1 },
        { channel: 'EMAIL', count: 1 },
        { channel: 'WEB', count: 0 },
        { channel: 'CHAT', count: 1 },
        { channel: 'SOCIAL', count: 0 },
        { channel: 'EVENT', count: 0 },
      ],
    });
    // Percentiles come from 2 %-wide logarithmic buckets: within PERCENTILE_ACCURACY of the exact value.
    expectWithinAccuracy(hq?.resolutionMinutes.median, (low + high) / 2);
    expectWithinAccuracy(hq?.resolutionMinutes.p90, low + 0.9 * (high - low));
    expect(danPause).toBeGreaterThan(0.0005);
    const [dealer, country, hqLevel] = hq?.timeAtLevel ?? [];
    expect(dealer).toMatchObject({ level: 'DEALER', cases: 2 });
    expectWithinAccuracy(dealer?.medianMinutes, (anaResolution + danAtDealer) / 2);
    expect(country).toMatchObject({ level: 'COUNTRY', cases: 1 });
    expectWithinAccuracy(country?.medianMinutes, danAtCountry);
    expect(hqLevel).toEqual({ level: 'HQ', medianMinutes: null, cases: 0 });
  });

  it('a parent’s counts are the sum over its children and the cases opened at the parent itself', async () => {
    const hq = await metrics('hq.quality@demo.test', 'HQ');
    const [es, fr] = hq?.children ?? [];
    expect(hq?.children.map((c) => [c.organization.code, c.casesOpened])).toEqual([
      ['ES', 4],
      ['FR', 1],
    ]);
    expect(es?.children.map((c) => [c.organization.code, c.casesOpened])).toEqual([
      ['ES-BCN', 1],
      ['ES-MAD', 2],
    ]);
    const sum = (key: 'casesOpened' | 'casesResolved' | 'csatResponses' | 'qualityReviews') =>
      (es?.[key] ?? 0) + (fr?.[key] ?? 0);
    for (const key of ['casesOpened', 'casesResolved', 'csatResponses', 'qualityReviews'] as const)
      expect(hq?.[key]).toBe(sum(key));
    expect(hq?.backlog.total).toBe((es?.backlog.total ?? 0) + (fr?.backlog.total ?? 0));
    // Spain: Barcelona 1 + Madrid 2 + Eva, opened at the Spanish office.
    expect(es?.casesOpened).toBe(1 + 2 + 1);
    expect(fr).toMatchObject({ casesResolved: 1, csatAverage: 2, escalationRate: 1, qualityReviews: 0 });
  });

  it('a request that asks for fewer levels or fewer figures gets the same figures for what it asks', async () => {
    const whole = await metrics('hq.quality@demo.test', 'HQ');
    const percentiles = 'median p90 count';
    const narrow = await hub.gql<{
      metrics: {
        firstResponseMinutes: Figures['firstResponseMinutes'];
        children: {
          organization: { code: string };
          resolutionMinutes: Figures['resolutionMinutes'];
          children: { organization: { code: string }; timeAtLevel: Figures['timeAtLevel']; children: unknown[] }[];
        }[];
      };
    }>(
      `query ($org: ID, $from: DateTime!, $to: DateTime!) { metrics(organizationId: $org, from: $from, to: $to) {
        firstResponseMinutes { ${percentiles} }
        children { organization { code } resolutionMinutes { ${percentiles} }
          children { organization { code } timeAtLevel { level medianMinutes cases } children { casesOpened } } } } }`,
      { ...period, org: orgs.get('HQ') },
      await token('hq.quality@demo.test'),
    );
    expect(narrow.errors).toBeUndefined();
    expect(narrow.data?.metrics.firstResponseMinutes).toEqual(whole?.firstResponseMinutes);
    expect(narrow.data?.metrics.children.map((child) => child.resolutionMinutes)).toEqual(
      whole?.children.map((child) => child.resolutionMinutes),
    );
    const madrid = narrow.data?.metrics.children[0]?.children.find((dealer) => dealer.organization.code === 'ES-MAD');
    expect(madrid?.timeAtLevel).toEqual((await metrics('hq.quality@demo.test', 'ES-MAD'))?.timeAtLevel);
    expect(madrid?.timeAtLevel[0]?.medianMinutes).toEqual(expect.any(Number));
    // A dealer has no children, asked for below the two levels computed with HQ.
    expect(madrid?.children).toEqual([]);
  });

  it('the timeline counts the same cases opened and resolved, per day', async () => {
    const result = await hub.gql<{ metrics: { timeline: { start: string; opened: number; resolved: number }[] } }>(
      `query ($from: DateTime!, $to: DateTime!) { metrics(from: $from, to: $to) { timeline(bucket: DAY) { start opened resolved } } }`,
      period,
      await token('hq.quality@demo.test'),
    );
    const points = result.data?.metrics.timeline ?? [];
    expect(points.reduce((sum, p) => sum + p.opened, 0)).toBe(5);
    expect(points.reduce((sum, p) => sum + p.resolved, 0)).toBe(2);
    const tooMany = await hub.gql(
      `query ($from: DateTime!, $to: DateTime!) { metrics(from: $from, to: $to) { timeline(bucket: DAY) { opened } } }`,
      { from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      await token('hq.quality@demo.test'),
    );
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  });

  it('a dealer’s metrics hold only its own cases; a sibling dealer’s are null to it', async () => {
    const madrid = await metrics('mad.agent@demo.test');
    expect(madrid).toMatchObject({
      organization: { code: 'ES-MAD' },
      casesOpened: 2,
      casesResolved: 1,
      escalationRate: 1 / 2,
      reopenRate: 1 / 2,
      csatAverage: 4,
      children: [],
    });
    expect(await metrics('bcn.agent@demo.test', 'ES-MAD')).toBeNull();
    expect(await metrics('bcn.agent@demo.test', 'ES')).toBeNull();
    expect(await metrics('bcn.agent@demo.test')).toMatchObject({ casesOpened: 1, casesResolved: 0 });
  });

  it('a country manager sees their dealers, not another country', async () => {
    const spain = await metrics('es.manager@demo.test');
    expect(spain).toMatchObject({ organization: { code: 'ES' }, casesOpened: 4, csatResponses: 1 });
    expect(await metrics('es.manager@demo.test', 'FR')).toBeNull();
    expect(await metrics('es.manager@demo.test', 'HQ')).toBeNull();
  });

  it('a period is checked: to after from', async () => {
    const result = await hub.gql(
      METRICS,
      { from: period.to, to: period.from, org: null },
      await token('hq.quality@demo.test'),
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  });

  it('only an auditor (or administrator) records a quality review, on a case they may see, scored 1 to 5', async () => {
    const byAgent = await caseMutation(hub, await token('mad.agent@demo.test'), 'reviewCase', {
      caseId: ana.id,
      score: 5,
      findings: 'Great',
    });
    expect(byAgent.__typename).toBe('ForbiddenError');
    const bySibling = await caseMutation(hub, await token('bcn.agent@demo.test'), 'reviewCase', {
      caseId: ana.id,
      score: 5,
      findings: 'Great',
    });
    expect(bySibling.__typename).toBe('NotFoundError');
    const outOfRange = await caseMutation(hub, await token('hq.quality@demo.test'), 'reviewCase', {
      caseId: ana.id,
      score: 6,
      findings: 'Great',
    });
    expect(outOfRange).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['score'] }] });
    const hq = await metrics('hq.quality@demo.test', 'HQ');
    expect(hq?.qualityReviews).toBe(1);
  });

  const AUDIT = `query ($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id type body score at case { reference } actor { email } } } } }`;
  interface AuditPage {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      node: {
        id: string;
        type: string;
        body: string | null;
        score: number | null;
        at: string;
        case: { reference: string };
      };
    }[];
  }
  async function audit(email: string, variables: Record<string, unknown>) {
    return hub.gql<{ auditEvents: AuditPage }>(AUDIT, variables, await token(email));
  }

  it('the audit trail lists every event newest first, page by page without gaps or repeats', async () => {
    const all = await audit('hq.quality@demo.test', { first: 100 });
    const events = all.data?.auditEvents.edges.map((e) => e.node) ?? [];
    expect(events.length).toBe(all.data?.auditEvents.totalCount);
    const times = events.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(events[0]?.case.reference).toBe(eva.reference);

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: AuditPage | undefined = (await audit('hq.quality@demo.test', { first: 4, after })).data?.auditEvents;
      seen.push(...(page?.edges.map((e) => e.node.id) ?? []));
      if (!page?.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(events.map((e) => e.id));
  });

  it('the audit trail filters by type, actor and organization', async () => {
    const reviews = await audit('hq.quality@demo.test', { filter: { type: 'QUALITY_REVIEWED' }, first: 10 });
    expect(reviews.data?.auditEvents.edges.map((e) => e.node)).toMatchObject([
      { type: 'QUALITY_REVIEWED', score: 3, body: 'Polite, slow to call back', case: { reference: ana.reference } },
    ]);
    const france = await audit('hq.quality@demo.test', { filter: { organizationId: orgs.get('FR') }, first: 100 });
    expect(new Set(france.data?.auditEvents.edges.map((e) => e.node.case.reference))).toEqual(new Set([dan.reference]));
    const viewer = await hub.gql<{ viewer: { id: string } }>(
      '{ viewer { id } }',
      {},
      await token('fr.agent@demo.test'),
    );
    const byFrAgent = await audit('hq.quality@demo.test', { filter: { actorId: viewer.data?.viewer.id }, first: 100 });
    expect(byFrAgent.data?.auditEvents.edges.map((e) => e.node.type)).toEqual(['STATUS_CHANGED']);
  });

  it('a country manager’s audit trail holds only their country’s cases; an agent has none', async () => {
    const spain = await audit('es.manager@demo.test', { first: 100 });
    const references = new Set(spain.data?.auditEvents.edges.map((e) => e.node.case.reference));
    expect(references).toEqual(new Set([ana.reference, ben.reference, cleo.reference, eva.reference]));
    const agent = await audit('mad.agent@demo.test', { first: 10 });
    expect(agent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  async function download(path: string, email: string | null, params: Record<string, string | undefined>) {
    const query = new URLSearchParams(
      Object.entries({ ...period, ...params }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    return hub.hub.fetch(`http://hub.test${path}?${query}`, {
      headers: email ? { authorization: `Bearer ${await token(email)}` } : {},
    });
  }

  it('cases.csv: RFC 4180 quoting, a BOM, and formulas neutralized', async () => {
    const response = await download('/export/cases.csv', 'hq.quality@demo.test', { organizationId: orgs.get('HQ') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^reference,subject,status,priority,channel,origin,owner,created_at/);
    expect(lines.filter((l) => l !== '').length).toBe(1 + 5);
    const cleoLine = lines.find((l) => l.startsWith(cleo.reference));
    expect(cleoLine).toContain(`,"'=HYPERLINK(""http://evil.test"",""Click"")",NEW,`);
    const evaLine = lines.find((l) => l.startsWith(eva.reference));
    expect(evaLine).toContain(`,"'@SUM(A1), then ""more""",NEW,`);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('cases.csv is scoped like the API: a dealer downloads only its own cases, a stranger nothing', async () => {
    const barcelona = await (await download('/export/cases.csv', 'bcn.agent@demo.test', {})).text();
    const references = barcelona
      .split('\r\n')
      .slice(1)
      .filter((l) => l !== '')
      .map((l) => l.split(',')[0]);
    expect(references).toEqual([cleo.reference]);
    const other = await download('/export/cases.csv', 'bcn.agent@demo.test', { organizationId: orgs.get('ES-MAD') });
    expect(other.status).toBe(404);
    expect((await download('/export/cases.csv', null, {})).status).toBe(401);
    expect((await download('/export/cases.csv', 'bcn.agent@demo.test', { from: 'yesterday' })).status).toBe(400);
  });

  it('metrics.csv holds the subtree and one line per child', async () => {
    const response = await download('/export/metrics.csv', 'hq.quality@demo.test', { organizationId: orgs.get('HQ') });
    const rows = (await response.text())
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter((l) => l !== '')
      .map((l) => l.split(','));
    const header = rows[0] ?? [];
    const opened = header.indexOf('cases_opened');
    expect(rows.slice(1).map((r) => [r[0], r[3], r[opened]])).toEqual([
      ['HQ', 'SUBTREE', '5'],
      ['ES', 'CHILD', '4'],
      ['FR', 'CHILD', '1'],
    ]);
    const spain = await download('/export/metrics.csv', 'es.manager@demo.test', { organizationId: orgs.get('FR') });
    expect(spain.status).toBe(404);
  });
});
