import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.js';
import { adminOk } from '../admin/admin-support.js';
import { organizationIds } from '../support/cases.js';
import { ENGINES, freshDatabase, startHub } from '../support/hub.js';
import { gqlAt, loginAt, startServerProcess, type ServerProcess } from '../support/server-process.js';

const ME = 'query { viewer { id email memberships { role organization { code } } } }';
type Me = {
  viewer: { id: string; email: string; memberships: { role: string; organization: { code: string } }[] } | null;
};

describe.each(ENGINES)('session cache on %s', (engine) => {
  it('given a signed-in agent whose session was just used, when they sign out, then the token is refused at once', async () => {
    const hub = await startHub(engine);
    try {
      const token = await hub.login('mad.agent@demo.test');
      expect(((await hub.gql(ME, {}, token)).data as Me).viewer?.email).toBe('mad.agent@demo.test');
      await hub.gql('mutation { logout }', {}, token);
      expect(((await hub.gql(ME, {}, token)).data as Me).viewer).toBeNull();
    } finally {
      await hub.close();
    }
  });

  it('given an agent whose session was just used, when an admin grants them a role, then their next request has it', async () => {
    const hub = await startHub(engine);
    try {
      const ids = await organizationIds(hub);
      const token = await hub.login('bcn.agent@demo.test');
      const before = ((await hub.gql(ME, {}, token)).data as Me).viewer;
      expect(before?.memberships.map((m) => m.organization.code)).toEqual(['ES-BCN']);
      await adminOk(hub, await hub.login('hq.admin@demo.test'), 'grantRole', {
        userId: before?.id,
        organizationId: ids.get('ES-MAD'),
        role: 'AGENT',
      });
      const after = ((await hub.gql(ME, {}, token)).data as Me).viewer;
      expect(after?.memberships.map((m) => m.organization.code).sort()).toEqual(['ES-BCN', 'ES-MAD']);
    } finally {
      await hub.close();
    }
  });
});

// Two real processes need a real PostgreSQL; embedded PGlite is one process by design.
describe.skipIf(!process.env.TEST_DATABASE_URL)('session cache across two server processes', () => {
  let database: Database;
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    database = await freshDatabase('postgres');
    const url = database.pool?.options.connectionString ?? '';
    // A cache far longer than the test: only the announcement of the sign-out can end the session on B.
    a = await startServerProcess(url, undefined, { SESSION_CACHE_MS: '600000' });
    b = await startServerProcess(url, undefined, { SESSION_CACHE_MS: '600000' });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.close();
  });

  it('given a session cached by process B, when the user signs out through process A, then B refuses the token', async () => {
    const token = await loginAt(a, 'es.agent@demo.test');
    expect((await gqlAt<Me>(b, ME, {}, token)).viewer?.email).toBe('es.agent@demo.test');
    await gqlAt(a, 'mutation { logout }', {}, token);
    // B hears the sign-out through PostgreSQL's NOTIFY, a moment after A's commit.
    let viewer: Me['viewer'] = { id: '', email: 'still signed in', memberships: [] };
    for (let attempt = 0; attempt < 100 && viewer; attempt++) {
      viewer = (await gqlAt<Me>(b, ME, {}, token)).viewer;
      if (viewer) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(viewer).toBeNull();
  });
});
