import { type Kysely, sql } from 'kysely';

// The backlog (cases open now, by status and age) of HQ counted from the case rows reads every open case of the
// network on each request. These cells count open cases per organization subtree, status and UTC day of opening,
// kept by their own statement triggers on `cases` in the transaction of every case change (a change of status,
// origin or opening time moves a case between cells); the metrics read them for whole days and read the case
// rows only for the days that straddle an age limit (through a partial index of open cases by opening time).

const OPEN = `('NEW', 'OPEN', 'WAITING_ON_CUSTOMER')`;

/** The contribution of the rows of `changed` (with a sign), per ancestor-or-self of their origin. */
const contribution = (changed: string) => `
  select ancestor, c.status, (c.created_at at time zone 'UTC')::date as created_on, sum(c.sign) as count
  from (${changed}) as c
    join organizations o on o.id = c.origin_organization_id cross join unnest(o.path) as ancestor
  where c.status in ${OPEN}
  group by 1, 2, 3 having sum(c.sign) <> 0`;

const raw = (text: string) => sql.raw(text);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table metric_backlog (
      organization_id uuid not null,
      status text not null,
      created_on date not null,
      count integer not null,
      primary key (organization_id, status, created_on)
    ) with (fillfactor = 70)`.execute(db);

  // Ordered upserts: concurrent case writes lock shared cells (HQ's today) in one order.
  await sql`
    create function metric_backlog_apply(added cases[], removed cases[]) returns void language sql as $$
      insert into metric_backlog as cell (organization_id, status, created_on, count)
      ${raw(contribution('select a.origin_organization_id, a.status, a.created_at, 1 as sign from unnest(added) a union all select r.origin_organization_id, r.status, r.created_at, -1 from unnest(removed) r'))}
      order by 1, 2, 3
      on conflict (organization_id, status, created_on) do update set count = cell.count + excluded.count
    $$`.execute(db);

  /** The old (`o`) or new (`n`) rows of the cases whose origin, status or opening time changed. */
  const changed = (side: 'n' | 'o') =>
    `array(select ${side}::cases from new_rows n join old_rows o using (id)
      where (n.origin_organization_id, n.status, n.created_at) is distinct from (o.origin_organization_id, o.status, o.created_at))`;
  await sql`
    create function metric_backlog_on_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform metric_backlog_apply(array(select n::cases from new_rows n), '{}'::cases[]);
      elsif tg_op = 'DELETE' then
        perform metric_backlog_apply('{}'::cases[], array(select o::cases from old_rows o));
      else
        perform metric_backlog_apply(${raw(changed('n'))}, ${raw(changed('o'))});
      end if;
      return null;
    end
    $$`.execute(db);
  for (const [event, tables] of [
    ['insert', 'new table as new_rows'],
    ['update', 'old table as old_rows new table as new_rows'],
    ['delete', 'old table as old_rows'],
  ] as const) {
    await sql`create trigger ${raw(`metric_backlog_${event}`)} after ${raw(event)} on cases
      referencing ${raw(tables)} for each statement execute function metric_backlog_on_change()`.execute(db);
  }

  await sql`
    create function metric_backlog_rebuild() returns void language sql as $$
      truncate metric_backlog;
      insert into metric_backlog (organization_id, status, created_on, count)
      ${raw(contribution(`select origin_organization_id, status, created_at, 1 as sign from cases where status in ${OPEN}`))}
    $$`.execute(db);
  await sql`select metric_backlog_rebuild()`.execute(db);
  // The open cases of the days an age limit cuts, read without visiting the table.
  await sql`create index cases_open_created_idx on cases (created_at) include (origin_organization_id, status)
    where status in ${raw(OPEN)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index cases_open_created_idx`.execute(db);
  for (const event of ['insert', 'update', 'delete'])
    await sql`drop trigger ${raw(`metric_backlog_${event}`)} on cases`.execute(db);
  await sql`drop function metric_backlog_on_change()`.execute(db);
  await sql`drop function metric_backlog_rebuild()`.execute(db);
  await sql`drop function metric_backlog_apply(cases[], cases[])`.execute(db);
  await sql`drop table metric_backlog`.execute(db);
}
