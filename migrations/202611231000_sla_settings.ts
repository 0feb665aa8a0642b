import { type Kysely, sql } from 'kysely';

// SLA settings, set at any organization and inherited down the tree.
// Business calendars are kept as versions (append-only): an edit applies from
// its `valid_from` on, so time a case already spent is still counted in the
// calendar that was in force then. A version with `cleared` removes the
// organization's own calendar from then on (it inherits again).
// SLA policies are the current targets per organization and priority: editing
// one re-targets open cases without touching the time they have used.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('business_calendar_settings')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('cleared', 'boolean', (c) => c.notNull().defaultTo(false))
    // null: each organization counts in its own time zone.
    .addColumn('time_zone', 'text', (c) => c.check(sql`char_length(time_zone) between 1 and 64`))
    .addColumn('weekly', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('holidays', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('locked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('set_by', 'uuid', (c) => c.references('users.id').onDelete('restrict'))
    .addCheckConstraint('business_calendar_settings_weekly_object', sql`jsonb_typeof(weekly) = 'object'`)
    .addCheckConstraint('business_calendar_settings_holidays_array', sql`jsonb_typeof(holidays) = 'array'`)
    .execute();
  await sql`create index business_calendar_settings_org_idx on business_calendar_settings (organization_id, valid_from, id)`.execute(
    db,
  );

  await db.schema
    .createTable('sla_policies')
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('priority', 'text', (c) => c.notNull().check(sql`priority in ('LOW', 'NORMAL', 'HIGH', 'URGENT')`))
    .addColumn('first_response_minutes', 'integer', (c) => c.notNull().check(sql`first_response_minutes > 0`))
    .addColumn('resolution_minutes', 'integer', (c) => c.notNull().check(sql`resolution_minutes > 0`))
    // How long one level may hold a case before it should escalate or resolve (OLA); null: no limit.
    .addColumn('level_hold_minutes', 'integer', (c) => c.check(sql`level_hold_minutes > 0`))
    .addColumn('warning_percent', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(80)
        .check(sql`warning_percent between 1 and 99`),
    )
    .addColumn('auto_escalate', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('locked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('set_by', 'uuid', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('sla_policies_pkey', ['organization_id', 'priority'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sla_policies').execute();
  await db.schema.dropTable('business_calendar_settings').execute();
}
