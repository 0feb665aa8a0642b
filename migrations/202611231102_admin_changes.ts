import { type Kysely, sql } from 'kysely';

// The audit trail of network administration: who changed what, before and
// after. Append-only like case history. `visible_to` holds every
// ancestor-or-self of the organizations concerned, as they were at the time,
// so audit views are scoped like cases (`visible_to @> ARRAY[X]`, GIN).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('admin_changes')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action ~ '^[A-Z_]{1,40}$'`))
    .addColumn('actor_id', 'uuid', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('organization_id', 'uuid', (c) => c.references('organizations.id').onDelete('restrict'))
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('visible_to', sql`uuid[]`, (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index admin_changes_visible_to_gin on admin_changes using gin (visible_to)`.execute(db);
  await sql`
    create function admin_changes_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'admin_changes is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger admin_changes_append_only before update or delete on admin_changes
    for each row execute function admin_changes_refuse_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('admin_changes').execute();
  await sql`drop function admin_changes_refuse_change()`.execute(db);
}
