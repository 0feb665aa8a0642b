import { type Kysely, sql } from 'kysely';

// The SLA scheduler looks at every case whose clock runs (NEW or OPEN) on each pass.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index cases_sla_running_idx on cases (created_at, id) where status in ('NEW', 'OPEN')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index cases_sla_running_idx`.execute(db);
}
