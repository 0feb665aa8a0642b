import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../../server/config.js';
import { openDatabase, type Database } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createHub, type Hub } from '../../server/http/app.js';
import { createCaseEventBus, type CaseEventBus } from '../../server/realtime/event-bus.js';
import { DEMO_PASSWORD, seedDemoNetwork } from '../../seeds/demo.js';

export type Engine = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL points at a server. */
export const ENGINES: Engine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A fresh, empty database on the engine: in-memory PGlite, or a new PostgreSQL database dropped on close. */
export async function freshDatabase(engine: Engine): Promise<Database> {
  if (engine === 'pglite') return openDatabase({ dataDir: 'memory://', databaseUrl: undefined });
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: (string | number)[] }[];
}

export interface TestHub {
  engine: Engine;
  database: Database;
  hub: Hub;
  events: CaseEventBus;
  /** Runs an operation through the HTTP app, as the holder of `token` (or anonymously). */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  /** Logs a demo user in and returns the bearer token (the same one each time, unless `fresh`). */
  login(email: string, password?: string, options?: { fresh?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/** A migrated hub with the demo network, on a fresh database of the engine. */
export async function startHub(
  engine: Engine,
  options: { seed?: boolean; config?: Partial<Config> } = {},
): Promise<TestHub> {
  const database = await freshDatabase(engine);
  await migrateToLatest(database.db);
  if (options.seed ?? true) await seedDemoNetwork(database.db);
  // On PostgreSQL the bus listens like a server process does, so NOTIFY is exercised too.
  const events = createCaseEventBus(database.db, { listenUrl: database.pool?.options.connectionString });
  await events.start();
  // One test client stands for many people at many desks: sign-in limits per client are lifted
  // unless a test sets them (the rate-limit tests do).
  const config = { ...loadConfig({}), seedDemo: true, loginsPerClientPerMinute: 100_000, ...options.config };
  const hub = createHub({ db: database.db, config, events, pool: database.pool, isMigrated: () => true });
  const tokens = new Map<string, string>();

  async function gql<T>(query: string, variables?: Record<string, unknown>, token?: string) {
    const response = await hub.fetch('http://hub.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  return {
    engine,
    database,
    hub,
    events,
    gql,
    async login(email, password = DEMO_PASSWORD, options = {}) {
      const cached = tokens.get(`${email}\n${password}`);
      if (cached && !options.fresh) return cached;
      const result = await gql<{ login: { __typename: string; token?: string } }>(
        'mutation ($input: LoginInput!) { login(input: $input) { __typename ... on LoginPayload { token } } }',
        { input: { email, password } },
      );
      const token = result.data?.login.token;
      if (!token) throw new Error(`login of ${email} failed: ${JSON.stringify(result)}`);
      if (!options.fresh) tokens.set(`${email}\n${password}`, token);
      return token;
    },
    async close() {
      await events.close();
      await database.close();
    },
  };
}
