import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, withoutStatementTimeout } from '../../server/db/migrate.js';
import type { Database } from '../../server/db/database.js';
import { DEMO_ORGANIZATIONS, DEMO_USERS, seedDemoNetwork } from '../../seeds/demo.js';
import { ENGINES, freshDatabase } from '../support/hub.js';

describe.each(ENGINES)('database on %s', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(engine);
  });
  afterAll(() => database?.close());

  it('migrates an empty database to the latest schema, and a second run changes nothing', async () => {
    // given an empty database, when migrations run
    const applied = await migrateToLatest(database.db);
    // then every migration ran once and the core tables exist
    expect(applied.length).toBeGreaterThan(0);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public'`.execute(database.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'organizations',
        'users',
        'memberships',
        'sessions',
        'customers',
        'cases',
        'case_events',
        'idempotency_keys',
      ]),
    );
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('runs migrations without the requests’ statement time limit, and gives the limit back afterwards', async () => {
    const limit = async (db: typeof database.db) =>
      (await sql<{ statement_timeout: string }>`show statement_timeout`.execute(db)).rows[0]?.statement_timeout;
    const requests = await limit(database.db);
    // A migration that rewrites a large table (a roll-up recount) may take minutes: no limit while it runs ...
    expect(await withoutStatementTimeout(database.db, (connection) => limit(connection))).toBe('0');
    // ... and the pool's connections keep the limit that protects requests (15 s on PostgreSQL here).
    expect(await limit(database.db)).toBe(requests);
    if (engine === 'postgres') expect(requests).toBe('15s');
  });

  it('loads the demo network once, however often the seed runs', async () => {
    // given the seed ran already, when it runs twice more
    await seedDemoNetwork(database.db);
    await seedDemoNetwork(database.db);
    await seedDemoNetwork(database.db);
    // then the network and users of the contract exist exactly once
    const orgs = await database.db
      .selectFrom('organizations')
      .select(['code', 'name', 'kind', 'time_zone'])
      .orderBy('code')
      .execute();
    expect(orgs.map((o) => o.code)).toEqual(DEMO_ORGANIZATIONS.map((o) => o.code).sort());
    const users = await database.db.selectFrom('users').select('email').execute();
    expect(users).toHaveLength(DEMO_USERS.length);
    const memberships = await database.db.selectFrom('memberships').select('role').execute();
    expect(memberships).toHaveLength(DEMO_USERS.length);
  });

  it('stores each organization with its whole path, so a subtree is one condition', async () => {
    const byCode = new Map(
      (await database.db.selectFrom('organizations').selectAll().execute()).map((o) => [o.code, o]),
    );
    const hq = byCode.get('HQ');
    const es = byCode.get('ES');
    const mad = byCode.get('ES-MAD');
    expect(mad?.path).toEqual([hq?.id, es?.id, mad?.id]);
    expect(mad?.country_id).toBe(es?.id);
    const subtreeOfEs = await database.db
      .selectFrom('organizations')
      .select('code')
      .where('path', '@>', sql<string[]>`array[${es?.id}]::uuid[]`)
      .orderBy('code')
      .execute();
    expect(subtreeOfEs.map((o) => o.code)).toEqual(['ES', 'ES-BCN', 'ES-MAD']);
  });

  it('refuses to update or delete a case event: history is append-only', async () => {
    // given a case with one event
    const org = await database.db
      .selectFrom('organizations')
      .select(['id', 'path'])
      .where('code', '=', 'ES-MAD')
      .executeTakeFirstOrThrow();
    const es = await database.db
      .selectFrom('organizations')
      .select('id')
      .where('code', '=', 'ES')
      .executeTakeFirstOrThrow();
    const customer = await database.db
      .insertInto('customers')
      .values({ name: 'Ana' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const kase = await database.db
      .insertInto('cases')
      .values({
        country_id: es.id,
        reference: 'ES-TEST-1',
        access_code: 'ABCDEFGH',
        subject: 'Noisy gearbox',
        description: '',
        status: 'NEW',
        priority: 'NORMAL',
        channel: 'WALK_IN',
        origin_organization_id: org.id,
        owner_organization_id: org.id,
        holder_ids: [org.id],
        visible_to: org.path,
        customer_id: customer.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const event = await database.db
      .insertInto('case_events')
      .values({ id: 1, case_id: kase.id, country_id: es.id, type: 'OPENED', visibility: 'INTERNAL' })
      .returning('id')
      .executeTakeFirstOrThrow();
    // when someone tries to rewrite it, then the database refuses
    await expect(
      database.db.updateTable('case_events').set({ body: 'rewritten' }).where('id', '=', event.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('case_events').where('id', '=', event.id).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`truncate case_events cascade`.execute(database.db)).rejects.toThrow(/append-only/);
    const still = await database.db
      .selectFrom('case_events')
      .select('body')
      .where('id', '=', event.id)
      .executeTakeFirst();
    expect(still?.body).toBeNull();
  });

  it('keeps two concurrent transactions from seeing or undoing each other’s work', async () => {
    // given one transaction that rolls back while another commits
    const failing = database.db.transaction().execute(async (trx) => {
      await trx.insertInto('customers').values({ name: 'Rolled back', email: 'rolled@back.test' }).execute();
      await new Promise((r) => setTimeout(r, 20));
      throw new Error('abort');
    });
    const committing = database.db.transaction().execute(async (trx) => {
      await trx.insertInto('customers').values({ name: 'Committed', email: 'committed@ok.test' }).execute();
    });
    await expect(failing).rejects.toThrow('abort');
    await committing;
    // then only the committed row exists
    const emails = await database.db.selectFrom('customers').select('email').where('email', 'like', '%.test').execute();
    expect(emails.map((e) => e.email)).toEqual(['committed@ok.test']);
  });
});
