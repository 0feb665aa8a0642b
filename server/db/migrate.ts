import { Migrator, sql, type Kysely } from 'kysely';
import { migrations } from '../../migrations/index.js';

/**
 * Runs `work` on one connection of the pool with no statement time limit, and puts the limit back before the
 * connection returns to the pool: migrations and roll-up rebuilds rewrite whole tables, which on a large
 * database takes minutes, far past the limit that protects requests.
 */
export async function withoutStatementTimeout<T>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- also used with the untyped migration handle
  db: Kysely<any>,
  work: (connection: Kysely<any>) => Promise<T>, // eslint-disable-line @typescript-eslint/no-explicit-any
): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`set statement_timeout = 0`.execute(connection);
    try {
      return await work(connection);
    } finally {
      await sql`reset statement_timeout`.execute(connection);
    }
  });
}

/** Brings the schema up to the newest migration; throws on the first failure. */
export async function migrateToLatest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
  db: Kysely<any>,
): Promise<string[]> {
  return withoutStatementTimeout(db, async (connection) => {
    const migrator = new Migrator({ db: connection, provider: { getMigrations: async () => migrations } });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return (results ?? []).map((r) => r.migrationName);
  });
}
