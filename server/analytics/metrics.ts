import { subject } from '@casl/ability';
import { IANAZone } from 'luxon';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { accessibleBy } from '../auth/scope.js';
import type { AppAbility } from '../auth/ability.js';
import {
  addCounters,
  cellBuckets,
  cellsEnd,
  channelCounter,
  emptyCounters,
  levelCounter,
  MEASURES,
  planCells,
  readCellCounters,
  mergePercentiles,
  readPercentiles,
  type CellPlan,
  type Counter,
  type Counters,
  type NodePercentiles,
} from './metric-rollups.js';
import { CASE_FIELDS } from '../cases/case-scope.js';
import { ACTIVE_STATUSES } from '../cases/status-machine.js';
import { plannedPerRun, type Db } from '../db/database.js';
import { CHANNELS, type CaseStatus, type Channel, type OrganizationKind, type OrganizationRow } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../graphql/errors.js';

/**
 * Quality KPIs of an organization's subtree over a period, and the same for
 * each child and grandchild. A case counts for the organization where it was
 * opened and for every ancestor of it, so a parent's counts are the sum over
 * its children plus the cases opened at the parent itself. Only cases the
 * viewer may read count (the CASL rules compiled into the WHERE).
 *
 * The period picks, per figure, the cases that reached that point in it:
 * opened (casesOpened, byChannel, escalationRate, reopenRate), first
 * responded, resolved (casesResolved, resolution minutes, SLA compliance, time
 * at level), rated (CSAT), reviewed (quality reviews). The backlog is now.
 *
 * A viewer who reads the whole subtree gets the roll-up cells (metric-rollups.ts)
 * for the whole UTC days of the period (months, weeks, days) and the case rows
 * for the partial days at its ends; a narrower viewer gets their readable case
 * rows. Both give the same counters and the same minute buckets, whose
 * percentiles are ranked in SQL (within PERCENTILE_ACCURACY of the exact ones).
 */

export const AGE_BUCKETS = ['UNDER_1_DAY', 'DAYS_1_TO_3', 'DAYS_3_TO_7', 'DAYS_7_TO_30', 'OVER_30_DAYS'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
const AGE_LIMITS_DAYS: Record<AgeBucket, [number, number | null]> = {
  UNDER_1_DAY: [0, 1],
  DAYS_1_TO_3: [1, 3],
  DAYS_3_TO_7: [3, 7],
  DAYS_7_TO_30: [7, 30],
  OVER_30_DAYS: [30, null],
};
const LEVELS: OrganizationKind[] = ['DEALER', 'COUNTRY', 'HQ'];
const LEVEL_COLUMN: Record<OrganizationKind, 'dealer_minutes' | 'country_minutes' | 'hq_minutes'> = {
  DEALER: 'dealer_minutes',
  COUNTRY: 'country_minutes',
  HQ: 'hq_minutes',
};
/** The longest period one request may cover. */
export const MAX_PERIOD_DAYS = 3 * 366;

export interface Percentiles {
  median: number | null;
  p90: number | null;
  count: number;
}

export interface Figures {
  casesOpened: number;
  casesResolved: number;
  backlog: {
    total: number;
    byStatus: { status: CaseStatus; count: number }[];
    byAge: { bucket: AgeBucket; count: number }[];
  };
  firstResponseMinutes: Percentiles;
  resolutionMinutes: Percentiles;
  slaCompliance: number | null;
  escalationRate: number | null;
  reopenRate: number | null;
  csatAverage: number | null;
  csatResponses: number;
  qualityReviews: number;
  qualityScoreAverage: number | null;
  byChannel: { channel: Channel; count: number }[];
  timeAtLevel: { level: OrganizationKind; medianMinutes: number | null; cases: number }[];
}

export interface Period {
  from: Date;
  to: Date;
}

export interface MetricsNode {
  organization: OrganizationRow;
  period: Period;
  figures: Figures;
  /** The children's figures when computed with this node (same statement); null: computed on demand. */
  children: MetricsNode[] | null;
}

export function checkPeriod(period: Period): Period {
  if (!(period.from < period.to)) throw ValidationError.field('to', 'Must be after from');
  if (period.to.getTime() - period.from.getTime() > MAX_PERIOD_DAYS * 86_400_000)
    throw ValidationError.field('to', `At most ${MAX_PERIOD_DAYS} days after from`);
  return period;
}

/** The organization whose metrics the viewer asks for: one of its subtrees, else NotFound. */
export async function metricsOrganization(
  db: Db,
  ability: AppAbility,
  organizationId: string | null,
  defaultId: string | undefined,
): Promise<OrganizationRow> {
  const id = organizationId ?? defaultId;
  const organization = id
    ? await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!organization || !ability.can('list', subject('Organization', { id: organization.id, path: organization.path })))
    throw new NotFoundError('Organization');
  return organization;
}

const count = (condition: RawBuilder<SqlBool>) => sql`count(*) filter (where ${condition})::int`;
/** Each histogram measure: the instant that places it in a period, and its minutes column. */
const MEASURE_COLUMNS: Record<number, [string, string]> = {
  [MEASURES.firstResponse]: ['first_responded_at', 'first_response_minutes'],
  [MEASURES.resolution]: ['resolved_at', 'resolution_minutes'],
  ...Object.fromEntries(LEVELS.map((level) => [MEASURES[level], ['resolved_at', LEVEL_COLUMN[level]]])),
};

/** The figures' counters, per origin organization, of the cases that reached each point within `windows`. */
function exactCounters(windows: [Date, Date][]) {
  const within = (column: string) =>
    windows.length === 0
      ? sql<SqlBool>`false`
      : sql<SqlBool>`(${sql.join(
          windows.map(
            ([from, to]) =>
              sql`(${sql.ref(column)} >= ${from.toISOString()}::timestamptz and ${sql.ref(column)} < ${to.toISOString()}::timestamptz)`,
          ),
          sql` or `,
        )})`;
  const flags = {
    opened: within('created_at'),
    resolved: within('resolved_at'),
    responded: within('first_responded_at'),
    rated: within('rated_at'),
  };
  const { opened, resolved, responded, rated } = flags;
  const counters: Record<Counter, RawBuilder<unknown>> = {
    opened: count(opened),
    escalated: count(sql`${opened} and escalation_count > 0`),
    reopened: count(sql`${opened} and reopen_count > 0`),
    ever_resolved: count(sql`${opened} and (resolved_at is not null or reopen_count > 0)`),
    ...(Object.fromEntries(
      CHANNELS.map((channel) => [channelCounter(channel), count(sql`${opened} and channel = ${channel}`)]),
    ) as Record<ReturnType<typeof channelCounter>, RawBuilder<unknown>>),
    resolved: count(resolved),
    resolutions: count(sql`${resolved} and resolution_minutes is not null`),
    sla_met: count(sql`${resolved} and sla_met`),
    sla_measured: count(sql`${resolved} and sla_met is not null`),
    ...(Object.fromEntries(
      LEVELS.map((level) => [
        levelCounter(level),
        count(sql`${resolved} and ${sql.ref(LEVEL_COLUMN[level])} is not null`),
      ]),
    ) as Record<ReturnType<typeof levelCounter>, RawBuilder<unknown>>),
    first_responses: count(sql`${responded} and first_response_minutes is not null`),
    csat_responses: count(sql`${rated} and rating is not null`),
    csat_sum: sql`coalesce(sum(rating) filter (where ${rated}), 0)`,
  };
  return { within, any: sql<SqlBool>`(${sql.join(Object.values(flags), sql` or `)})`, counters };
}

/** Counters of the cases (of `origins`, readable by the viewer) within `windows`, per origin. */
async function readCaseRowCounters(
  db: Db,
  mine: RawBuilder<SqlBool>,
  windows: [Date, Date][],
): Promise<(Record<string, unknown> & { origin: string })[]> {
  if (windows.length === 0) return [];
  const { any, counters } = exactCounters(windows);
  const { rows } = await sql<Record<string, unknown> & { origin: string }>`${plannedPerRun}
    select origin_organization_id as origin,
      ${sql.join(Object.entries(counters).map(([name, value]) => sql`${value} as ${sql.ref(name)}`))}
    from cases where ${mine} and ${any} group by origin_organization_id`.execute(db);
  return rows;
}

/**
 * The minute buckets `(node, measure, bucket, count)` of the cases (readable by the viewer) within `windows`:
 * each case counts for the nodes among its origin's ancestors-or-self at the depths `depth` to `depth + levels`.
 */
function caseRowBuckets(
  mine: RawBuilder<SqlBool>,
  windows: [Date, Date][],
  depth: number,
  levels: number,
  measures: number[],
) {
  if (windows.length === 0 || measures.length === 0) return null;
  const { within } = exactCounters(windows);
  const values = sql.join(
    measures.map((measure) => {
      const [at, minutes] = MEASURE_COLUMNS[measure] as [string, string];
      return sql`(${sql.lit(measure)}, ${sql.ref(at)}, ${sql.ref(minutes)})`;
    }),
  );
  return sql`select node, m.measure, metric_bucket(m.minutes) as bucket, 1 as count
    from cases join organizations origin on origin.id = cases.origin_organization_id
      cross join unnest(origin.path[${sql.lit(depth)}:${sql.lit(depth + levels)}]) as node
      cross join lateral (values ${values}) as m(measure, at, minutes)
    where ${mine} and (${within('first_responded_at')} or ${within('resolved_at')})
      and m.minutes is not null and ${within('m.at')}`;
}

/**
 * Whether the viewer reads every case opened in the organization's subtree,
 * so that the roll-up cells (which count them all) are exactly their figures:
 * their CASL rules let them read a case visible only to the organization and
 * its ancestors, the least such a case is visible to (a case's visibility only
 * grows with escalations), and no rule takes read access away.
 */
function readsWholeSubtree(ability: AppAbility, organization: OrganizationRow): boolean {
  if (ability.rulesFor('read', 'Case').some((rule) => rule.inverted)) return false;
  return ability.can('read', subject('Case', { visibleTo: organization.path }));
}

export interface MetricsOptions {
  /** Compute from the case rows even where the roll-up cells would do (checks and tests). */
  caseRows?: boolean;
  /** How many levels below the organization to compute with it (0 to 2, default 2); deeper ones on demand. */
  levels?: number;
  /** The minute measures whose percentiles are wanted (default all); the others' stay null. */
  measures?: number[];
}

/** The subtree's figures and each child's (and grandchild's), scoped to what the viewer may read. */
export async function computeMetrics(
  db: Db,
  ability: AppAbility,
  organization: OrganizationRow,
  period: Period,
  options: MetricsOptions = {},
): Promise<MetricsNode> {
  const levels = Math.min(2, Math.max(0, options.levels ?? 2));
  const { from, to } = period;
  const scope = accessibleBy(ability, 'read', 'Case', CASE_FIELDS);
  const origins = sql`select id from organizations where path @> array[${organization.id}]::uuid[]`;
  const depth = organization.path.length;
  // Readers of the whole subtree get the cells, plus the case rows of the partial days at the ends;
  // anyone else the case rows of the whole period, scoped by their rules.
  const wholeSubtree = readsWholeSubtree(ability, organization);
  const plan: CellPlan =
    !options.caseRows && wholeSubtree ? planCells(from, cellsEnd(to)) : { cells: [], edges: [[from, to]] };
  const subtree = await db
    .selectFrom('organizations')
    .selectAll()
    .where(sql<SqlBool>`path @> array[${organization.id}]::uuid[]`)
    .orderBy('code')
    .execute();
  const nodes = subtree.filter((org) => org.path.length <= depth + levels);
  const counters = new Map(nodes.map((org) => [org.id, emptyCounters()]));
  const mine = sql<SqlBool>`cases.origin_organization_id in (${origins}) and ${scope}`;
  const measures = options.measures ?? Object.values(MEASURES);
  // One statement per measure: they run side by side on the pool's connections (and the server's cores).
  const percentilesOf = (measure: number) =>
    readPercentiles(
      db,
      [
        cellBuckets(
          plan,
          nodes.map((org) => org.id),
          [measure],
        ),
        caseRowBuckets(mine, plan.edges, depth, levels, [measure]),
      ].filter((source) => source !== null),
      [0.5, 0.9],
    );
  const [, caseRowCounters, percentiles, backlogRows, reviewRows] = await Promise.all([
    readCellCounters(db, plan, counters),
    readCaseRowCounters(db, mine, plan.edges),
    Promise.all(measures.map(percentilesOf)).then(mergePercentiles),
    readBacklog(db, {
      origins,
      scope,
      cellsOf: wholeSubtree && !options.caseRows ? nodes.map((org) => org.id) : null,
    }),
    sql<{ origin: string; reviews: number; score_sum: number }>`${plannedPerRun}
      select cases.origin_organization_id as origin, count(*)::int as reviews,
        sum((review.data->>'score')::numeric)::float8 as score_sum
      from case_events review join cases on cases.id = review.case_id
      where review.type = 'QUALITY_REVIEWED'
        and review.created_at >= ${from.toISOString()}::timestamptz and review.created_at < ${to.toISOString()}::timestamptz
        and cases.origin_organization_id in (${origins}) and ${scope}
      group by 1`.execute(db),
  ]);

  // Rows per origin count for the organization and for its child and grandchild nodes above the origin.
  const paths = new Map(subtree.map((org) => [org.id, org.path]));
  const extras = new Map(nodes.map((org) => [org.id, emptyExtras()]));
  const nodesOf = (origin: string) =>
    (paths.get(origin) ?? []).slice(depth - 1, depth + levels).flatMap((id) => {
      const sums = counters.get(id);
      const extra = extras.get(id);
      return sums && extra ? [{ sums, extra }] : [];
    });
  for (const row of caseRowCounters) for (const { sums } of nodesOf(row.origin)) addCounters(sums, row);
  const addBacklog = (extra: Extras, row: BacklogRow) => {
    extra.byStatus.set(row.status, (extra.byStatus.get(row.status) ?? 0) + row.count);
    for (const bucket of AGE_BUCKETS) extra.byAge.set(bucket, (extra.byAge.get(bucket) ?? 0) + row[bucket]);
  };
  for (const row of backlogRows.perOrigin) for (const { extra } of nodesOf(row.key)) addBacklog(extra, row);
  for (const row of backlogRows.perNode) {
    const extra = extras.get(row.key);
    if (extra) addBacklog(extra, row);
  }
  for (const row of reviewRows.rows)
    for (const { extra } of nodesOf(row.origin)) {
      extra.reviews += row.reviews;
      extra.scoreSum += Number(row.score_sum);
    }

  const nodeOf = (org: OrganizationRow, children: MetricsNode[] | null): MetricsNode => ({
    organization: org,
    period,
    figures: toFigures(
      counters.get(org.id) ?? emptyCounters(),
      percentiles.get(org.id) ?? new Map(),
      extras.get(org.id) ?? emptyExtras(),
    ),
    children,
  });
  const withChildren = (org: OrganizationRow): MetricsNode =>
    nodeOf(
      org,
      org.path.length < depth + levels ? nodes.filter((child) => child.parent_id === org.id).map(withChildren) : null,
    );
  return withChildren(organization);
}

type BacklogRow = { key: string; status: CaseStatus; count: number } & Record<AgeBucket, number>;
const DAY_MS = 86_400_000;

/**
 * Cases open now per status and age bucket. `cellsOf`: the organizations (each its whole subtree) whose backlog
 * cells the viewer may read whole; for them, the cells give the whole UTC days of opening that lie inside one age
 * bucket (`perNode`), and the case rows the days that straddle an age limit (`perOrigin`). Otherwise the case rows
 * the viewer may read, per origin. Counted per origin from the backlog index (origin, status, created_at): a reader
 * of the whole subtree needs no rule on the rows, so that count never visits the table.
 */
async function readBacklog(
  db: Db,
  { origins, scope, cellsOf }: { origins: RawBuilder<unknown>; scope: RawBuilder<SqlBool>; cellsOf: string[] | null },
): Promise<{ perOrigin: BacklogRow[]; perNode: BacklogRow[] }> {
  const now = Date.now();
  const openedAgo = (days: number) => new Date(now - days * DAY_MS).toISOString();
  const limits = [...new Set(Object.values(AGE_LIMITS_DAYS).flat())].filter((days) => days !== null && days > 0);
  const dayOf = (days: number) => openedAgo(days).slice(0, 10);
  const straddled = limits.map((days) => dayOf(days as number));
  const ageCounts = sql.join(
    Object.entries(AGE_LIMITS_DAYS).map(
      ([bucket, [low, high]]) =>
        sql`count(*) filter (where created_at <= ${openedAgo(low)}::timestamptz${high === null ? sql`` : sql` and created_at > ${openedAgo(high)}::timestamptz`})::int as ${sql.ref(bucket)}`,
    ),
  );
  const caseRows = (days: string[] | null) =>
    sql<BacklogRow>`${plannedPerRun}
    select origin_organization_id as key, status, count(*)::int as count, ${ageCounts}
    from cases
    where status in (${sql.join(ACTIVE_STATUSES)}) and origin_organization_id in (${origins})
      and ${
        days
          ? sql<SqlBool>`(${sql.join(
              days.map(
                (day) =>
                  sql`(created_at >= ${day}::timestamptz and created_at < ${day}::timestamptz + interval '1 day')`,
              ),
              sql` or `,
            )})`
          : scope
      }
    group by 1, 2`.execute(db);
  if (!cellsOf) return { perOrigin: (await caseRows(null)).rows, perNode: [] };
  // A whole day of opening lies in one bucket unless an age limit falls inside it: the days after the day of the
  // bucket's younger limit (or up to today) and before the day of its older one.
  const dayCounts = sql.join(
    Object.entries(AGE_LIMITS_DAYS).map(([bucket, [low, high]]) => {
      const inBucket = sql.join(
        [
          low === 0 ? sql`true` : sql`created_on < ${dayOf(low)}::date`,
          high === null ? sql`true` : sql`created_on > ${dayOf(high)}::date`,
        ],
        sql` and `,
      );
      return sql`coalesce(sum(count) filter (where ${inBucket}), 0)::int as ${sql.ref(bucket)}`;
    }),
  );
  const [edges, cells] = await Promise.all([
    caseRows(straddled),
    sql<BacklogRow>`${plannedPerRun}
      select organization_id as key, status, sum(count)::int as count, ${dayCounts}
      from metric_backlog
      where organization_id = any(${cellsOf}::uuid[]) and created_on <> all(${straddled}::date[])
      group by 1, 2`.execute(db),
  ]);
  return { perOrigin: edges.rows, perNode: cells.rows };
}

/** What is not a period figure of the roll-up: the backlog now, and the quality reviews. */
interface Extras {
  byStatus: Map<CaseStatus, number>;
  byAge: Map<AgeBucket, number>;
  reviews: number;
  scoreSum: number;
}
const emptyExtras = (): Extras => ({ byStatus: new Map(), byAge: new Map(), reviews: 0, scoreSum: 0 });

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function toFigures(c: Counters, percentiles: NodePercentiles, extra: Extras): Figures {
  const minutes = (measure: number, cases: number): Percentiles => {
    const [median = null, p90 = null] = percentiles.get(measure) ?? [];
    return { median, p90, count: cases };
  };
  const byStatus = ACTIVE_STATUSES.map((status) => ({ status, count: extra.byStatus.get(status) ?? 0 }));
  return {
    casesOpened: c.opened,
    casesResolved: c.resolved,
    backlog: {
      total: byStatus.reduce((sum, row) => sum + row.count, 0),
      byStatus,
      byAge: AGE_BUCKETS.map((bucket) => ({ bucket, count: extra.byAge.get(bucket) ?? 0 })),
    },
    firstResponseMinutes: minutes(MEASURES.firstResponse, c.first_responses),
    resolutionMinutes: minutes(MEASURES.resolution, c.resolutions),
    slaCompliance: share(c.sla_met, c.sla_measured),
    escalationRate: share(c.escalated, c.opened),
    reopenRate: share(c.reopened, c.ever_resolved),
    csatAverage: share(c.csat_sum, c.csat_responses),
    csatResponses: c.csat_responses,
    qualityReviews: extra.reviews,
    qualityScoreAverage: share(extra.scoreSum, extra.reviews),
    byChannel: CHANNELS.map((channel) => ({ channel, count: c[channelCounter(channel)] })),
    timeAtLevel: LEVELS.map((level) => ({
      level,
      medianMinutes: minutes(MEASURES[level], c[levelCounter(level)]).median,
      cases: c[levelCounter(level)],
    })),
  };
}

export const TIMELINE_BUCKETS = ['DAY', 'WEEK', 'MONTH'] as const;
export type TimelineBucket = (typeof TIMELINE_BUCKETS)[number];
const MAX_TIMELINE_POINTS = 400;

const HOUR = 3_600_000;

/**
 * Whether every day, week and month of the zone starts on a whole UTC hour throughout the period, so that each
 * hour cell falls in one bucket of the timeline (not so in zones with half-hour offsets, like Asia/Kolkata).
 */
function bucketsStartOnWholeHours(zone: string, period: Period): boolean {
  const timeZone = IANAZone.create(zone);
  if (!timeZone.isValid) return false;
  // Offsets change at most at the zone's transitions; every 6 hours catches each of them.
  for (let at = period.from.getTime(); at < period.to.getTime() + 6 * HOUR; at += 6 * HOUR)
    if (timeZone.offset(at) % 60 !== 0) return false;
  return true;
}

/**
 * Cases opened and resolved per day, week or month (in the organization's time zone), for the dashboard's chart.
 * A reader of the whole subtree gets the hour cells for the whole hours of the period, and the case rows of the
 * partial hours at its ends; anyone else the case rows they may read. `caseRows`: as computeMetrics.
 */
export async function computeTimeline(
  db: Db,
  ability: AppAbility,
  organization: OrganizationRow,
  period: Period,
  bucket: TimelineBucket,
  options: { caseRows?: boolean } = {},
): Promise<{ start: Date; opened: number; resolved: number }[]> {
  const days = { DAY: 1, WEEK: 7, MONTH: 28 }[bucket];
  if ((period.to.getTime() - period.from.getTime()) / 86_400_000 / days > MAX_TIMELINE_POINTS)
    throw ValidationError.field('bucket', `At most ${MAX_TIMELINE_POINTS} points: choose a longer bucket`);
  const unit = sql.lit(bucket.toLowerCase());
  const zone = organization.time_zone;
  const firstHour = new Date(Math.ceil(period.from.getTime() / HOUR) * HOUR);
  const lastHour = new Date(Math.floor(period.to.getTime() / HOUR) * HOUR);
  const fromHours =
    !options.caseRows &&
    firstHour < lastHour &&
    readsWholeSubtree(ability, organization) &&
    bucketsStartOnWholeHours(zone, period);
  const edges: [Date, Date][] = [
    [period.from, firstHour],
    [lastHour, period.to],
  ];
  const { within } = exactCounters(fromHours ? edges.filter(([from, to]) => from < to) : [[period.from, period.to]]);
  const scope = accessibleBy(ability, 'read', 'Case', CASE_FIELDS);
  const hours = fromHours
    ? sql`select date_trunc(${unit}, hour, ${zone}) as start, opened, resolved from metric_hours
        where organization_id = ${organization.id}
          and hour >= ${firstHour.toISOString()}::timestamptz and hour < ${lastHour.toISOString()}::timestamptz
        union all`
    : sql``;
  const { rows } = await sql<{ start: Date; opened: number; resolved: number }>`${plannedPerRun}
    with scoped as (
      select cases.created_at, cases.resolved_at
      from cases
      where cases.origin_organization_id in
          (select id from organizations where path @> array[${organization.id}]::uuid[])
        and ${scope}
        and (${within('created_at')} or ${within('resolved_at')})
    ),
    points as (
      ${hours}
      select date_trunc(${unit}, created_at, ${zone}) as start, 1 as opened, 0 as resolved from scoped
        where ${within('created_at')}
      union all
      select date_trunc(${unit}, resolved_at, ${zone}), 0, 1 from scoped where ${within('resolved_at')}
    )
    select start, sum(opened)::int as opened, sum(resolved)::int as resolved
    from points group by start having sum(opened) <> 0 or sum(resolved) <> 0 order by start`.execute(db);
  return rows;
}
