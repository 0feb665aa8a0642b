import { type Kysely, sql } from 'kysely';

// Attempt counters shared by every process (rate-limiter-flexible's PostgreSQL
// store, in the shape it expects). Unused on embedded PGlite, which counts in memory.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table rate_limits (
      key varchar(255) primary key,
      points integer not null default 0,
      expire bigint
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}
