import { type Kysely, sql } from 'kysely';

// Metric roll-ups: the quality figures of every organization's subtree per UTC
// day and per UTC month, kept by the database in the transaction of each case
// change. A case counts for the organization it was opened at and for every
// ancestor, so HQ's figures for a year are a few dozen cells instead of every
// case row. Counters (opened, resolved, per channel, CSAT sum, ...) add up
// exactly. Minutes (first response, resolution, per level) are kept as
// histograms over logarithmic buckets (DDSketch): a percentile read from summed
// bucket counts is within 1 % of the true one (relative error), and the
// metrics query takes the same buckets whether it reads cells or case rows.
//
// Statement triggers with transition tables keep the cells: one set-based
// update per statement, so a single case write and a bulk INSERT ... SELECT or
// COPY of a million rows are counted by the same definition. Only rows whose
// figures changed are counted again (a note, an assignment, a move's
// `holder_ids` touch change nothing here). `metric_rollups_rebuild()` recounts
// everything from the case rows (bulk loaders that bypassed the triggers);
// `metric_rollups_apply(added, removed)` is the one definition of what a case
// contributes, used by the triggers, the rebuild and an organization move.

/** Relative error of the minute histograms: bucket k holds (γ^(k-1), γ^k], γ = (1 + α) / (1 - α). */
const ACCURACY = 0.01;
/** Bucket of the minutes that are exactly zero (or below): their percentile is 0. */
const ZERO_BUCKET = -32768;

const CHANNELS = ['WALK_IN', 'PHONE', 'EMAIL', 'WEB', 'CHAT', 'SOCIAL', 'EVENT'];

/** Each counter by the instant of the case that places it in a period, and what one case adds to it. */
const POINTS: { at: string; counters: Record<string, string> }[] = [
  {
    at: 'created_at',
    counters: {
      opened: '1',
      escalated: '(escalation_count > 0)::int',
      reopened: '(reopen_count > 0)::int',
      ever_resolved: '(resolved_at is not null or reopen_count > 0)::int',
      ...Object.fromEntries(
        CHANNELS.map((channel) => [`channel_${channel.toLowerCase()}`, `(channel = '${channel}')::int`]),
      ),
    },
  },
  {
    at: 'resolved_at',
    counters: {
      resolved: '1',
      resolutions: '(resolution_minutes is not null)::int',
      sla_met: 'coalesce(sla_met, false)::int',
      sla_measured: '(sla_met is not null)::int',
      dealer_cases: '(dealer_minutes is not null)::int',
      country_cases: '(country_minutes is not null)::int',
      hq_cases: '(hq_minutes is not null)::int',
    },
  },
  { at: 'first_responded_at', counters: { first_responses: '(first_response_minutes is not null)::int' } },
  { at: 'rated_at', counters: { csat_responses: '(rating is not null)::int', csat_sum: 'coalesce(rating, 0)' } },
];
const COUNTERS = POINTS.flatMap((point) => Object.keys(point.counters));

/** Histogram measures: 1 first response, 2 resolution, 3-5 minutes at dealer, country, HQ level. */
const MEASURES: [number, string, string][] = [
  [1, 'first_responded_at', 'first_response_minutes'],
  [2, 'resolved_at', 'resolution_minutes'],
  [3, 'resolved_at', 'dealer_minutes'],
  [4, 'resolved_at', 'country_minutes'],
  [5, 'resolved_at', 'hq_minutes'],
];

/** The case columns the figures are made of: a change to any other column leaves the cells alone. */
const FIGURE_COLUMNS = [
  'origin_organization_id',
  'channel',
  'created_at',
  'resolved_at',
  'first_responded_at',
  'rated_at',
  'rating',
  'escalation_count',
  'reopen_count',
  'sla_met',
  ...MEASURES.map(([, , column]) => column),
];

const raw = (text: string) => sql.raw(text);

export async function up(db: Kysely<any>): Promise<void> {
  const gamma = (1 + ACCURACY) / (1 - ACCURACY);
  await sql`
    create function metric_bucket(minutes double precision) returns smallint
    language sql immutable parallel safe as $$
      select case when minutes <= 0 then ${raw(String(ZERO_BUCKET))}
        else least(32767, greatest(-32767, ceil(ln(minutes) / ln(${raw(String(gamma))}))))::smallint end
    $$`.execute(db);

  // Room on each page lets the many updates of today's cells be HOT (no index update, quick cleanup).
  await sql`
    create table metric_cells (
      organization_id uuid not null,
      grain text not null check (grain in ('day', 'month')),
      start date not null,
      ${raw(COUNTERS.map((name) => `${name} ${name === 'csat_sum' ? 'bigint' : 'integer'} not null default 0`).join(',\n'))},
      primary key (organization_id, grain, start)
    ) with (fillfactor = 70)`.execute(db);
  await sql`
    create table metric_histograms (
      organization_id uuid not null,
      grain text not null check (grain in ('day', 'month')),
      start date not null,
      measure smallint not null,
      bucket smallint not null,
      count integer not null,
      primary key (organization_id, grain, start, measure, bucket)
    )`.execute(db);

  // What the cases of `changed` (with a sign: +1 added, -1 removed) contribute: first summed per origin
  // organization and UTC day, then once per ancestor-or-self of the origin and per grain. `ordered`:
  // rows are upserted in key order, so concurrent case writes lock shared cells (HQ's day) in one order.
  const pointRows = POINTS.map(
    (point) =>
      `(${point.at}, ${COUNTERS.map((name) => (point.counters[name] ? `sign * ${point.counters[name]}` : '0')).join(', ')})`,
  );
  const measureRows = MEASURES.map(([measure, at, column]) => `(${measure}, ${at}, ${column})`);
  const sums = COUNTERS.map((name) => `sum(point.${name}) as ${name}`).join(', ');
  const byAncestorAndGrain = `join organizations o on o.id = per_day.origin cross join unnest(o.path) as ancestor
      cross join lateral (values ('day', per_day.day), ('month', date_trunc('month', per_day.day)::date))
        as period(grain, start)`;
  const contribute = (changed: string, ordered: boolean) => `
      with changed as (${changed}),
      per_day as (
        select changed.origin_organization_id as origin, (point.at at time zone 'UTC')::date as day, ${sums}
        from changed cross join lateral (values ${pointRows.join(',\n')}) as point(at, ${COUNTERS.join(', ')})
        where point.at is not null
        group by 1, 2
      )
      insert into metric_cells as cell (organization_id, grain, start, ${COUNTERS.join(', ')})
      select ancestor, period.grain, period.start, ${COUNTERS.map((name) => `sum(${name})`).join(', ')}
      from per_day ${byAncestorAndGrain}
      group by 1, 2, 3
      having ${COUNTERS.map((name) => `sum(${name}) <> 0`).join(' or ')}
      ${ordered ? 'order by 1, 2, 3' : ''}
      on conflict (organization_id, grain, start) do update set
        ${COUNTERS.map((name) => `${name} = cell.${name} + excluded.${name}`).join(',\n')};

      with changed as (${changed}),
      per_day as (
        select changed.origin_organization_id as origin, (m.at at time zone 'UTC')::date as day, m.measure,
          metric_bucket(m.minutes) as bucket, sum(changed.sign) as count
        from changed cross join lateral (values ${measureRows.join(', ')}) as m(measure, at, minutes)
        where m.at is not null and m.minutes is not null
        group by 1, 2, 3, 4
      )
      insert into metric_histograms as h (organization_id, grain, start, measure, bucket, count)
      select ancestor, period.grain, period.start, measure, bucket, sum(count)
      from per_day ${byAncestorAndGrain}
      group by 1, 2, 3, 4, 5
      having sum(count) <> 0
      ${ordered ? 'order by 1, 2, 3, 4, 5' : ''}
      on conflict (organization_id, grain, start, measure, bucket) do update set count = h.count + excluded.count;`;
  await sql`
    create function metric_rollups_apply(added cases[], removed cases[]) returns void language plpgsql as $$
    begin
      ${raw(contribute('select c.*, 1 as sign from unnest(added) c union all select c.*, -1 as sign from unnest(removed) c', true))}
    end
    $$`.execute(db);

  const figures = (alias: string) => `(${FIGURE_COLUMNS.map((column) => `${alias}.${column}`).join(', ')})`;
  await sql`
    create function metric_rollups_on_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform metric_rollups_apply(array(select n::cases from new_rows n), '{}'::cases[]);
      elsif tg_op = 'DELETE' then
        perform metric_rollups_apply('{}'::cases[], array(select o::cases from old_rows o));
      else
        perform metric_rollups_apply(
          array(select n::cases from new_rows n join old_rows o using (id) where ${raw(figures('n'))} is distinct from ${raw(figures('o'))}),
          array(select o::cases from old_rows o join new_rows n using (id) where ${raw(figures('n'))} is distinct from ${raw(figures('o'))}));
      end if;
      return null;
    end
    $$`.execute(db);
  // One trigger per event: PostgreSQL allows transition tables only on single-event triggers.
  for (const [event, tables] of [
    ['insert', 'new table as new_rows'],
    ['update', 'old table as old_rows new table as new_rows'],
    ['delete', 'old table as old_rows'],
  ] as const) {
    await sql`create trigger ${raw(`metric_rollups_${event}`)} after ${raw(event)} on cases
      referencing ${raw(tables)} for each statement execute function metric_rollups_on_change()`.execute(db);
  }

  // Recounts every cell from the case rows, in two set-based statements.
  await sql`
    create function metric_rollups_rebuild() returns void language plpgsql as $$
    begin
      truncate metric_cells, metric_histograms;
      ${raw(contribute('select c.*, 1 as sign from cases c', false))}
    end
    $$`.execute(db);
  await sql`select metric_rollups_rebuild()`.execute(db);

  // The backlog is open cases now, whatever the period: counted from the case rows through this index.
  await sql`create index cases_backlog_idx on cases (origin_organization_id, status, created_at)
    where status in ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index cases_backlog_idx`.execute(db);
  for (const event of ['insert', 'update', 'delete'])
    await sql`drop trigger ${raw(`metric_rollups_${event}`)} on cases`.execute(db);
  await sql`drop function metric_rollups_on_change()`.execute(db);
  await sql`drop function metric_rollups_rebuild()`.execute(db);
  await sql`drop function metric_rollups_apply(cases[], cases[])`.execute(db);
  await sql`drop table metric_histograms`.execute(db);
  await sql`drop table metric_cells`.execute(db);
  await sql`drop function metric_bucket(double precision)`.execute(db);
}
