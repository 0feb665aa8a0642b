import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { openDatabase, type Database } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createHub } from '../../server/http/app.js';
import { createCaseEventBus } from '../../server/realtime/event-bus.js';

describe('health endpoints', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://', databaseUrl: undefined });
  });
  afterAll(() => database?.close());

  it('is live at once, and ready only once migrations have run', async () => {
    let migrated = false;
    const hub = createHub({
      db: database.db,
      config: loadConfig({}),
      events: createCaseEventBus(database.db),
      isMigrated: () => migrated,
    });
    expect((await hub.fetch('http://hub.test/health/live')).status).toBe(200);
    expect((await hub.fetch('http://hub.test/health/ready')).status).toBe(503);
    await migrateToLatest(database.db);
    migrated = true;
    const ready = await hub.fetch('http://hub.test/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('is not ready when the database stops answering', async () => {
    const other = await openDatabase({ dataDir: 'memory://', databaseUrl: undefined });
    const hub = createHub({
      db: other.db,
      config: loadConfig({}),
      events: createCaseEventBus(database.db),
      isMigrated: () => true,
    });
    await other.close();
    expect((await hub.fetch('http://hub.test/health/ready')).status).toBe(503);
  });
});
