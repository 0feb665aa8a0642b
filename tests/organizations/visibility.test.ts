import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOrganization } from '../../seeds/network.js';
import { caseMutation, openCaseAs } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';

const ORGANIZATIONS = '{ organizations { id code kind parent { code } children { code } } }';
const NODE = 'query ($id: ID!) { node(id: $id) { id ... on Organization { code } } }';

type Orgs = {
  organizations: { id: string; code: string; parent: { code: string } | null; children: { code: string }[] }[];
};

describe.each(ENGINES)('organizations visible per role on %s', (engine) => {
  let hub: TestHub;
  let ids: Map<string, string>;
  beforeAll(async () => {
    hub = await startHub(engine);
    // A dealer whose code has a sibling's code as prefix must stay apart from it.
    await ensureOrganization(hub.database.db, {
      code: 'ES-MAD2',
      kind: 'DEALER',
      parentCode: 'ES',
      name: 'Madrid Norte',
      timeZone: 'Europe/Madrid',
      country: 'ES',
    });
    const admin = await hub.login('hq.admin@demo.test');
    const all = await hub.gql<Orgs>(ORGANIZATIONS, {}, admin);
    ids = new Map(all.data?.organizations.map((o) => [o.code, o.id]));
  });
  afterAll(() => hub?.close());

  async function codesFor(email: string) {
    const result = await hub.gql<Orgs>(ORGANIZATIONS, {}, await hub.login(email));
    return result.data?.organizations.map((o) => o.code);
  }

  it('HQ sees the whole network, root first', async () => {
    expect(await codesFor('hq.admin@demo.test')).toEqual(['HQ', 'ES', 'FR', 'ES-BCN', 'ES-MAD', 'ES-MAD2', 'FR-PAR']);
    expect(await codesFor('hq.quality@demo.test')).toHaveLength(7);
  });

  it('a country sees itself and its dealers, never another country', async () => {
    expect(await codesFor('es.agent@demo.test')).toEqual(['ES', 'ES-BCN', 'ES-MAD', 'ES-MAD2']);
    expect(await codesFor('fr.agent@demo.test')).toEqual(['FR', 'FR-PAR']);
  });

  it('a dealer sees only its own subtree, not a dealer whose code extends its own', async () => {
    expect(await codesFor('mad.agent@demo.test')).toEqual(['ES-MAD']);
    expect(await codesFor('bcn.agent@demo.test')).toEqual(['ES-BCN']);
  });

  it('a dealer reads its ancestors by id but not a sibling or another branch', async () => {
    const token = await hub.login('mad.agent@demo.test');
    const read = async (code: string) =>
      (await hub.gql<{ node: { code: string } | null }>(NODE, { id: ids.get(code) }, token)).data?.node;
    expect(await read('ES')).toEqual({ id: ids.get('ES'), code: 'ES' });
    expect(await read('HQ')).toEqual({ id: ids.get('HQ'), code: 'HQ' });
    expect(await read('ES-BCN')).toBeNull();
    expect(await read('ES-MAD2')).toBeNull();
    expect(await read('FR-PAR')).toBeNull();
    expect(await read('FR')).toBeNull();
  });

  it('children stay inside the viewer’s subtree', async () => {
    const result = await hub.gql<{ node: { children: { code: string }[] } }>(
      'query ($id: ID!) { node(id: $id) { ... on Organization { children { code } } } }',
      { id: ids.get('ES') },
      await hub.login('mad.agent@demo.test'),
    );
    expect(result.data?.node.children).toEqual([{ code: 'ES-MAD' }]);
  });

  it('an anonymous caller reads no organization by id', async () => {
    expect((await hub.gql<{ node: unknown }>(NODE, { id: ids.get('HQ') })).data?.node).toBeNull();
  });
});

describe.each(ENGINES)('escalation targets: ancestors as the viewer may read them, on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(engine);
  });
  afterAll(() => hub?.close());

  const OWNER_ANCESTORS = 'query ($r: String!) { case(reference: $r) { owner { code ancestors { code } } } }';
  type OwnerAncestors = { case: { owner: { code: string; ancestors: { code: string }[] } } | null };

  it('a dealer’s case lists the whole chain above the dealer, root first', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');

    const result = await hub.gql<OwnerAncestors>(
      OWNER_ANCESTORS,
      { r: opened.reference },
      await hub.login('mad.agent@demo.test'),
    );

    expect(result.data?.case?.owner).toEqual({ code: 'ES-MAD', ancestors: [{ code: 'HQ' }, { code: 'ES' }] });
  });

  it('a case moved to another branch lists only the ancestors the earlier holder may read', async () => {
    // Given a Madrid case that HQ moved to the Paris dealer (Madrid keeps seeing it)
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const hq = await hub.login('hq.admin@demo.test');
    const paris = await hub.gql<{ organizations: { id: string; code: string }[] }>(
      '{ organizations { id code } }',
      {},
      hq,
    );
    const parisId = paris.data?.organizations.find((o) => o.code === 'FR-PAR')?.id;
    const moved = await caseMutation(hub, hq, 'transferCase', {
      caseId: opened.id,
      toOrganizationId: parisId,
      reason: 'Bought in Paris',
    });
    expect(moved.__typename).toBe('TransferCasePayload');

    // When Madrid and Paris read its owner's ancestors
    const read = async (email: string) =>
      (await hub.gql<OwnerAncestors>(OWNER_ANCESTORS, { r: opened.reference }, await hub.login(email))).data?.case
        ?.owner;

    // Then Madrid sees HQ above Paris but not the French office; Paris sees both
    expect(await read('mad.agent@demo.test')).toEqual({ code: 'FR-PAR', ancestors: [{ code: 'HQ' }] });
    expect(await read('par.agent@demo.test')).toEqual({ code: 'FR-PAR', ancestors: [{ code: 'HQ' }, { code: 'FR' }] });
  });
});
