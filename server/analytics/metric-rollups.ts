import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { plannedPerRun, type Db } from '../db/database.js';
import { CHANNELS, type Channel, type DB, type MetricGrain, type OrganizationKind } from '../db/schema.js';

/**
 * The metric roll-up cells (migrations 202611240900 and 202611241000): per
 * organization, UTC day, ISO week and UTC month, the counters and minute
 * histograms of the cases opened in its subtree, and per UTC hour its opened
 * and resolved cases, kept by triggers on `cases` in the transaction of every
 * case change. This module plans which cells cover a period and reads them.
 */

/**
 * Relative error bound of every percentile: minutes are counted in logarithmic
 * buckets (k holds (γ^(k-1), γ^k], γ = (1 + α) / (1 - α)) and each bucket
 * stands for 2γ^k / (γ + 1), within α of any value in it. Interpolating
 * between two such values stays within α of interpolating the true ones.
 */
export const PERCENTILE_ACCURACY = 0.02;
const GAMMA = (1 + PERCENTILE_ACCURACY) / (1 - PERCENTILE_ACCURACY);
const ZERO_BUCKET = -32768;

export const channelCounter = (channel: Channel) => `channel_${channel.toLowerCase() as Lowercase<Channel>}` as const;
export const levelCounter = (level: OrganizationKind) =>
  `${level.toLowerCase() as Lowercase<OrganizationKind>}_cases` as const;

export const COUNTERS = [
  'opened',
  'escalated',
  'reopened',
  'ever_resolved',
  ...CHANNELS.map(channelCounter),
  'resolved',
  'resolutions',
  'sla_met',
  'sla_measured',
  'dealer_cases',
  'country_cases',
  'hq_cases',
  'first_responses',
  'csat_responses',
  'csat_sum',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Record<Counter, number>;

/** Histogram measures, as numbered in the cells. */
export const MEASURES = {
  firstResponse: 1,
  resolution: 2,
  DEALER: 3,
  COUNTRY: 4,
  HQ: 5,
} as const satisfies Record<string, number> & Record<OrganizationKind, number>;

export const emptyCounters = (): Counters =>
  Object.fromEntries(COUNTERS.map((name) => [name, 0])) as Record<Counter, number>;

export function addCounters(counters: Counters, row: Record<string, unknown>) {
  for (const name of COUNTERS) counters[name] += Number(row[name] ?? 0);
}

const representative = (bucket: number) => (bucket === ZERO_BUCKET ? 0 : (2 * GAMMA ** bucket) / (GAMMA + 1));

/** A run of cells of one grain: those starting in [from, to) (UTC dates). */
export interface CellRange {
  grain: MetricGrain;
  from: string;
  to: string;
}

/** The cells that make up the whole UTC days of a period, and its partial days at the ends (read from case rows). */
export interface CellPlan {
  cells: CellRange[];
  edges: [Date, Date][];
}

const DAY = 86_400_000;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY);

/** Whole ISO weeks (Monday, UTC) inside the days [from, to), and the days around them. */
function weeksAndDays(from: Date, to: Date): CellRange[] {
  if (from >= to) return [];
  const firstWeek = addDays(from, (8 - from.getUTCDay()) % 7);
  const lastWeek = addDays(to, -((to.getUTCDay() + 6) % 7));
  const range = (grain: MetricGrain, start: Date, end: Date): CellRange[] =>
    start < end ? [{ grain, from: isoDate(start), to: isoDate(end) }] : [];
  if (firstWeek >= lastWeek) return range('day', from, to);
  return [...range('day', from, firstWeek), ...range('week', firstWeek, lastWeek), ...range('day', lastWeek, to)];
}

/** How far the hub's and the database's clocks may disagree: no case has a point (opened, answered, resolved, rated) later. */
const CLOCK_MARGIN_MS = 60_000;

/**
 * Where to stop reading cells for a period that ends at `to`. Nothing has happened after now, so a period that
 * ends later (a dashboard's "up to today") has the same figures up to the end of that month: its month cell is
 * read whole instead of its weeks, days and the cases of its last partial day.
 */
export function cellsEnd(to: Date, now = Date.now()): Date {
  if (to.getTime() < now + CLOCK_MARGIN_MS) return to;
  const month = Date.UTC(to.getUTCFullYear(), to.getUTCMonth());
  return month === to.getTime() ? to : new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() + 1));
}

/** Months where the period holds whole months, weeks in what is left, days in what is left of that. */
export function planCells(from: Date, to: Date): CellPlan {
  const firstDay = new Date(Math.ceil(from.getTime() / DAY) * DAY);
  const lastDay = new Date(Math.floor(to.getTime() / DAY) * DAY);
  if (firstDay >= lastDay) return { cells: [], edges: [[from, to]] };
  const edges: [Date, Date][] = [];
  if (from < firstDay) edges.push([from, firstDay]);
  if (lastDay < to) edges.push([lastDay, to]);
  const firstMonth =
    firstDay.getUTCDate() === 1 ? firstDay : new Date(Date.UTC(firstDay.getUTCFullYear(), firstDay.getUTCMonth() + 1));
  const lastMonth = new Date(Date.UTC(lastDay.getUTCFullYear(), lastDay.getUTCMonth()));
  if (firstMonth >= lastMonth) return { cells: weeksAndDays(firstDay, lastDay), edges };
  return {
    cells: [
      ...weeksAndDays(firstDay, firstMonth),
      { grain: 'month', from: isoDate(firstMonth), to: isoDate(lastMonth) },
      ...weeksAndDays(lastMonth, lastDay),
    ],
    edges,
  };
}

function cellsIn(plan: CellPlan) {
  const ranges = plan.cells.map(
    ({ grain, from, to }) => sql<SqlBool>`(grain = ${grain} and start >= ${from}::date and start < ${to}::date)`,
  );
  return ranges.length ? sql<SqlBool>`(${sql.join(ranges, sql` or `)})` : sql<SqlBool>`false`;
}

/** Adds the counters of the cells of `plan` to those of these organizations (each its whole subtree). */
export async function readCellCounters(db: Db, plan: CellPlan, counters: Map<string, Counters>): Promise<void> {
  const ids = [...counters.keys()];
  if (ids.length === 0 || plan.cells.length === 0) return;
  const { rows } = await sql<Record<string, unknown> & { organization_id: string }>`${plannedPerRun}
    select organization_id, ${sql.join(COUNTERS.map((name) => sql`sum(${sql.ref(name)}) as ${sql.ref(name)}`))}
    from metric_cells where organization_id = any(${ids}::uuid[]) and ${cellsIn(plan)}
    group by organization_id`.execute(db);
  for (const row of rows) {
    const sums = counters.get(row.organization_id);
    if (sums) addCounters(sums, row);
  }
}

/** The histogram rows `(node, measure, bucket, count)` of the cells of `plan`, for these organizations. */
export function cellBuckets(plan: CellPlan, ids: string[], measures: number[]): RawBuilder<unknown> | null {
  if (ids.length === 0 || plan.cells.length === 0 || measures.length === 0) return null;
  // One index range per run of cells (an OR of them would be read as a filter over every cell of the measure).
  return sql.join(
    plan.cells.map(
      ({ grain, from, to }) => sql`select organization_id as node, measure, bucket, count from metric_histograms
        where organization_id = any(${ids}::uuid[]) and measure = any(${measures}::smallint[])
          and grain = ${grain} and start >= ${from}::date and start < ${to}::date`,
    ),
    sql` union all `,
  );
}

/** Per measure, the percentiles at the fractions asked for; a measure is missing when no value was measured. */
export type NodePercentiles = Map<number, number[]>;
export type PercentileTable = Map<string, NodePercentiles>;

/** One table of the tables of several measures. */
export function mergePercentiles(tables: PercentileTable[]): PercentileTable {
  const merged: PercentileTable = new Map();
  for (const table of tables)
    for (const [node, byMeasure] of table) {
      const into: NodePercentiles = merged.get(node) ?? new Map();
      for (const [measure, values] of byMeasure) into.set(measure, values);
      merged.set(node, into);
    }
  return merged;
}

/**
 * Percentiles of the merged buckets of `sources` (each selecting node, measure, bucket, count), as PostgreSQL's
 * percentile_cont over the bucketed values (linear between the two nearest ranks). The merge and the ranks are
 * computed in SQL, so only the two buckets around each rank come back.
 */
export async function readPercentiles(
  db: Db,
  sources: RawBuilder<unknown>[],
  fractions: number[],
): Promise<PercentileTable> {
  const table: PercentileTable = new Map();
  if (sources.length === 0) return table;
  const rankBuckets = fractions.flatMap((fraction, index) => [
    sql`min(bucket) filter (where upto > floor(${sql.lit(fraction)} * (total - 1))) as ${sql.ref(`low_${index}`)}`,
    sql`min(bucket) filter (where upto > ceil(${sql.lit(fraction)} * (total - 1))) as ${sql.ref(`high_${index}`)}`,
  ]);
  const { rows } = await sql<Record<string, number> & { node: string; measure: number; total: string }>`${plannedPerRun}
    with merged as (
      select node, measure, bucket, sum(count) as n
      from (${sql.join(sources, sql` union all `)}) as source
      group by 1, 2, 3 having sum(count) > 0
    ),
    ranked as (
      select node, measure, bucket,
        sum(n) over (partition by node, measure order by bucket) as upto,
        sum(n) over (partition by node, measure) as total
      from merged
    )
    select node, measure, total, ${sql.join(rankBuckets)}
    from ranked group by node, measure, total`.execute(db);
  for (const row of rows) {
    const total = Number(row.total);
    const values = fractions.map((fraction, index) => {
      const position = fraction * (total - 1);
      const low = representative(Number(row[`low_${index}`]));
      return low + (position - Math.floor(position)) * (representative(Number(row[`high_${index}`])) - low);
    });
    const byMeasure: NodePercentiles = table.get(row.node) ?? new Map();
    byMeasure.set(Number(row.measure), values);
    table.set(row.node, byMeasure);
  }
  return table;
}

/**
 * Recounts every cell from the case rows, in one transaction, with no statement time limit (a million cases take
 * minutes). For bulk loaders that wrote `cases` with the triggers disabled, and to check or repair the cells; the
 * case write path never needs it.
 */
export async function rebuildMetricRollups(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local statement_timeout = 0`.execute(trx);
    await sql`select metric_rollups_rebuild(), metric_backlog_rebuild()`.execute(trx);
  });
}

/**
 * Moves the contribution of a subtree's cases from its old ancestors to its new
 * ones: withdrawn while the tree is as before, added again once `move` has
 * changed it (the caller's transaction, with case writes locked out).
 */
export async function movingRollups<T>(trx: Db, organizationId: string, move: () => Promise<T>): Promise<T> {
  const subtreeCases = sql`array(select c from cases c where c.origin_organization_id in
    (select id from organizations where path @> array[${organizationId}]::uuid[]))`;
  await sql`select metric_rollups_apply('{}'::cases[], ${subtreeCases}),
    metric_backlog_apply('{}'::cases[], ${subtreeCases})`.execute(trx);
  const result = await move();
  await sql`select metric_rollups_apply(${subtreeCases}, '{}'::cases[]),
    metric_backlog_apply(${subtreeCases}, '{}'::cases[])`.execute(trx);
  return result;
}
