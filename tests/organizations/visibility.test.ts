import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOrganization } from '../../seeds/network.js';
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
