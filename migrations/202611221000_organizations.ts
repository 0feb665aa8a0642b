import { type Kysely, sql } from 'kysely';

// The network tree. `path` holds the ids of every ancestor and the organization
// itself, root first: "X's subtree" is `path @> ARRAY[X]`, one GIN-indexed test
// on whole ids, so codes that prefix each other (ES-MAD, ES-MAD2) never match.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`code ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,31}$'`),
    )
    .addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 200`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('HQ', 'COUNTRY', 'DEALER')`))
    .addColumn('parent_id', 'uuid', (c) => c.references('organizations.id').onDelete('restrict'))
    .addColumn('path', sql`uuid[]`, (c) => c.notNull())
    .addColumn('country_id', 'uuid', (c) => c.references('organizations.id').onDelete('restrict'))
    .addColumn('country', 'text', (c) => c.check(sql`country ~ '^[A-Z]{2}$'`))
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('organizations_path_ends_with_self', sql`path[array_length(path, 1)] = id`)
    .execute();
  await sql`create index organizations_path_gin on organizations using gin (path)`.execute(db);
  await db.schema.createIndex('organizations_parent_idx').on('organizations').column('parent_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organizations').execute();
}
