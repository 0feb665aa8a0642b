import { type Kysely, sql } from 'kysely';

// E-mail and web channels: where each organization receives mail, which inbound
// messages were already taken in (so a redelivery changes nothing), the outbox of
// customer notifications (written in the case's transaction, sent by a worker),
// and the customer's language for those notifications.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table customers add column language text check (language ~ '^[a-z]{2}$')`.execute(db);

  await db.schema
    .createTable('organization_inbound_addresses')
    .addColumn('address', 'text', (c) =>
      c.primaryKey().check(sql`address = lower(address) and char_length(address) <= 254`),
    )
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index organization_inbound_addresses_org_idx on organization_inbound_addresses (organization_id)`.execute(
    db,
  );

  await db.schema
    .createTable('inbound_emails')
    .addColumn('message_id', 'text', (c) => c.primaryKey().check(sql`char_length(message_id) <= 998`))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('notification_outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('OPENED', 'PUBLIC_NOTE', 'WAITING_ON_CUSTOMER', 'RESOLVED')`),
    )
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('PENDING')
        .check(sql`status in ('PENDING', 'SENT', 'LOGGED', 'FAILED')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index notification_outbox_due_idx on notification_outbox (next_attempt_at) where status = 'PENDING'`.execute(
    db,
  );
  await sql`create index notification_outbox_case_idx on notification_outbox (case_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_outbox').execute();
  await db.schema.dropTable('inbound_emails').execute();
  await db.schema.dropTable('organization_inbound_addresses').execute();
  await sql`alter table customers drop column language`.execute(db);
}
