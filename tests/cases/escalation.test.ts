import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseByReference, caseMutation, openCaseAs, organizationIds } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';

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
