import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseByReference, caseMutation, openCaseAs, organizationIds } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';

const PUBLIC_STATUS = `query ($reference: String!, $accessCode: String!) {
  publicCaseStatus(reference: $reference, accessCode: $accessCode) {
    reference status level organizationName canRate rating events { type body status }
  }
}`;

describe.each(ENGINES)('the story of product.md on %s', (engine) => {
  let hub: TestHub;
  let orgs: Map<string, string>;
  beforeAll(async () => {
    hub = await startHub(engine);
    orgs = await organizationIds(hub);
  });
  afterAll(() => hub?.close());

  it('Ana’s gearbox goes from Madrid Centro to HQ and back to a resolved, rated case', async () => {
    // 1. Ana walks into Madrid Centro; the agent logs a walk-in
    const opened = await openCaseAs(hub, 'mad.agent@demo.test', {
      customer: { name: 'Ana García', phone: '612 345 678', email: 'Ana.Garcia@Example.com' },
      subject: 'Noisy gearbox',
      description: 'Grinding noise in third gear.',
    });
    expect(opened).toMatchObject({ status: 'NEW', channel: 'WALK_IN', level: 'DEALER', owner: { code: 'ES-MAD' } });
    expect(opened.reference).toMatch(/^ES-\d{4}-\d{6}$/);
    expect(opened.accessCode).toMatch(/^[A-Z2-9]{10}$/);
    expect(opened.customer).toEqual({ name: 'Ana García', phone: '+34612345678', email: 'ana.garcia@example.com' });

    // 2. The dealer cannot solve it and escalates to Spain
    const escalated = await caseMutation(hub, await hub.login('mad.agent@demo.test'), 'escalateCase', {
      caseId: opened.id,
      reason: 'Needs the country’s technical team',
      expectedVersion: opened.version,
    });
    expect(escalated.case).toMatchObject({ level: 'COUNTRY', owner: { code: 'ES' }, version: opened.version + 1 });

    // 3. Ana calls the Spanish line; the agent finds the case from her phone, as she says it
    const es = await hub.login('es.agent@demo.test');
    const found = await hub.gql<{
      cases: { totalCount: number; edges: { node: { reference: string; status: string; owner: { code: string } } }[] };
    }>(
      'query ($phone: String!) { cases(filter: { customerPhone: $phone }) { totalCount edges { node { reference status owner { code } } } } }',
      { phone: '+34 612 34 56 78' },
      es,
    );
    expect(found.data?.cases.totalCount).toBe(1);
    expect(found.data?.cases.edges[0]?.node).toEqual({
      reference: opened.reference,
      status: 'NEW',
      owner: { code: 'ES' },
    });
    const call = await caseMutation(hub, es, 'logCaseContact', {
      caseId: opened.id,
      channel: 'PHONE',
      summary: 'Ana asked how it is going',
    });
    expect(call.__typename).toBe('LogCaseContactPayload');

    // the dealer's screen shows exactly what the call center sees
    const dealerView = await caseByReference(hub, 'mad.agent@demo.test', opened.reference);
    const callCenterView = await caseByReference(hub, 'es.agent@demo.test', opened.reference);
    expect(dealerView).toEqual(callCenterView);

    // 4. Spain escalates to HQ; HQ answers with a public note
    await caseMutation(hub, es, 'escalateCase', {
      caseId: opened.id,
      reason: 'Possible series defect',
      toOrganizationId: orgs.get('HQ'),
    });
    const hq = await hub.login('hq.admin@demo.test');
    const answer = await caseMutation(hub, hq, 'addCaseNote', {
      caseId: opened.id,
      body: 'A new gearbox is on its way to your dealer.',
      visibility: 'PUBLIC',
    });
    expect(answer.case).toMatchObject({ level: 'HQ', owner: { code: 'HQ' } });
    expect(answer.case?.sla.firstRespondedAt).not.toBeNull();
    await caseMutation(hub, hq, 'addCaseNote', {
      caseId: opened.id,
      body: 'Internal: supplier batch 42',
      visibility: 'INTERNAL',
    });

    // Ana's page shows the answer, never the internal note
    const page = await hub.gql<{
      publicCaseStatus: {
        status: string;
        level: string;
        organizationName: string;
        events: { type: string; body: string | null }[];
      };
    }>(PUBLIC_STATUS, { reference: opened.reference, accessCode: opened.accessCode });
    expect(page.data?.publicCaseStatus).toMatchObject({ level: 'HQ', organizationName: 'Acme Motors HQ' });
    const bodies = page.data?.publicCaseStatus.events.map((e) => e.body);
    expect(bodies).toContain('A new gearbox is on its way to your dealer.');
    expect(JSON.stringify(page)).not.toContain('supplier batch');
    expect(JSON.stringify(page)).not.toContain('demo.test');
    // and the page, the dealer's screen and the call center's console show the same status and holder
    const screens = await Promise.all(
      ['mad.agent@demo.test', 'es.agent@demo.test'].map((email) => caseByReference(hub, email, opened.reference)),
    );
    for (const screen of screens) {
      expect({ status: screen?.status, level: screen?.level }).toEqual({
        status: page.data?.publicCaseStatus.status,
        level: page.data?.publicCaseStatus.level,
      });
    }
    expect(screens[0]).toEqual(screens[1]);

    // 5. Resolved; Ana rates it 4/5
    const resolved = await caseMutation(hub, hq, 'changeCaseStatus', {
      caseId: opened.id,
      status: 'RESOLVED',
      note: 'Gearbox replaced',
      noteVisibility: 'PUBLIC',
    });
    expect(resolved.case?.status).toBe('RESOLVED');
    const rated = await hub.gql<{ rateCase: { canRate: boolean; rating: number } }>(
      'mutation ($input: RateCaseInput!) { rateCase(input: $input) { canRate rating } }',
      { input: { reference: opened.reference, accessCode: opened.accessCode, score: 4, comment: 'Slow but fixed' } },
    );
    expect(rated.data?.rateCase).toEqual({ canRate: false, rating: 4 });

    // 6. HQ quality sees the whole history, the time at each level, whether the SLA held, and the rating;
    //    Barcelona and France never see the case
    const audit = await hub.gql<{
      case: {
        rating: number | null;
        sla: { breached: boolean; firstRespondedAt: string | null; holdings: { organization: { code: string } }[] };
        events: { edges: { node: { type: string; visibility: string; organization: { code: string } | null } }[] };
      };
    }>(
      `query ($r: String!) { case(reference: $r) {
        rating
        sla { breached firstRespondedAt holdings { organization { code } usedMinutes } }
        events(first: 100) { edges { node { type visibility organization { code } } } }
      } }`,
      { r: opened.reference },
      await hub.login('hq.quality@demo.test'),
    );
    expect(audit.data?.case.rating).toBe(4);
    expect(audit.data?.case.sla.breached).toBe(false);
    expect(audit.data?.case.sla.firstRespondedAt).not.toBeNull();
    expect(audit.data?.case.sla.holdings.map((h) => h.organization.code)).toEqual(['ES-MAD', 'ES', 'HQ']);
    expect(audit.data?.case.events.edges.map((e) => e.node.type)).toEqual([
      'OPENED',
      'ESCALATED',
      'CONTACT_LOGGED',
      'ESCALATED',
      'NOTE_ADDED',
      'NOTE_ADDED',
      'STATUS_CHANGED',
      'NOTE_ADDED',
      'SURVEY_ANSWERED',
    ]);
    expect(audit.data?.case.events.edges[0]?.node.organization).toEqual({ code: 'ES-MAD' });
    for (const outsider of ['bcn.agent@demo.test', 'fr.agent@demo.test', 'par.agent@demo.test']) {
      expect(await caseByReference(hub, outsider, opened.reference)).toBeNull();
      const listed = await hub.gql<{ cases: { totalCount: number } }>(
        '{ cases { totalCount } }',
        {},
        await hub.login(outsider),
      );
      expect(listed.data?.cases.totalCount).toBe(0);
    }
    // the origin keeps seeing it
    expect(await caseByReference(hub, 'mad.agent@demo.test', opened.reference)).toMatchObject({
      status: 'RESOLVED',
      level: 'HQ',
    });
  });
});
