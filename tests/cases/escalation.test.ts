import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseByReference, caseMutation, openCaseAs, organizationIds } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';
import { addOrganization, adminOk, inviteAndLogIn } from '../admin/admin-support.js';

describe.each(ENGINES)('escalation and transfer on %s', (engine) => {
  let hub: TestHub;
  let orgs: Map<string, string>;
  beforeAll(async () => {
    hub = await startHub(engine);
    orgs = await organizationIds(hub);
  });
  afterAll(() => hub?.close());

  it('dealer -> country -> HQ, then down to another dealer: origin, holders, country and HQ see it; the sibling only once it holds it', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    await caseMutation(hub, await hub.login('mad.agent@demo.test'), 'escalateCase', {
      caseId: opened.id,
      reason: 'Beyond us',
    });
    expect(await caseByReference(hub, 'bcn.agent@demo.test', opened.reference)).toBeNull();
    await caseMutation(hub, await hub.login('es.agent@demo.test'), 'escalateCase', {
      caseId: opened.id,
      reason: 'Engineering',
    });
    const down = await caseMutation(hub, await hub.login('hq.admin@demo.test'), 'transferCase', {
      caseId: opened.id,
      toOrganizationId: orgs.get('ES-BCN'),
      reason: 'Barcelona has the part',
    });
    expect(down.case).toMatchObject({ level: 'DEALER', owner: { code: 'ES-BCN' }, assignee: null });
    expect(down.case?.holders.map((h) => h.code)).toEqual(['ES-MAD', 'ES', 'HQ', 'ES-BCN']);
    for (const viewer of ['mad.agent@demo.test', 'bcn.agent@demo.test', 'es.agent@demo.test', 'hq.quality@demo.test']) {
      expect((await caseByReference(hub, viewer, opened.reference))?.owner).toEqual({ code: 'ES-BCN' });
    }
    for (const outsider of ['fr.agent@demo.test', 'par.agent@demo.test']) {
      expect(await caseByReference(hub, outsider, opened.reference)).toBeNull();
    }
  });

  it('dealer -> country -> HQ, then down to a third Spanish dealer: origin, new holder, Spain and HQ see it; the sibling Barcelona never does', async () => {
    // given a third dealer in Spain, Valencia, with an agent
    const ids = await addOrganization(hub, { parent: 'ES', code: 'ES-VAL', name: 'Valencia Puerto' });
    await inviteAndLogIn(hub, 'hq.admin@demo.test', {
      email: 'val.agent@matrix.test',
      organizationId: ids.get('ES-VAL') ?? '',
      role: 'AGENT',
    });
    const bcn = await hub.login('bcn.agent@demo.test');
    /** Barcelona finds the case by no road: reference, id, list, count, or a note. */
    const expectBarcelonaBlind = async (reference: string, id: string) => {
      expect(await caseByReference(hub, 'bcn.agent@demo.test', reference)).toBeNull();
      const node = await hub.gql<{ node: unknown }>('query ($id: ID!) { node(id: $id) { id } }', { id }, bcn);
      expect(node.data?.node).toBeNull();
      const listed = await hub.gql<{ cases: { totalCount: number; edges: unknown[] } }>(
        'query ($t: String!) { cases(filter: { text: $t }) { totalCount edges { cursor } } }',
        { t: reference },
        bcn,
      );
      expect(listed.data?.cases).toEqual({ totalCount: 0, edges: [] });
      const note = await caseMutation(hub, bcn, 'addCaseNote', { caseId: id, body: 'Peek', visibility: 'INTERNAL' });
      expect(note.__typename).toBe('NotFoundError');
    };

    // when Madrid opens a case and escalates it to Spain, Spain to HQ, and HQ hands it down to Valencia
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    await expectBarcelonaBlind(opened.reference, opened.id);
    const moves: [string, string, Record<string, unknown>, string][] = [
      ['mad.agent@demo.test', 'escalateCase', { reason: 'Beyond the workshop' }, 'ES'],
      ['es.agent@demo.test', 'escalateCase', { reason: 'Engineering must look' }, 'HQ'],
      [
        'hq.admin@demo.test',
        'transferCase',
        { toOrganizationId: ids.get('ES-VAL'), reason: 'Valencia has the part' },
        'ES-VAL',
      ],
    ];
    for (const [actor, name, input, owner] of moves) {
      const moved = await caseMutation(hub, await hub.login(actor), name, { caseId: opened.id, ...input });
      expect(moved.case?.owner).toEqual({ code: owner });
      await expectBarcelonaBlind(opened.reference, opened.id);
    }

    // then the origin, the new holder, Spain and HQ all read it held by Valencia at dealer level
    for (const viewer of [
      'mad.agent@demo.test',
      'val.agent@matrix.test',
      'es.agent@demo.test',
      'hq.quality@demo.test',
    ]) {
      expect(await caseByReference(hub, viewer, opened.reference)).toMatchObject({
        owner: { code: 'ES-VAL' },
        level: 'DEALER',
        holders: [{ code: 'ES-MAD' }, { code: 'ES' }, { code: 'HQ' }, { code: 'ES-VAL' }],
      });
    }
    // and France never does
    for (const outsider of ['fr.agent@demo.test', 'par.agent@demo.test']) {
      expect(await caseByReference(hub, outsider, opened.reference)).toBeNull();
    }
    // and the new holder can work on it
    const answered = await caseMutation(hub, await hub.login('val.agent@matrix.test'), 'changeCaseStatus', {
      caseId: opened.id,
      status: 'OPEN',
    });
    expect(answered.case?.status).toBe('OPEN');
  });

  it('records reason, from, to and the SLA state in the transfer event', async () => {
    const opened = await openCaseAs(hub, 'es.agent@demo.test');
    await caseMutation(hub, await hub.login('es.agent@demo.test'), 'transferCase', {
      caseId: opened.id,
      toOrganizationId: orgs.get('ES-BCN'),
      reason: 'The customer lives in Barcelona',
    });
    const history = await hub.gql<{
      case: {
        events: {
          edges: {
            node: { type: string; body: string; fromOrganization: { code: string }; toOrganization: { code: string } };
          }[];
        };
      };
    }>(
      'query ($r: String!) { case(reference: $r) { events { edges { node { type body fromOrganization { code } toOrganization { code } } } } } }',
      { r: opened.reference },
      await hub.login('es.agent@demo.test'),
    );
    expect(history.data?.case.events.edges.at(-1)?.node).toEqual({
      type: 'TRANSFERRED',
      body: 'The customer lives in Barcelona',
      fromOrganization: { code: 'ES' },
      toOrganization: { code: 'ES-BCN' },
    });
    const row = await hub.database.db
      .selectFrom('case_events')
      .innerJoin('cases', 'cases.id', 'case_events.case_id')
      .select('case_events.data')
      .where('cases.reference', '=', opened.reference)
      .where('case_events.type', '=', 'TRANSFERRED')
      .executeTakeFirstOrThrow();
    expect(row.data).toMatchObject({ sla: { paused: false, breached: false } });
  });

  it('records reason, from, to and the SLA state in the escalation event', async () => {
    const opened = await openCaseAs(hub, 'par.agent@demo.test');
    await caseMutation(hub, await hub.login('par.agent@demo.test'), 'escalateCase', {
      caseId: opened.id,
      reason: 'Warranty question',
      toOrganizationId: orgs.get('HQ'),
    });
    const row = await hub.database.db
      .selectFrom('case_events')
      .selectAll()
      .where('type', '=', 'ESCALATED')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.body).toBe('Warranty question');
    const idOf = async (code: string) =>
      (
        await hub.database.db
          .selectFrom('organizations')
          .select('id')
          .where('code', '=', code)
          .executeTakeFirstOrThrow()
      ).id;
    expect(row.data).toMatchObject({
      fromOrganizationId: await idOf('FR-PAR'),
      toOrganizationId: await idOf('HQ'),
      fromLevel: 'DEALER',
      toLevel: 'HQ',
      sla: { paused: false, breached: false },
    });
  });

  it('refuses to escalate sideways, down, or past the top', async () => {
    const opened = await openCaseAs(hub, 'es.agent@demo.test');
    const es = await hub.login('es.agent@demo.test');
    for (const target of ['ES-MAD', 'FR', 'ES']) {
      const result = await caseMutation(hub, es, 'escalateCase', {
        caseId: opened.id,
        reason: 'x',
        toOrganizationId: orgs.get(target),
      });
      expect(result.__typename).toBe('ValidationError');
    }
    await caseMutation(hub, es, 'escalateCase', { caseId: opened.id, reason: 'to HQ' });
    const top = await caseMutation(hub, await hub.login('hq.admin@demo.test'), 'escalateCase', {
      caseId: opened.id,
      reason: 'higher?',
    });
    expect(top.__typename).toBe('ValidationError');
    expect(top.message).toMatch(/top of the network/);
  });

  it('a dealer below a deactivated country escalates past it to HQ; naming that country is a ValidationError', async () => {
    // given Portugal with a Lisbon dealer and its agent, and a Lisbon case; then Portugal's office is deactivated
    await addOrganization(hub, { parent: 'HQ', kind: 'COUNTRY', code: 'PT', timeZone: 'Europe/Lisbon' });
    const ids = await addOrganization(hub, { parent: 'PT', code: 'PT-LIS', timeZone: 'Europe/Lisbon' });
    await inviteAndLogIn(hub, 'hq.admin@demo.test', {
      email: 'lis.agent@matrix.test',
      organizationId: ids.get('PT-LIS') ?? '',
      role: 'AGENT',
    });
    const opened = await openCaseAs(hub, 'lis.agent@matrix.test', {
      customer: { name: 'Rui', phone: '+351912345678' },
    });
    await adminOk(hub, await hub.login('hq.admin@demo.test'), 'deactivateOrganization', { id: ids.get('PT') });
    const lisbon = await hub.login('lis.agent@matrix.test');
    // when the agent names Portugal, then it is refused on that field and the case stays at Lisbon
    const named = await caseMutation(hub, lisbon, 'escalateCase', {
      caseId: opened.id,
      reason: 'Country office',
      toOrganizationId: ids.get('PT'),
    });
    expect(named.__typename).toBe('ValidationError');
    expect(named.fieldErrors?.[0]?.path).toEqual(['toOrganizationId']);
    expect((await caseByReference(hub, 'hq.admin@demo.test', opened.reference))?.owner).toEqual({ code: 'PT-LIS' });
    // and when it escalates without a target, the case goes to the nearest organization above that takes cases
    const escalated = await caseMutation(hub, lisbon, 'escalateCase', { caseId: opened.id, reason: 'Up, please' });
    expect(escalated.case).toMatchObject({ owner: { code: 'HQ' }, level: 'HQ' });
  });

  it('a country cannot transfer a case to another country’s dealer', async () => {
    const opened = await openCaseAs(hub, 'es.agent@demo.test');
    const result = await caseMutation(hub, await hub.login('es.agent@demo.test'), 'transferCase', {
      caseId: opened.id,
      toOrganizationId: orgs.get('FR-PAR'),
      reason: 'x',
    });
    expect(result.__typename).toBe('NotFoundError');
  });
});
