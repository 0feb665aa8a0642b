import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.js';
import { DEMO_USERS } from '../../seeds/demo.js';
import { freshDatabase } from '../support/hub.js';
import { gqlAt, loginAt, startServerProcess, type ServerProcess } from '../support/server-process.js';

/** What `npm start` runs: the build (scripts/build.js, made fresh by the global setup), not the sources. */
const NPM_START = ['scripts/start.js'];

type Orgs = { organizations: { code: string }[] };
type Cases = { cases: { edges: { node: { reference: string; status: string } }[] } };

function provesAFreshStart(hub: () => ServerProcess) {
  it('lets every demo user sign in with the documented password', async () => {
    for (const user of DEMO_USERS) {
      const token = await loginAt(hub(), user.email);
      const viewer = await gqlAt<{ viewer: { email: string } }>(hub(), '{ viewer { email } }', {}, token);
      expect(viewer.viewer.email).toBe(user.email);
    }
  });

  it('shows a dealer agent only its own subtree, and HQ the whole network', async () => {
    const organizations = async (email: string) =>
      (await gqlAt<Orgs>(hub(), '{ organizations { code } }', {}, await loginAt(hub(), email))).organizations.map(
        (o) => o.code,
      );
    expect(await organizations('mad.agent@demo.test')).toEqual(['ES-MAD']);
    expect(await organizations('hq.admin@demo.test')).toEqual(['HQ', 'ES', 'FR', 'ES-BCN', 'ES-MAD', 'FR-PAR']);
  });

  it('has the demo cases to show, each to those allowed to see it', async () => {
    const cases = async (email: string) =>
      (
        await gqlAt<Cases>(
          hub(),
          '{ cases(first: 20) { edges { node { reference status } } } }',
          {},
          await loginAt(hub(), email),
        )
      ).cases.edges.map((e) => e.node.reference);
    expect(await cases('hq.admin@demo.test')).toHaveLength(5);
    expect(await cases('mad.agent@demo.test')).toEqual([expect.stringMatching(/^ES-/), expect.stringMatching(/^ES-/)]);
    expect(await cases('par.agent@demo.test')).toEqual([expect.stringMatching(/^FR-/)]);
  });
}

describe('npm start on an empty embedded database', () => {
  let dataDir: string;
  let hub: ServerProcess;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hub-start-'));
    hub = await startServerProcess('', undefined, { DATA_DIR: dataDir }, NPM_START);
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates the database files in DATA_DIR', async () => {
    expect(await readdir(dataDir)).toEqual(expect.arrayContaining(['PG_VERSION', 'base']));
  });

  it('serves the web app at /', async () => {
    const page = await fetch(`${hub.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app"');
  });

  provesAFreshStart(() => hub);

  it('keeps its data across a restart, and the seed adds nothing twice', async () => {
    await hub.stop();
    hub = await startServerProcess('', undefined, { DATA_DIR: dataDir }, NPM_START);
    const token = await loginAt(hub, 'hq.admin@demo.test');
    const cases = await gqlAt<Cases>(hub, '{ cases(first: 20) { edges { node { reference } } } }', {}, token);
    expect(cases.cases.edges).toHaveLength(5);
  }, 120_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('npm start with WORKERS=2 on an empty PostgreSQL database', () => {
  let database: Database;
  let hub: ServerProcess;
  beforeAll(async () => {
    database = await freshDatabase('postgres');
    const url = database.pool?.options.connectionString ?? '';
    hub = await startServerProcess(url, undefined, { WORKERS: '2' }, NPM_START);
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await database?.close();
  });

  provesAFreshStart(() => hub);
});
