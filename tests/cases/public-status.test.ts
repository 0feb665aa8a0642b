import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createHub } from '../../server/http/app.js';
import { caseByReference, caseMutation, openCaseAs, organizationIds } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';

const STATUS = `query ($reference: String!, $accessCode: String!) {
  publicCaseStatus(reference: $reference, accessCode: $accessCode) { reference status level organizationName canRate rating events { type body status } }
}`;
const MESSAGE =
  'mutation ($input: AddPublicMessageInput!) { addPublicMessage(input: $input) { status events { type body } } }';
const RATE = 'mutation ($input: RateCaseInput!) { rateCase(input: $input) { canRate rating } }';

describe.each(ENGINES)('the customer’s status page on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(engine);
  });
  afterAll(() => hub?.close());

  it('shows the case to the right reference and code, typed loosely, and nothing to a wrong code', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const loose = `${opened.accessCode.slice(0, 5).toLowerCase()}-${opened.accessCode.slice(5)}`;
    const right = await hub.gql<{ publicCaseStatus: { status: string; level: string; organizationName: string } }>(
      STATUS,
      {
        reference: opened.reference.toLowerCase(),
        accessCode: loose,
      },
    );
    expect(right.data?.publicCaseStatus).toMatchObject({
      status: 'NEW',
      level: 'DEALER',
      organizationName: 'Madrid Centro',
    });
    const wrong = await hub.gql(STATUS, { reference: opened.reference, accessCode: 'AAAAAAAAAA' });
    expect(wrong.data).toEqual({ publicCaseStatus: null });
    const unknown = await hub.gql(STATUS, { reference: 'ES-1999-000001', accessCode: opened.accessCode });
    expect(unknown.data).toEqual({ publicCaseStatus: null });
  });

  it('stops answering for a reference after 10 wrong codes, even to the right one, and says when to retry', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    for (let i = 0; i < 10; i++) {
      expect((await hub.gql(STATUS, { reference: opened.reference, accessCode: `WRONG${i}` })).data).toEqual({
        publicCaseStatus: null,
      });
    }
    const blocked = await hub.gql(STATUS, { reference: opened.reference, accessCode: opened.accessCode });
    expect(blocked.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(blocked.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    // another case is not affected
    const other = await openCaseAs(hub, 'mad.agent@demo.test');
    expect(
      (await hub.gql(STATUS, { reference: other.reference, accessCode: other.accessCode })).data?.publicCaseStatus,
    ).not.toBeNull();
  });

  it('limits lookups per client', async () => {
    const strict = createHub({
      db: hub.database.db,
      config: { ...loadConfig({}), publicLookupsPerClientPerMinute: 3 },
      events: hub.events,
      isMigrated: () => true,
    });
    const ask = () =>
      strict.fetch('http://hub.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: STATUS, variables: { reference: 'ES-2026-999999', accessCode: 'X' } }),
      });
    for (let i = 0; i < 3; i++) expect((await (await ask()).json()).data).toEqual({ publicCaseStatus: null });
    const limited = await (await ask()).json();
    expect(limited.errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('a customer message reopens a case waiting on them; staff see it in the timeline', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const mad = await hub.login('mad.agent@demo.test');
    await caseMutation(hub, mad, 'changeCaseStatus', {
      caseId: opened.id,
      status: 'WAITING_ON_CUSTOMER',
      note: 'Which mileage?',
      noteVisibility: 'PUBLIC',
    });
    const reply = await hub.gql<{ addPublicMessage: { status: string; events: { type: string; body: string }[] } }>(
      MESSAGE,
      {
        input: { reference: opened.reference, accessCode: opened.accessCode, body: '45,000 km' },
      },
    );
    expect(reply.data?.addPublicMessage.status).toBe('OPEN');
    expect(reply.data?.addPublicMessage.events.map((e) => e.body)).toEqual(
      expect.arrayContaining(['Which mileage?', '45,000 km']),
    );
  });

  it('a customer message reopens a resolved case, which staff read as OPEN with the customer’s words', async () => {
    // given a case the dealer resolved
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const mad = await hub.login('mad.agent@demo.test');
    await caseMutation(hub, mad, 'changeCaseStatus', { caseId: opened.id, status: 'RESOLVED' });
    // when the customer writes that the noise is back
    const reply = await hub.gql<{ addPublicMessage: { status: string } }>(MESSAGE, {
      input: { reference: opened.reference, accessCode: opened.accessCode, body: 'The noise is back' },
    });
    // then the case is OPEN again for the customer and for staff, and can no longer be rated
    expect(reply.data?.addPublicMessage.status).toBe('OPEN');
    const staffView = await hub.gql<{
      case: {
        status: string;
        resolvedAt: string | null;
        events: { edges: { node: { type: string; body: string | null; fromStatus: string | null } }[] };
      };
    }>(
      'query ($r: String!) { case(reference: $r) { status resolvedAt events { edges { node { type body fromStatus } } } } }',
      { r: opened.reference },
      mad,
    );
    expect(staffView.data?.case).toMatchObject({ status: 'OPEN', resolvedAt: null });
    expect(staffView.data?.case.events.edges.slice(-2).map((e) => e.node)).toEqual([
      { type: 'CUSTOMER_MESSAGE', body: 'The noise is back', fromStatus: null },
      { type: 'STATUS_CHANGED', body: null, fromStatus: 'RESOLVED' },
    ]);
    const page = await hub.gql<{ publicCaseStatus: { canRate: boolean } }>(STATUS, {
      reference: opened.reference,
      accessCode: opened.accessCode,
    });
    expect(page.data?.publicCaseStatus.canRate).toBe(false);
  });

  it('a message on a closed case is refused as VALIDATION_FAILED and the case stays closed', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const mad = await hub.login('mad.agent@demo.test');
    for (const status of ['RESOLVED', 'CLOSED']) {
      await caseMutation(hub, mad, 'changeCaseStatus', { caseId: opened.id, status });
    }
    const before = await caseByReference(hub, 'hq.admin@demo.test', opened.reference);
    const reply = await hub.gql(MESSAGE, {
      input: { reference: opened.reference, accessCode: opened.accessCode, body: 'Hello?' },
    });
    expect(reply.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(await caseByReference(hub, 'hq.admin@demo.test', opened.reference)).toEqual(before);
  });

  it('never shows internal notes, contact summaries, reasons, assignees or staff e-mails', async () => {
    // given a case that staff worked on with every kind of internal text
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const mad = await hub.login('mad.agent@demo.test');
    const es = await hub.login('es.agent@demo.test');
    const madId = (await hub.gql<{ viewer: { id: string } }>('{ viewer { id } }', {}, mad)).data?.viewer.id;
    const secrets = ['SECRET-NOTE', 'SECRET-CALL', 'SECRET-ESCALATION', 'SECRET-TRANSFER', 'SECRET-STATUS-NOTE'];
    const steps: [string, string, Record<string, unknown>][] = [
      [mad, 'addCaseNote', { body: 'SECRET-NOTE mad.agent@demo.test', visibility: 'INTERNAL' }],
      [mad, 'logCaseContact', { channel: 'PHONE', summary: 'SECRET-CALL' }],
      [mad, 'assignCase', { userId: madId }],
      [mad, 'escalateCase', { reason: 'SECRET-ESCALATION' }],
      [es, 'transferCase', { toOrganizationId: (await organizationIds(hub)).get('ES-MAD'), reason: 'SECRET-TRANSFER' }],
      [mad, 'changeCaseStatus', { status: 'WAITING_ON_CUSTOMER', note: 'SECRET-STATUS-NOTE' }],
      [mad, 'addCaseNote', { body: 'Please send a photo of the dashboard.', visibility: 'PUBLIC' }],
    ];
    for (const [token, name, input] of steps) {
      expect((await caseMutation(hub, token, name, { caseId: opened.id, ...input })).__typename).toMatch(/Payload$/);
    }
    // when the customer opens the page
    const page = await hub.gql<{
      publicCaseStatus: { status: string; events: { type: string; body: string | null }[] };
    }>(STATUS, { reference: opened.reference, accessCode: opened.accessCode });
    // then the public answer and the status are there, and none of the internal text, staff names or e-mails
    expect(page.data?.publicCaseStatus.status).toBe('WAITING_ON_CUSTOMER');
    expect(page.data?.publicCaseStatus.events.map((e) => e.body)).toContain('Please send a photo of the dashboard.');
    const shown = JSON.stringify(page);
    for (const secret of secrets) expect(shown).not.toContain(secret);
    expect(shown).not.toMatch(/@demo\.test|mad\.agent|es\.agent/);
    expect(page.data?.publicCaseStatus.events.map((e) => e.type)).not.toEqual(
      expect.arrayContaining(['CONTACT_LOGGED', 'ASSIGNED', 'ESCALATED', 'TRANSFERRED']),
    );
  });

  it('refuses a message with a wrong code as NOT_FOUND and a blank one as VALIDATION_FAILED, storing nothing', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const wrong = await hub.gql(MESSAGE, {
      input: { reference: opened.reference, accessCode: 'BADCODE123', body: 'hi' },
    });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const blank = await hub.gql(MESSAGE, {
      input: { reference: opened.reference, accessCode: opened.accessCode, body: '  ' },
    });
    expect(blank.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const events = await hub.database.db
      .selectFrom('case_events')
      .innerJoin('cases', 'cases.id', 'case_events.case_id')
      .select('type')
      .where('cases.reference', '=', opened.reference)
      .where('type', '=', 'CUSTOMER_MESSAGE')
      .execute();
    expect(events).toHaveLength(0);
  });

  it('accepts one rating of 1-5 once the case is resolved', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const input = { reference: opened.reference, accessCode: opened.accessCode, score: 5 };
    expect((await hub.gql(RATE, { input })).errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    await caseMutation(hub, await hub.login('mad.agent@demo.test'), 'changeCaseStatus', {
      caseId: opened.id,
      status: 'RESOLVED',
    });
    expect((await hub.gql(RATE, { input: { ...input, score: 6 } })).errors?.[0]?.extensions?.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await hub.gql(RATE, { input: { ...input, score: 0 } })).errors?.[0]?.extensions?.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await hub.gql(RATE, { input })).data).toEqual({ rateCase: { canRate: false, rating: 5 } });
    expect((await hub.gql(RATE, { input: { ...input, score: 1 } })).errors?.[0]?.extensions?.code).toBe(
      'VALIDATION_FAILED',
    );
  });
  it('five ratings sent at once keep exactly one; the others are refused and the case is rated once', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    await caseMutation(hub, await hub.login('mad.agent@demo.test'), 'changeCaseStatus', {
      caseId: opened.id,
      status: 'RESOLVED',
    });
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((score) =>
        hub.gql<{ rateCase: { rating: number } | null }>(RATE, {
          input: { reference: opened.reference, accessCode: opened.accessCode, score },
        }),
      ),
    );
    const accepted = results.filter((r) => r.data?.rateCase);
    expect(accepted).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'VALIDATION_FAILED')).toHaveLength(4);
    const stored = await caseByReference(hub, 'hq.admin@demo.test', opened.reference);
    expect(stored?.version).toBe(opened.version + 2);
  });
});
