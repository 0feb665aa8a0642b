import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { logger } from '../http/logger.js';
import { PGLITE_OPTIONS, startNewDatabase } from './pglite-template.js';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;

export interface DatabaseConfig {
  /** `postgres://...` for PostgreSQL; unset for embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite's data folder, or `memory://` for a throwaway database. */
  dataDir: string;
}

export interface Database {
  db: Db;
  engine: 'postgres' | 'pglite';
  /** The PostgreSQL pool, for the real-time listener's dedicated connection. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

// int8 (case event ids, counts) as JS numbers: ids stay far below 2^53, and
// both engines then hand back the same types.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Put first in a statement whose best plan depends on its parameters (a report over a period: an hour of cases
 * or a year of them), so that it is never prepared by name: PostgreSQL would switch a named statement to one
 * generic plan after five runs, and a plan made for unknown periods can read the whole table.
 */
const PLANNED_PER_RUN_MARK = '/* planned per run */';
export const plannedPerRun = sql.raw(PLANNED_PER_RUN_MARK);

/** Distinct statements prepared by name, at most: beyond, statements run unnamed (parsed each time). */
const MAX_NAMED_STATEMENTS = 2_000;
const statementNames = new Map<string, string>();

/**
 * Runs every parameterized statement as a named prepared statement on its
 * connection: PostgreSQL parses and plans a hot query (a session lookup, a
 * case read) once per connection instead of on every request. Off with
 * DATABASE_PREPARED_STATEMENTS=0, e.g. behind a pooler in transaction mode
 * that cannot keep statements prepared across transactions.
 */
function prepareStatementsByName(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((config: unknown, values?: unknown, callback?: unknown) => {
    if (
      typeof config === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      callback === undefined &&
      !config.startsWith(PLANNED_PER_RUN_MARK)
    ) {
      let name = statementNames.get(config);
      if (!name && statementNames.size < MAX_NAMED_STATEMENTS) {
        name = `hub_${statementNames.size + 1}`;
        statementNames.set(config, name);
      }
      if (name) return query({ name, text: config, values });
    }
    return callback === undefined ? query(config, values) : query(config, values, callback);
  }) as typeof client.query;
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      types: pgTypes,
      // No statement may hold a connection for long: a runaway query fails instead of starving the pool.
      statement_timeout: Number(process.env.STATEMENT_TIMEOUT_MS ?? 15_000),
    });
    // An idle connection that the server closes (restart, failover, DROP DATABASE ... FORCE)
    // is dropped from the pool and replaced on demand; without a listener it would crash the process.
    pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection lost'));
    // The same for a connection lost while checked out between two queries (the pool listens only to idle ones);
    // the query that uses it next fails and the pool discards it.
    const preparedStatements = process.env.DATABASE_PREPARED_STATEMENTS !== '0';
    pool.on('connect', (client) => {
      client.on('error', (error) => logger.warn({ err: error }, 'database connection lost while in use'));
      if (preparedStatements) prepareStatementsByName(client);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', pool, close: () => db.destroy() };
  }
  const inMemory = config.dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(config.dataDir, { recursive: true });
  const isNew = inMemory || !existsSync(join(config.dataDir, 'PG_VERSION'));
  const template = isNew ? await startNewDatabase(config.dataDir) : undefined;
  const pglite = await PGlite.create(config.dataDir, {
    ...PGLITE_OPTIONS,
    parsers: { [INT8_OID]: (value: string) => Number(value) },
    ...(template && { loadDataDir: template }),
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    engine: 'pglite',
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
