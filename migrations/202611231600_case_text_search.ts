import { type Kysely, sql } from 'kysely';

// The `text` filter of `cases` matches subjects and customer names anywhere in
// them (ILIKE '%…%'); trigram indexes let it do so without reading every case.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index cases_subject_trgm_idx on cases using gin (subject gin_trgm_ops)`.execute(db);
  await sql`create index customers_name_trgm_idx on customers using gin (name gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index customers_name_trgm_idx`.execute(db);
  await sql`drop index cases_subject_trgm_idx`.execute(db);
}
