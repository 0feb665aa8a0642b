import { type Kysely, sql } from 'kysely';

// Cases and their append-only history. Both carry `country_id`, the future
// shard key. `visible_to` holds every ancestor-or-self of every organization
// that has held the case, so "may X see it" is `visible_to @> ARRAY[X]` (GIN).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('country_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('access_code', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull().check(sql`char_length(subject) between 1 and 200`))
    .addColumn('description', 'text', (c) => c.notNull().check(sql`char_length(description) <= 20000`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'RESOLVED', 'CLOSED')`),
    )
    .addColumn('priority', 'text', (c) => c.notNull().check(sql`priority in ('LOW', 'NORMAL', 'HIGH', 'URGENT')`))
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('WALK_IN', 'PHONE', 'EMAIL', 'WEB', 'CHAT', 'SOCIAL', 'EVENT')`),
    )
    .addColumn('origin_organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('owner_organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('holder_ids', sql`uuid[]`, (c) => c.notNull())
    .addColumn('visible_to', sql`uuid[]`, (c) => c.notNull())
    .addColumn('assignee_id', 'uuid', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('customer_id', 'uuid', (c) => c.notNull().references('customers.id').onDelete('restrict'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('first_responded_at', 'timestamptz')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('first_response_due_at', 'timestamptz')
    .addColumn('resolution_due_at', 'timestamptz')
    .addColumn('rating', 'integer', (c) => c.check(sql`rating between 1 and 5`))
    .addColumn('rating_comment', 'text', (c) => c.check(sql`char_length(rating_comment) <= 10000`))
    .execute();
  await sql`create index cases_visible_to_gin on cases using gin (visible_to)`.execute(db);
  // Lists are "newest activity first" with keyset pagination on (updated_at, id).
  await sql`create index cases_updated_idx on cases (updated_at desc, id desc)`.execute(db);
  await sql`create index cases_customer_idx on cases (customer_id)`.execute(db);
  await sql`create index cases_owner_idx on cases (owner_organization_id)`.execute(db);
  await sql`create index cases_assignee_idx on cases (assignee_id) where assignee_id is not null`.execute(db);

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id').onDelete('restrict'))
    .addColumn('country_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type ~ '^[A-Z_]{1,40}$'`))
    .addColumn('actor_id', 'uuid', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('organization_id', 'uuid', (c) => c.references('organizations.id').onDelete('restrict'))
    .addColumn('channel', 'text', (c) =>
      c.check(sql`channel in ('WALK_IN', 'PHONE', 'EMAIL', 'WEB', 'CHAT', 'SOCIAL', 'EVENT')`),
    )
    .addColumn('visibility', 'text', (c) => c.notNull().check(sql`visibility in ('PUBLIC', 'INTERNAL')`))
    .addColumn('body', 'text', (c) => c.check(sql`char_length(body) <= 20000`))
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // The writing transaction's id: lets readers tell which events have committed.
    .addColumn('xid', sql`xid8`, (c) => c.notNull().defaultTo(sql`pg_current_xact_id()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index case_events_case_idx on case_events (case_id, id)`.execute(db);

  // History is never rewritten: the database itself refuses it.
  await sql`
    create function case_events_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'case_events is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger case_events_append_only before update or delete on case_events
    for each row execute function case_events_refuse_change()`.execute(db);
  await sql`
    create trigger case_events_no_truncate before truncate on case_events
    for each statement execute function case_events_refuse_change()`.execute(db);

  // References are read out on the phone: per country and year, a short counter.
  await db.schema
    .createTable('case_reference_counters')
    .addColumn('country_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_reference_counters_pkey', ['country_id', 'year'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('key', 'text', (c) => c.notNull().check(sql`char_length(key) between 1 and 200`))
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('case_id', 'uuid', (c) => c.references('cases.id').onDelete('restrict'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['user_id', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.dropTable('case_reference_counters').execute();
  await db.schema.dropTable('case_events').execute();
  await sql`drop function case_events_refuse_change()`.execute(db);
  await db.schema.dropTable('cases').execute();
}
