import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseMutation, openCaseAs, organizationIds } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';
import { adminMutation, adminOk, inviteAndLogIn } from './admin-support.js';

type Orgs = { organizations: { code: string }[] };

describe.each(ENGINES)('organization administration on %s', (engine) => {
  let hub: TestHub;
  let ids: Map<string, string>;
  let esAdmin: string;
  beforeAll(async () => {
    hub = await startHub(engine);
    ids = await organizationIds(hub);
    ({ token: esAdmin } = await inviteAndLogIn(hub, 'hq.admin@demo.test', {
      email: 'es.admin@demo.test',
      organizationId: ids.get('ES') as string,
      role: 'ADMIN',
    }));
  });
  afterAll(() => hub?.close());

  async function codesSeenBy(token: string) {
    return (await hub.gql<Orgs>('{ organizations { code } }', {}, token)).data?.organizations.map((o) => o.code);
  }

  it('a country administrator adds a dealer group and an outlet below it, which the country then sees', async () => {
    // when Spain's administrator adds a dealer group under Spain and an outlet under the group
    const group = await adminOk(hub, esAdmin, 'createOrganization', {
      parentId: ids.get('ES'),
      kind: 'DEALER',
      code: 'es-grp',
      name: 'Grupo Levante',
      timeZone: 'Europe/Madrid',
    });
    const outlet = await adminOk(hub, esAdmin, 'createOrganization', {
      parentId: group.organization?.id,
      kind: 'DEALER',
      code: 'ES-GRP-VLC',
      name: 'Valencia Puerto',
      timeZone: 'Europe/Madrid',
    });
    // then codes are stored in upper case, the outlet sits below the group
    expect(group.organization).toMatchObject({ code: 'ES-GRP', active: true, parent: { code: 'ES' } });
    expect(outlet.organization).toMatchObject({ code: 'ES-GRP-VLC', parent: { code: 'ES-GRP' } });
    // and the country's staff see both, France does not, nor does a sibling dealer
    expect(await codesSeenBy(await hub.login('es.agent@demo.test'))).toEqual(
      expect.arrayContaining(['ES-GRP', 'ES-GRP-VLC']),
    );
    expect(await codesSeenBy(await hub.login('fr.agent@demo.test'))).toEqual(['FR', 'FR-PAR']);
    expect(await codesSeenBy(await hub.login('mad.agent@demo.test'))).toEqual(['ES-MAD']);
  });

  it('a country administrator cannot create in another country (not found) nor change headquarters (forbidden)', async () => {
    const inFrance = await adminMutation(hub, esAdmin, 'createOrganization', {
      parentId: ids.get('FR'),
      kind: 'DEALER',
      code: 'FR-LYO',
      name: 'Lyon',
      timeZone: 'Europe/Paris',
    });
    expect(inFrance.__typename).toBe('NotFoundError');
    const renameFrance = await adminMutation(hub, esAdmin, 'updateOrganization', { id: ids.get('FR'), name: 'Mine' });
    expect(renameFrance.__typename).toBe('NotFoundError');
    // headquarters is an ancestor: readable, so the answer is Forbidden rather than NotFound
    const renameHq = await adminMutation(hub, esAdmin, 'updateOrganization', { id: ids.get('HQ'), name: 'Mine' });
    expect(renameHq.__typename).toBe('ForbiddenError');
    const countryBesideSpain = await adminMutation(hub, esAdmin, 'createOrganization', {
      parentId: ids.get('HQ'),
      kind: 'COUNTRY',
      code: 'PT',
      name: 'Acme Portugal',
      timeZone: 'Europe/Lisbon',
    });
    expect(countryBesideSpain.__typename).toBe('ForbiddenError');
    // and nothing was stored
    expect(await codesSeenBy(await hub.login('hq.admin@demo.test'))).not.toEqual(expect.arrayContaining(['FR-LYO']));
    expect(await codesSeenBy(await hub.login('hq.admin@demo.test'))).not.toContain('PT');
  });

  it('managers, agents and auditors cannot administer organizations; an administrator can', async () => {
    const rename = (token: string) =>
      adminMutation(hub, token, 'updateOrganization', { id: ids.get('ES-BCN'), name: 'Barcelona Diagonal 2' });
    expect((await rename(await hub.login('es.manager@demo.test'))).__typename).toBe('ForbiddenError');
    expect((await rename(await hub.login('bcn.agent@demo.test'))).__typename).toBe('ForbiddenError');
    expect((await rename(await hub.login('hq.quality@demo.test'))).__typename).toBe('ForbiddenError');
    expect((await rename(await hub.login('mad.agent@demo.test'))).__typename).toBe('NotFoundError');
    expect((await rename(await hub.login('fr.agent@demo.test'))).__typename).toBe('NotFoundError');
    expect((await rename(esAdmin)).__typename).toBe('UpdateOrganizationPayload');
    const anonymous = await hub.gql(
      'mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }',
      { input: { id: ids.get('ES-BCN'), name: 'Nobody' } },
    );
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('codes are letters, digits and dashes, unique network-wide; ES-MAD2 beside ES-MAD stays apart', async () => {
    const create = (code: string, extra: Record<string, unknown> = {}) =>
      adminMutation(hub, esAdmin, 'createOrganization', {
        parentId: ids.get('ES'),
        kind: 'DEALER',
        code,
        name: `Dealer ${code}`,
        timeZone: 'Europe/Madrid',
        ...extra,
      });
    for (const bad of ['ES MAD', 'ES_MAD', 'ES--MAD', '-ES', 'ÑU', 'X'.repeat(33)]) {
      const refused = await create(bad);
      expect(refused.__typename, bad).toBe('ValidationError');
      expect(refused.fieldErrors?.[0]?.path).toEqual(['code']);
    }
    // a code used anywhere, in any case, is taken: France's dealer too
    for (const taken of ['es-mad', 'FR-PAR']) {
      const refused = await create(taken);
      expect(refused.fieldErrors).toEqual([{ path: ['code'], message: 'This code is already used in the network' }]);
    }
    expect((await create('ES-BAD-TZ', { timeZone: 'Europe/Atlantis' })).fieldErrors?.[0]?.path).toEqual(['timeZone']);
    expect((await create('ES-CTY', { kind: 'COUNTRY' })).fieldErrors?.[0]?.path).toEqual(['kind']);
    // when ES-MAD2 is added
    const mad2 = await create('ES-MAD2');
    expect(mad2.organization?.code).toBe('ES-MAD2');
    ids = await organizationIds(hub);
    const { token: mad2Agent } = await inviteAndLogIn(hub, 'es.manager@demo.test', {
      email: 'mad2.agent@demo.test',
      organizationId: ids.get('ES-MAD2') as string,
      role: 'AGENT',
    });
    const madCase = await openCaseAs(hub, 'mad.agent@demo.test');
    // then ES-MAD's staff neither see ES-MAD2 nor its cases, and the other way round
    expect(await codesSeenBy(await hub.login('mad.agent@demo.test'))).toEqual(['ES-MAD']);
    expect(await codesSeenBy(mad2Agent)).toEqual(['ES-MAD2']);
    const seen = await hub.gql<{ case: unknown }>(
      'query ($r: String!) { case(reference: $r) { id } }',
      { r: madCase.reference },
      mad2Agent,
    );
    expect(seen.data?.case).toBeNull();
    const staff = await hub.gql<{ node: { staff: { totalCount: number; edges: { node: { email: string } }[] } } }>(
      'query ($id: ID!) { node(id: $id) { ... on Organization { staff { totalCount edges { node { email } } } } } }',
      { id: ids.get('ES-MAD') },
      mad2Agent,
    );
    expect(staff.data?.node).toBeNull();
  });

  it('a deactivated dealer opens no new cases; its cases stay visible and workable; reactivated, it opens again', async () => {
    // given a case at Barcelona
    const existing = await openCaseAs(hub, 'bcn.agent@demo.test');
    // when Spain's administrator deactivates Barcelona
    const deactivated = await adminOk(hub, esAdmin, 'deactivateOrganization', { id: ids.get('ES-BCN') });
    expect(deactivated.organization?.active).toBe(false);
    // then Barcelona cannot open a case
    const refused = await caseMutation(hub, await hub.login('bcn.agent@demo.test'), 'openCase', {
      channel: 'WALK_IN',
      customer: { name: 'Late customer' },
      subject: 'Too late',
      description: 'The outlet closed',
    });
    expect(refused.__typename).toBe('ValidationError');
    // and its existing case is still worked and seen by the country
    const note = await caseMutation(hub, await hub.login('bcn.agent@demo.test'), 'addCaseNote', {
      caseId: existing.id,
      body: 'Customer informed of the closure',
      visibility: 'PUBLIC',
    });
    expect(note.__typename).toBe('AddCaseNotePayload');
    const escalated = await caseMutation(hub, await hub.login('bcn.agent@demo.test'), 'escalateCase', {
      caseId: existing.id,
      reason: 'Outlet closing',
    });
    expect(escalated.case?.owner.code).toBe('ES');
    // when reactivated, it opens cases again
    await adminOk(hub, esAdmin, 'reactivateOrganization', { id: ids.get('ES-BCN') });
    expect((await openCaseAs(hub, 'bcn.agent@demo.test')).originOrganization.code).toBe('ES-BCN');
  });

  it('saving an organization unchanged (or with nothing given) succeeds and records no change', async () => {
    const token = await hub.login('hq.admin@demo.test');
    const trailLength = async () =>
      (await hub.gql<{ adminChanges: { totalCount: number } }>('{ adminChanges { totalCount } }', {}, token)).data
        ?.adminChanges.totalCount;
    const before = await trailLength();
    await adminOk(hub, token, 'updateOrganization', { id: ids.get('FR') });
    await adminOk(hub, token, 'updateOrganization', { id: ids.get('FR'), name: 'Acme France', code: 'FR' });
    expect(await trailLength()).toBe(before);
  });

  it('every administrative change is audited, and the trail is scoped like cases', async () => {
    type Changes = {
      adminChanges: {
        totalCount: number;
        edges: {
          node: {
            action: string;
            organization: { code: string } | null;
            changes: { field: string; before: string | null; after: string | null }[];
          };
        }[];
      };
    };
    const TRAIL =
      '{ adminChanges(first: 100) { totalCount edges { node { action organization { code } changes { field before after } } } } }';
    await adminOk(hub, esAdmin, 'createOrganization', {
      parentId: ids.get('ES'),
      kind: 'DEALER',
      code: 'ES-AUD',
      name: 'Auditada',
      timeZone: 'Europe/Madrid',
    });
    await adminOk(hub, await hub.login('hq.admin@demo.test'), 'updateOrganization', {
      id: ids.get('FR-PAR'),
      name: 'Paris Nord Est',
    });
    const hq = (await hub.gql<Changes>(TRAIL, {}, await hub.login('hq.quality@demo.test'))).data?.adminChanges;
    const renamed = hq?.edges.find(
      (e) => e.node.action === 'ORGANIZATION_UPDATED' && e.node.organization?.code === 'FR-PAR',
    );
    expect(renamed?.node.changes).toEqual([{ field: 'name', before: '"Paris Nord"', after: '"Paris Nord Est"' }]);
    // Spain's administrator sees Spain's changes, not France's
    const es = (await hub.gql<Changes>(TRAIL, {}, esAdmin)).data?.adminChanges;
    expect(es?.edges.some((e) => e.node.organization?.code === 'ES-AUD')).toBe(true);
    expect(es?.edges.some((e) => e.node.organization?.code === 'FR-PAR')).toBe(false);
    // an agent sees no trail at all
    const agent = (await hub.gql<Changes>(TRAIL, {}, await hub.login('es.agent@demo.test'))).data?.adminChanges;
    expect(agent?.totalCount).toBe(0);
    expect(hq?.totalCount).toBeGreaterThan(es?.totalCount ?? Infinity);
    // and one organization's trail holds only changes concerning its subtree
    const paris = await hub.gql<Changes>(
      'query ($org: ID) { adminChanges(organizationId: $org) { totalCount edges { node { action organization { code } changes { field before after } } } } }',
      { org: ids.get('FR-PAR') },
      await hub.login('hq.quality@demo.test'),
    );
    expect(paris.data?.adminChanges.edges.map((e) => [e.node.action, e.node.organization?.code])).toEqual([
      ['ORGANIZATION_UPDATED', 'FR-PAR'],
    ]);
  });
});
