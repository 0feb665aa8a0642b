import { subject } from '@casl/ability';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { accessibleBy } from '../auth/scope.js';
import type { AppAbility } from '../auth/ability.js';
import { CASE_FIELDS } from '../cases/case-scope.js';
import { ACTIVE_STATUSES } from '../cases/status-machine.js';
import type { Db } from '../db/database.js';
import { CHANNELS, type CaseStatus, type Channel, type OrganizationKind, type OrganizationRow } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../graphql/errors.js';

/**
 * Quality KPIs of an organization's subtree over a period, and the same for
 * each child and grandchild, in one SQL statement (grouping sets) over the case
 * rows. A case counts for the organization where it was opened and for every
 * ancestor of it, so a parent's counts are the sum over its children plus the
 * cases opened at the parent itself. Only cases the viewer may read count
 * (the CASL rules compiled into the WHERE).
 *
 * The period picks, per figure, the cases that reached that point in it:
 * opened (casesOpened, byChannel, escalationRate, reopenRate), first
 * responded, resolved (casesResolved, resolution minutes, SLA compliance, time
 * at level), rated (CSAT), reviewed (quality reviews). The backlog is now.
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
const LEVEL_COLUMN: Record<OrganizationKind, string> = {
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

type Row = Record<string, unknown> & {
  is_total: number;
  is_child: number;
  child_id: string | null;
  grandchild_id: string | null;
};

const count = (condition: RawBuilder<SqlBool>) => sql`count(*) filter (where ${condition})::int`;
const percentile = (fraction: number, column: string, condition: RawBuilder<SqlBool>) =>
  sql`percentile_cont(${sql.lit(fraction)}) within group (order by ${sql.ref(column)}) filter (where ${condition} and ${sql.ref(column)} is not null)`;

/** The subtree's figures and each child's, scoped to what the viewer may read. */
export async function computeMetrics(
  db: Db,
  ability: AppAbility,
  organization: OrganizationRow,
  period: Period,
): Promise<MetricsNode> {
  const { from, to } = period;
  const within = (column: string) =>
    sql<SqlBool>`${sql.ref(column)} >= ${from.toISOString()}::timestamptz and ${sql.ref(column)} < ${to.toISOString()}::timestamptz`;
  // Which points each case reached in the period: worked out once per case, then read by every aggregate.
  const flags = {
    opened: within('created_at'),
    resolved: within('resolved_at'),
    responded: within('first_responded_at'),
    rated: within('rated_at'),
    active: sql<SqlBool>`status in (${sql.join(ACTIVE_STATUSES)})`,
  };
  const flag = (name: keyof typeof flags) => sql<SqlBool>`${sql.ref(name)}`;
  const [opened, resolved, responded, rated, active] = [
    flag('opened'),
    flag('resolved'),
    flag('responded'),
    flag('rated'),
    flag('active'),
  ];
  const ageDays = sql.ref('age_days');

  const columns = [
    sql`${count(opened)} as opened`,
    sql`${count(resolved)} as resolved`,
    sql`${count(active)} as backlog`,
    ...ACTIVE_STATUSES.map((status) => sql`${count(sql`status = ${status}`)} as ${sql.ref(`status_${status}`)}`),
    ...Object.entries(AGE_LIMITS_DAYS).map(
      ([bucket, [low, high]]) =>
        sql`${count(sql`${active} and ${ageDays} >= ${sql.lit(low)}${high === null ? sql`` : sql` and ${ageDays} < ${sql.lit(high)}`}`)} as ${sql.ref(`age_${bucket}`)}`,
    ),
    sql`${percentile(0.5, 'first_response_minutes', responded)} as first_response_median`,
    sql`${percentile(0.9, 'first_response_minutes', responded)} as first_response_p90`,
    sql`${count(sql`${responded} and first_response_minutes is not null`)} as first_responses`,
    sql`${percentile(0.5, 'resolution_minutes', resolved)} as resolution_median`,
    sql`${percentile(0.9, 'resolution_minutes', resolved)} as resolution_p90`,
    sql`${count(sql`${resolved} and resolution_minutes is not null`)} as resolutions`,
    sql`${count(sql`${resolved} and sla_met`)} as sla_met`,
    sql`${count(sql`${resolved} and sla_met is not null`)} as sla_measured`,
    sql`${count(sql`${opened} and escalation_count > 0`)} as escalated`,
    sql`${count(sql`${opened} and reopen_count > 0`)} as reopened`,
    sql`${count(sql`${opened} and (resolved_at is not null or reopen_count > 0)`)} as ever_resolved`,
    sql`avg(rating) filter (where ${rated} and rating is not null)::float8 as csat_average`,
    sql`${count(sql`${rated} and rating is not null`)} as csat_responses`,
    ...CHANNELS.map(
      (channel) => sql`${count(sql`${opened} and channel = ${channel}`)} as ${sql.ref(`channel_${channel}`)}`,
    ),
    ...LEVELS.flatMap((level) => [
      sql`${percentile(0.5, LEVEL_COLUMN[level], resolved)} as ${sql.ref(`level_${level}`)}`,
      sql`${count(sql`${resolved} and ${sql.ref(LEVEL_COLUMN[level])} is not null`)} as ${sql.ref(`level_${level}_cases`)}`,
    ]),
  ];
  const scope = accessibleBy(ability, 'read', 'Case', CASE_FIELDS);
  // The subtree's organizations, each with the child and grandchild of `organization` it lies under (null: itself).
  const subtree = sql`select id as origin_id,
      path[array_position(path, ${organization.id}::uuid) + 1] as child_id,
      path[array_position(path, ${organization.id}::uuid) + 2] as grandchild_id
    from organizations where path @> array[${organization.id}]::uuid[]`;
  // One pass gives the subtree, each child and each grandchild: a dashboard's two levels of drill-down.
  const groups = sql`grouping sets ((), (child_id), (child_id, grandchild_id))`;
  const groupColumns = sql`grouping(child_id) as is_total, grouping(grandchild_id) as is_child, child_id, grandchild_id`;

  const [caseRows, reviewRows, descendants] = await Promise.all([
    // The grouping sorts every case of the subtree: in memory rather than on disk.
    db.transaction().execute(async (trx) => {
      await sql`set local work_mem = '64MB'`.execute(trx);
      return sql<Row>`
      with subtree as (${subtree}),
      scoped as (
        select cases.*, subtree.child_id, subtree.grandchild_id,
          ${sql.join(Object.entries(flags).map(([name, condition]) => sql`${condition} as ${sql.ref(name)}`))},
          extract(epoch from (now() - cases.created_at)) / 86400 as age_days
        from cases join subtree on subtree.origin_id = cases.origin_organization_id
        where ${scope} and (${sql.join(Object.values(flags), sql` or `)})
      )
      select ${groupColumns}, ${sql.join(columns)}
      from scoped group by ${groups}`.execute(trx);
    }),
    sql<Row>`
      with subtree as (${subtree})
      select ${groupColumns}, count(*)::int as reviews,
        avg((review.data->>'score')::numeric)::float8 as review_average
      from case_events review
        join cases on cases.id = review.case_id
        join subtree on subtree.origin_id = cases.origin_organization_id
      where review.type = 'QUALITY_REVIEWED' and ${within('review.created_at')} and ${scope}
      group by ${groups}`.execute(db),
    db
      .selectFrom('organizations')
      .selectAll()
      .where(sql<SqlBool>`path @> array[${organization.id}]::uuid[]`)
      .where(sql<SqlBool>`cardinality(path) in (${organization.path.length + 1}, ${organization.path.length + 2})`)
      .orderBy('code')
      .execute(),
  ]);

  const key = (row: Row) =>
    row.is_total ? 'total' : row.is_child ? (row.child_id ?? 'self') : (row.grandchild_id ?? 'self');
  const cases = new Map(caseRows.rows.map((row) => [key(row), row]));
  const reviews = new Map(reviewRows.rows.map((row) => [key(row), row]));
  const nodeOf = (org: OrganizationRow, children: MetricsNode[] | null): MetricsNode => ({
    organization: org,
    period,
    figures: toFigures(cases.get(org.id), reviews.get(org.id)),
    children,
  });
  const depth = organization.path.length;
  return {
    organization,
    period,
    figures: toFigures(cases.get('total'), reviews.get('total')),
    children: descendants
      .filter((child) => child.path.length === depth + 1)
      .map((child) =>
        nodeOf(
          child,
          descendants.filter((grandchild) => grandchild.parent_id === child.id).map((g) => nodeOf(g, null)),
        ),
      ),
  };
}

const num = (value: unknown): number => (value == null ? 0 : Number(value));
const numOrNull = (value: unknown): number | null => (value == null ? null : Number(value));
const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function toFigures(row: Record<string, unknown> | undefined, review: Record<string, unknown> | undefined): Figures {
  const r = row ?? {};
  return {
    casesOpened: num(r.opened),
    casesResolved: num(r.resolved),
    backlog: {
      total: num(r.backlog),
      byStatus: ACTIVE_STATUSES.map((status) => ({ status, count: num(r[`status_${status}`]) })),
      byAge: AGE_BUCKETS.map((bucket) => ({ bucket, count: num(r[`age_${bucket}`]) })),
    },
    firstResponseMinutes: {
      median: numOrNull(r.first_response_median),
      p90: numOrNull(r.first_response_p90),
      count: num(r.first_responses),
    },
    resolutionMinutes: {
      median: numOrNull(r.resolution_median),
      p90: numOrNull(r.resolution_p90),
      count: num(r.resolutions),
    },
    slaCompliance: share(num(r.sla_met), num(r.sla_measured)),
    escalationRate: share(num(r.escalated), num(r.opened)),
    reopenRate: share(num(r.reopened), num(r.ever_resolved)),
    csatAverage: numOrNull(r.csat_average),
    csatResponses: num(r.csat_responses),
    qualityReviews: num(review?.reviews),
    qualityScoreAverage: numOrNull(review?.review_average),
    byChannel: CHANNELS.map((channel) => ({ channel, count: num(r[`channel_${channel}`]) })),
    timeAtLevel: LEVELS.map((level) => ({
      level,
      medianMinutes: numOrNull(r[`level_${level}`]),
      cases: num(r[`level_${level}_cases`]),
    })),
  };
}

export const TIMELINE_BUCKETS = ['DAY', 'WEEK', 'MONTH'] as const;
export type TimelineBucket = (typeof TIMELINE_BUCKETS)[number];
const MAX_TIMELINE_POINTS = 400;

/** Cases opened and resolved per day, week or month (in the organization's time zone), for the dashboard's chart. */
export async function computeTimeline(
  db: Db,
  ability: AppAbility,
  organization: OrganizationRow,
  period: Period,
  bucket: TimelineBucket,
): Promise<{ start: Date; opened: number; resolved: number }[]> {
  const days = { DAY: 1, WEEK: 7, MONTH: 28 }[bucket];
  if ((period.to.getTime() - period.from.getTime()) / 86_400_000 / days > MAX_TIMELINE_POINTS)
    throw ValidationError.field('bucket', `At most ${MAX_TIMELINE_POINTS} points: choose a longer bucket`);
  const unit = sql.lit(bucket.toLowerCase());
  const zone = organization.time_zone;
  const from = period.from.toISOString();
  const to = period.to.toISOString();
  const scope = accessibleBy(ability, 'read', 'Case', CASE_FIELDS);
  const { rows } = await sql<{ start: Date; opened: number; resolved: number }>`
    with scoped as (
      select cases.created_at, cases.resolved_at
      from cases
      where cases.origin_organization_id in
          (select id from organizations where path @> array[${organization.id}]::uuid[])
        and ${scope}
        and ((cases.created_at >= ${from}::timestamptz and cases.created_at < ${to}::timestamptz)
          or (cases.resolved_at >= ${from}::timestamptz and cases.resolved_at < ${to}::timestamptz))
    ),
    points as (
      select date_trunc(${unit}, created_at, ${zone}) as start, 1 as opened, 0 as resolved from scoped
        where created_at >= ${from}::timestamptz and created_at < ${to}::timestamptz
      union all
      select date_trunc(${unit}, resolved_at, ${zone}), 0, 1 from scoped
        where resolved_at >= ${from}::timestamptz and resolved_at < ${to}::timestamptz
    )
    select start, sum(opened)::int as opened, sum(resolved)::int as resolved
    from points group by start order by start`.execute(db);
  return rows;
}
