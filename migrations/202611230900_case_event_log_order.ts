import { type Kysely, sql } from 'kysely';

// Case event ids become the commit order. Each writing transaction takes its ids
// from one head row as its last step, so the row lock is held until commit: the
// next writer reads the head only after the previous one committed. Ids are then
// gapless and visible in order, so "every event after N" is `id > N` on every
// process, and a reader can never skip an event that commits later.
// This replaces the identity column and the transaction id kept for the same purpose.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table case_events alter column id drop identity`.execute(db);
  await sql`alter table case_events drop column xid`.execute(db);
  await db.schema
    .createTable('case_event_log_head')
    .addColumn('singleton', 'boolean', (c) =>
      c
        .primaryKey()
        .defaultTo(true)
        .check(sql`singleton`),
    )
    .addColumn('last_event_id', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into case_event_log_head (last_event_id) select coalesce(max(id), 0) from case_events`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_event_log_head').execute();
  await sql`alter table case_events add column xid xid8 not null default pg_current_xact_id()`.execute(db);
  await sql`alter table case_events alter column id add generated always as identity`.execute(db);
  await sql`
    select setval(pg_get_serial_sequence('case_events', 'id'), coalesce(max(id), 0) + 1, false) from case_events
  `.execute(db);
}
