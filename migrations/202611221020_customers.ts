import { type Kysely, sql } from 'kysely';

// One customer record for the whole brand: matched by normalized e-mail
// (lower case) or phone (E.164), so no channel creates a duplicate.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 200`))
    .addColumn('email', 'text', (c) => c.check(sql`email = lower(email) and char_length(email) <= 254`))
    .addColumn('phone', 'text', (c) => c.check(sql`phone ~ '^\\+[1-9][0-9]{6,14}$'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index customers_email_key on customers (email) where email is not null`.execute(db);
  await sql`create unique index customers_phone_key on customers (phone) where phone is not null`.execute(db);
  await sql`create index customers_name_idx on customers (lower(name) text_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('customers').execute();
}
