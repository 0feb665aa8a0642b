import { type Kysely, sql } from 'kysely';

// Per-case figures for the quality KPIs, written by the one write path in the
// transaction of the change that settles them (first response, resolution,
// escalation, reopen, rating). Business minutes need the calendars of every
// holder, which SQL cannot count cheaply over a million cases: they are counted
// once, by the SLA clock, when the case reaches that point, and the metrics
// query takes medians and percentiles of the stored numbers.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('cases')
    .addColumn('first_response_minutes', 'double precision', (c) => c.check(sql`first_response_minutes >= 0`))
    .addColumn('resolution_minutes', 'double precision', (c) => c.check(sql`resolution_minutes >= 0`))
    .addColumn('sla_met', 'boolean')
    .addColumn('escalation_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rated_at', 'timestamptz')
    .addColumn('dealer_minutes', 'double precision')
    .addColumn('country_minutes', 'double precision')
    .addColumn('hq_minutes', 'double precision')
    .execute();
  // A dealer's or country's metrics read the cases opened in its subtree.
  await sql`create index cases_origin_idx on cases (origin_organization_id)`.execute(db);
  // Each KPI reads the cases that reached one point within the period.
  await sql`create index cases_created_idx on cases (created_at)`.execute(db);
  await sql`create index cases_resolved_idx on cases (resolved_at) where resolved_at is not null`.execute(db);
  await sql`create index cases_first_responded_idx on cases (first_responded_at) where first_responded_at is not null`.execute(
    db,
  );
  await sql`create index cases_rated_idx on cases (rated_at) where rated_at is not null`.execute(db);
  // The audit list filters the log by type (quality reviews) and actor, newest first.
  await sql`create index case_events_type_idx on case_events (type, id)`.execute(db);
  await sql`create index case_events_actor_idx on case_events (actor_id, id) where actor_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index case_events_actor_idx`.execute(db);
  await sql`drop index case_events_type_idx`.execute(db);
  await sql`drop index cases_rated_idx`.execute(db);
  await sql`drop index cases_first_responded_idx`.execute(db);
  await sql`drop index cases_resolved_idx`.execute(db);
  await sql`drop index cases_created_idx`.execute(db);
  await sql`drop index cases_origin_idx`.execute(db);
  await db.schema
    .alterTable('cases')
    .dropColumn('first_response_minutes')
    .dropColumn('resolution_minutes')
    .dropColumn('sla_met')
    .dropColumn('escalation_count')
    .dropColumn('reopen_count')
    .dropColumn('rated_at')
    .dropColumn('dealer_minutes')
    .dropColumn('country_minutes')
    .dropColumn('hq_minutes')
    .execute();
}
