import { type Kysely, sql } from 'kysely';
import * as firstCut from './202611240900_metric_rollups.js';

// Metric roll-ups, second cut: the first (202611240900) kept 1 % histograms per UTC day and month, and HQ's
// one-year roll-up still read millions of bucket rows, mostly from the day cells at both ends of the period.
// This one:
// - adds ISO week cells (Monday, UTC), so a period is at most ~12 day cells, ~8 week cells and its months;
// - keeps minutes in 2 % buckets (a percentile within 2 % of the true one: 60 min reads as 59-61), which
//   halves the buckets of busy cells;
// - adds hourly counts of opened and resolved cases per organization (metric_hours), so the dashboard's
//   timeline is read per hour in the organization's own time zone instead of from the case rows.
// What a case contributes is defined here again in full (migrations are frozen and import nothing):
// `metric_rollups_apply(added, removed)` stays the one definition, used by the statement triggers of
// 202611240900, by the rebuild and by an organization move.

const ACCURACY = 0.02;
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

const raw = (text: string) => sql.raw(text);

export async function up(db: Kysely<any>): Promise<void> {
  const gamma = (1 + ACCURACY) / (1 - ACCURACY);
  await sql`
    create or replace function metric_bucket(minutes double precision) returns smallint
    language sql immutable parallel safe as $$
      select case when minutes <= 0 then ${raw(String(ZERO_BUCKET))}
        else least(32767, greatest(-32767, ceil(ln(minutes) / ln(${raw(String(gamma))}))))::smallint end
    $$`.execute(db);
  for (const table of ['metric_cells', 'metric_histograms'])
    await sql`alter table ${sql.table(table)} drop constraint ${sql.raw(`${table}_grain_check`)},
      add constraint ${sql.raw(`${table}_grain_check`)} check (grain in ('day', 'week', 'month'))`.execute(db);
  await sql`
    create table metric_hours (
      organization_id uuid not null,
      hour timestamptz not null,
      opened integer not null default 0,
      resolved integer not null default 0,
      primary key (organization_id, hour)
    ) with (fillfactor = 70)`.execute(db);

  // Summed per origin organization and UTC day (hour), then once per ancestor-or-self of the origin and per
  // grain. `ordered`: rows are upserted in key order, so concurrent case writes lock shared cells in one order.
  const pointRows = POINTS.map(
    (point) =>
      `(${point.at}, ${COUNTERS.map((name) => (point.counters[name] ? `sign * ${point.counters[name]}` : '0')).join(', ')})`,
  );
  const measureRows = MEASURES.map(([measure, at, column]) => `(${measure}, ${at}, ${column})`);
  const sums = COUNTERS.map((name) => `sum(point.${name}) as ${name}`).join(', ');
  const byAncestorAndGrain = `join organizations o on o.id = per_day.origin cross join unnest(o.path) as ancestor
      cross join lateral (values ('day', per_day.day), ('week', date_trunc('week', per_day.day)::date),
        ('month', date_trunc('month', per_day.day)::date)) as period(grain, start)`;
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
      on conflict (organization_id, grain, start, measure, bucket) do update set count = h.count + excluded.count;

      with changed as (${changed}),
      per_hour as (
        select changed.origin_organization_id as origin, date_trunc('hour', point.at, 'UTC') as hour,
          sum(changed.sign * point.opened) as opened, sum(changed.sign * point.resolved) as resolved
        from changed cross join lateral (values (created_at, 1, 0), (resolved_at, 0, 1)) as point(at, opened, resolved)
        where point.at is not null
        group by 1, 2
      )
      insert into metric_hours as h (organization_id, hour, opened, resolved)
      select ancestor, per_hour.hour, sum(opened), sum(resolved)
      from per_hour join organizations o on o.id = per_hour.origin cross join unnest(o.path) as ancestor
      group by 1, 2
      having sum(opened) <> 0 or sum(resolved) <> 0
      ${ordered ? 'order by 1, 2' : ''}
      on conflict (organization_id, hour) do update set
        opened = h.opened + excluded.opened, resolved = h.resolved + excluded.resolved;`;
  await sql`
    create or replace function metric_rollups_apply(added cases[], removed cases[]) returns void language plpgsql as $$
    begin
      ${raw(contribute('select c.*, 1 as sign from unnest(added) c union all select c.*, -1 as sign from unnest(removed) c', true))}
    end
    $$`.execute(db);
  await sql`
    create or replace function metric_rollups_rebuild() returns void language plpgsql as $$
    begin
      truncate metric_cells, metric_histograms, metric_hours;
      ${raw(contribute('select c.*, 1 as sign from cases c', false))}
    end
    $$`.execute(db);
  await sql`select metric_rollups_rebuild()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Back to the first cut exactly: its own down and up (which recounts its cells from the case rows).
  await sql`drop table metric_hours`.execute(db);
  await firstCut.down(db);
  await firstCut.up(db);
}
