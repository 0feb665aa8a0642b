import { sql, type SqlBool } from 'kysely';
import type { Db } from '../db/database.js';
import { CHANNELS, type Channel, type OrganizationKind } from '../db/schema.js';

/**
 * The metric roll-up cells (migration 202611240900_metric_rollups): per
 * organization, UTC day and UTC month, the counters and minute histograms of
 * the cases opened in its subtree, kept by triggers on `cases` in the
 * transaction of every case change. This module reads them, and holds the
 * arithmetic both the cells and the case rows are read into (a Tally).
 */

/**
 * Relative error bound of every percentile: minutes are counted in logarithmic
 * buckets (k holds (γ^(k-1), γ^k], γ = (1 + α) / (1 - α)) and each bucket
 * stands for 2γ^k / (γ + 1), within α of any value in it. Interpolating
 * between two such values stays within α of interpolating the true ones.
 */
export const PERCENTILE_ACCURACY = 0.01;
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

/** Histogram measures, as numbered in the cells. */
export const MEASURES = {
  firstResponse: 1,
  resolution: 2,
  DEALER: 3,
  COUNTRY: 4,
  HQ: 5,
} as const satisfies Record<string, number> & Record<OrganizationKind, number>;

/** What a node's figures are made of: counters and, per measure, bucket → count. */
export interface Tally {
  counters: Record<Counter, number>;
  minutes: Map<number, Map<number, number>>;
}

export function emptyTally(): Tally {
  return {
    counters: Object.fromEntries(COUNTERS.map((name) => [name, 0])) as Record<Counter, number>,
    minutes: new Map(),
  };
}

export function addCounters(tally: Tally, row: Record<string, unknown>) {
  for (const name of COUNTERS) tally.counters[name] += Number(row[name] ?? 0);
}

export function addBucket(tally: Tally, measure: number, bucket: number, count: number) {
  const histogram = tally.minutes.get(measure) ?? new Map<number, number>();
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + count);
  tally.minutes.set(measure, histogram);
}

const representative = (bucket: number) => (bucket === ZERO_BUCKET ? 0 : (2 * GAMMA ** bucket) / (GAMMA + 1));

/** As PostgreSQL's percentile_cont over the bucketed values: linear between the two nearest ranks. */
export function percentileOf(histogram: Map<number, number> | undefined, fraction: number): number | null {
  const buckets = [...(histogram ?? new Map<number, number>())].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const position = fraction * (total - 1);
  const below = Math.floor(position);
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (rank < seen) return representative(bucket);
    }
    return representative(buckets.at(-1)?.[0] ?? ZERO_BUCKET);
  };
  const low = valueAt(below);
  return low + (position - below) * (valueAt(Math.ceil(position)) - low);
}

/** The whole UTC days and months of [from, to), and the partial days at its ends (read from case rows). */
export interface CellPlan {
  days: [string, string][];
  months: [string, string] | null;
  edges: [Date, Date][];
}

const DAY = 86_400_000;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

export function planCells(from: Date, to: Date): CellPlan {
  const firstDay = new Date(Math.ceil(from.getTime() / DAY) * DAY);
  const lastDay = new Date(Math.floor(to.getTime() / DAY) * DAY);
  if (firstDay >= lastDay) return { days: [], months: null, edges: [[from, to]] };
  const edges: [Date, Date][] = [];
  if (from < firstDay) edges.push([from, firstDay]);
  if (lastDay < to) edges.push([lastDay, to]);
  const firstMonth =
    firstDay.getUTCDate() === 1 ? firstDay : new Date(Date.UTC(firstDay.getUTCFullYear(), firstDay.getUTCMonth() + 1));
  const lastMonth = new Date(Date.UTC(lastDay.getUTCFullYear(), lastDay.getUTCMonth()));
  if (firstMonth >= lastMonth) return { days: [[isoDate(firstDay), isoDate(lastDay)]], months: null, edges };
  return {
    days: [
      [isoDate(firstDay), isoDate(firstMonth)],
      [isoDate(lastMonth), isoDate(lastDay)],
    ],
    months: [isoDate(firstMonth), isoDate(lastMonth)],
    edges,
  };
}

function cellsIn(plan: CellPlan) {
  const ranges = [
    ...plan.days.map(([from, to]) => sql<SqlBool>`(grain = 'day' and start >= ${from}::date and start < ${to}::date)`),
    ...(plan.months
      ? [sql<SqlBool>`(grain = 'month' and start >= ${plan.months[0]}::date and start < ${plan.months[1]}::date)`]
      : []),
  ];
  return ranges.length ? sql<SqlBool>`(${sql.join(ranges, sql` or `)})` : sql<SqlBool>`false`;
}

/** Adds the cells of `plan` to the tallies of these organizations (each its whole subtree). */
export async function readCells(db: Db, plan: CellPlan, tallies: Map<string, Tally>): Promise<void> {
  const ids = [...tallies.keys()];
  if (ids.length === 0 || (plan.days.length === 0 && !plan.months)) return;
  const where = sql<SqlBool>`organization_id = any(${ids}::uuid[]) and ${cellsIn(plan)}`;
  const [counters, histograms] = await Promise.all([
    sql<Record<string, unknown> & { organization_id: string }>`
      select organization_id, ${sql.join(COUNTERS.map((name) => sql`sum(${sql.ref(name)}) as ${sql.ref(name)}`))}
      from metric_cells where ${where} group by organization_id`.execute(db),
    sql<{ organization_id: string; measure: number; bucket: number; count: number }>`
      select organization_id, measure, bucket, sum(count) as count
      from metric_histograms where ${where} group by 1, 2, 3 having sum(count) <> 0`.execute(db),
  ]);
  for (const row of counters.rows) {
    const tally = tallies.get(row.organization_id);
    if (tally) addCounters(tally, row);
  }
  for (const row of histograms.rows) {
    const tally = tallies.get(row.organization_id);
    if (tally) addBucket(tally, row.measure, row.bucket, Number(row.count));
  }
}

/**
 * Recounts every cell from the case rows, in one transaction of its own or the
 * caller's. For bulk loaders that wrote `cases` with the triggers disabled, and
 * to check or repair the cells; the case write path never needs it.
 */
export async function rebuildMetricRollups(db: Db): Promise<void> {
  await sql`select metric_rollups_rebuild()`.execute(db);
}

/**
 * Moves the contribution of a subtree's cases from its old ancestors to its new
 * ones: withdrawn while the tree is as before, added again once `move` has
 * changed it (the caller's transaction, with case writes locked out).
 */
export async function movingRollups<T>(trx: Db, organizationId: string, move: () => Promise<T>): Promise<T> {
  const subtreeCases = sql`array(select c from cases c where c.origin_organization_id in
    (select id from organizations where path @> array[${organizationId}]::uuid[]))`;
  await sql`select metric_rollups_apply('{}'::cases[], ${subtreeCases})`.execute(trx);
  const result = await move();
  await sql`select metric_rollups_apply(${subtreeCases}, '{}'::cases[])`.execute(trx);
  return result;
}
