import { Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { CaseStatusEnum, ChannelEnum } from '../cases/case.graphql.js';
import { builder } from '../graphql/builder.js';
import { NotFoundError } from '../graphql/errors.js';
import { decodeIdOrNull } from '../graphql/ids.js';
import { OrganizationKindEnum, OrganizationRef } from '../organizations/organization.graphql.js';
import { MEASURES } from './metric-rollups.js';
import {
  AGE_BUCKETS,
  checkPeriod,
  computeMetrics,
  computeTimeline,
  metricsOrganization,
  TIMELINE_BUCKETS,
  type Figures,
  type MetricsNode,
  type MetricsOptions,
  type Percentiles,
} from './metrics.js';

const NO_MATCH = '00000000-0000-0000-0000-000000000000';

/** The minute measures behind each Metrics field that reports percentiles. */
const MEASURES_OF_FIELD: Record<string, number[]> = {
  firstResponseMinutes: [MEASURES.firstResponse],
  resolutionMinutes: [MEASURES.resolution],
  timeAtLevel: [MEASURES.DEALER, MEASURES.COUNTRY, MEASURES.HQ],
};

/**
 * What a request asks of a Metrics field (`level` 0) or of a `children` field (`level` 1): how many levels of
 * `children` (up to the two computed together) and which percentiles, so that the dashboard's HQ-and-countries
 * request reads no dealer's and no unused histogram.
 */
function wanted(info: GraphQLResolveInfo, level: 0 | 1): Pick<MetricsOptions, 'levels' | 'measures'> {
  const measures = new Set<number>();
  let levels: number = level;
  const visit = (selections: readonly SelectionNode[], level: number) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet.selections, level);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet.selections, level);
      else {
        for (const measure of MEASURES_OF_FIELD[selection.name.value] ?? []) measures.add(measure);
        if (selection.name.value === 'children' && selection.selectionSet && level < 2) {
          levels = Math.max(levels, level + 1);
          visit(selection.selectionSet.selections, level + 1);
        }
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet?.selections ?? [], level);
  return { levels, measures: [...measures] };
}

const AgeBucketEnum = builder.enumType('BacklogAgeBucket', {
  description: 'How long an open case has been open, in calendar time.',
  values: AGE_BUCKETS,
});
const TimelineBucketEnum = builder.enumType('TimelineBucket', {
  description: 'Calendar buckets in the organization’s time zone (weeks start on Monday).',
  values: TIMELINE_BUCKETS,
});

const PercentilesRef = builder.objectRef<Percentiles>('MinutePercentiles').implement({
  description:
    'Business minutes (each holder’s hours, time waiting on the customer left out). The median and p90 are within ' +
    '2 % of the exact values (logarithmic buckets); the count is exact.',
  fields: (t) => ({
    median: t.float({ nullable: true, resolve: (p) => p.median }),
    p90: t.float({ nullable: true, resolve: (p) => p.p90 }),
    count: t.exposeInt('count', { description: 'How many cases the percentiles are taken over.' }),
  }),
});

const StatusCountRef = builder.objectRef<Figures['backlog']['byStatus'][number]>('StatusCount').implement({
  fields: (t) => ({
    status: t.field({ type: CaseStatusEnum, resolve: (row) => row.status }),
    count: t.exposeInt('count'),
  }),
});
const AgeCountRef = builder.objectRef<Figures['backlog']['byAge'][number]>('AgeBucketCount').implement({
  fields: (t) => ({
    bucket: t.field({ type: AgeBucketEnum, resolve: (row) => row.bucket }),
    count: t.exposeInt('count'),
  }),
});
const BacklogRef = builder.objectRef<Figures['backlog']>('Backlog').implement({
  description: 'Cases open now (NEW, OPEN, WAITING_ON_CUSTOMER), whatever the period.',
  fields: (t) => ({
    total: t.exposeInt('total'),
    byStatus: t.field({ type: [StatusCountRef], resolve: (b) => b.byStatus }),
    byAge: t.field({ type: [AgeCountRef], resolve: (b) => b.byAge }),
  }),
});
const ChannelCountRef = builder.objectRef<Figures['byChannel'][number]>('ChannelCount').implement({
  fields: (t) => ({
    channel: t.field({ type: ChannelEnum, resolve: (row) => row.channel }),
    count: t.exposeInt('count'),
  }),
});
const LevelMinutesRef = builder.objectRef<Figures['timeAtLevel'][number]>('LevelMinutes').implement({
  description: 'Business minutes the cases resolved in the period spent at one level, over those it held.',
  fields: (t) => ({
    level: t.field({ type: OrganizationKindEnum, resolve: (row) => row.level }),
    medianMinutes: t.float({ nullable: true, resolve: (row) => row.medianMinutes }),
    cases: t.exposeInt('cases', { description: 'Resolved cases this level held.' }),
  }),
});
const TimelinePointRef = builder
  .objectRef<{ start: Date; opened: number; resolved: number }>('MetricsTimelinePoint')
  .implement({
    fields: (t) => ({
      start: t.expose('start', { type: 'DateTime' }),
      opened: t.exposeInt('opened'),
      resolved: t.exposeInt('resolved'),
    }),
  });

type FractionName = 'slaCompliance' | 'escalationRate' | 'reopenRate' | 'csatAverage';
const fraction = (name: FractionName, description: string) => ({
  nullable: true as const,
  description,
  resolve: (m: MetricsNode) => m.figures[name],
});

export const MetricsRef = builder.objectRef<MetricsNode>('Metrics');
MetricsRef.implement({
  description:
    'Quality KPIs of an organization’s subtree over [from, to). A case counts where it was opened and at every ' +
    'level above, so a parent’s counts are the sum of its children’s plus the cases opened at the parent itself. ' +
    'Only cases the viewer may see count. Rates are 0..1, null when nothing was measured.',
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, resolve: (m) => m.organization }),
    from: t.field({ type: 'DateTime', resolve: (m) => m.period.from }),
    to: t.field({ type: 'DateTime', resolve: (m) => m.period.to }),
    casesOpened: t.int({ resolve: (m) => m.figures.casesOpened }),
    casesResolved: t.int({
      description: 'Cases resolved in the period (and not reopened since).',
      resolve: (m) => m.figures.casesResolved,
    }),
    backlog: t.field({ type: BacklogRef, resolve: (m) => m.figures.backlog }),
    firstResponseMinutes: t.field({
      type: PercentilesRef,
      description: 'Cases first answered in the period: business minutes from opening to the first response.',
      resolve: (m) => m.figures.firstResponseMinutes,
    }),
    resolutionMinutes: t.field({
      type: PercentilesRef,
      description: 'Cases resolved in the period: business minutes from opening to resolution, pauses left out.',
      resolve: (m) => m.figures.resolutionMinutes,
    }),
    slaCompliance: t.float(
      fraction(
        'slaCompliance',
        'Of the cases resolved in the period under an SLA policy, the share that met both targets.',
      ),
    ),
    escalationRate: t.float(
      fraction('escalationRate', 'Of the cases opened in the period, the share escalated at least once.'),
    ),
    reopenRate: t.float(
      fraction(
        'reopenRate',
        'Of the cases opened in the period and resolved at least once, the share reopened at least once.',
      ),
    ),
    csatAverage: t.float(fraction('csatAverage', 'Average customer rating (1-5) given in the period.')),
    csatResponses: t.int({ resolve: (m) => m.figures.csatResponses }),
    qualityReviews: t.int({
      description: 'Quality reviews recorded in the period (`reviewCase`).',
      resolve: (m) => m.figures.qualityReviews,
    }),
    qualityScoreAverage: t.float({
      nullable: true,
      description: 'Average score (1-5) of those reviews.',
      resolve: (m) => m.figures.qualityScoreAverage,
    }),
    byChannel: t.field({
      type: [ChannelCountRef],
      description: 'Cases opened in the period per channel.',
      resolve: (m) => m.figures.byChannel,
    }),
    timeAtLevel: t.field({ type: [LevelMinutesRef], resolve: (m) => m.figures.timeAtLevel }),
    timeline: t.field({
      type: [TimelinePointRef],
      description: 'Cases opened and resolved per bucket; buckets without either are left out.',
      args: { bucket: t.arg({ type: TimelineBucketEnum, required: false }) },
      resolve: (m, args, context) =>
        computeTimeline(context.db, context.ability, m.organization, m.period, args.bucket ?? 'DAY'),
    }),
    children: t.field({
      type: [MetricsRef],
      description: 'The same figures for each child organization, in code order.',
      resolve: async (m, _args, context, info) =>
        m.children ??
        (await computeMetrics(context.db, context.ability, m.organization, m.period, wanted(info, 1))).children ??
        [],
    }),
  }),
});

builder.queryFields((t) => ({
  metrics: t.field({
    type: MetricsRef,
    nullable: true,
    description:
      'Quality KPIs of one of the viewer’s organizations (default: its first) or any organization below it; ' +
      'null for any other organization, as for one that does not exist.',
    authScopes: { loggedIn: true },
    args: {
      organizationId: t.arg.id({ required: false }),
      from: t.arg({ type: 'DateTime' }),
      to: t.arg({ type: 'DateTime' }),
    },
    resolve: async (_root, args, context, info) => {
      const period = checkPeriod({ from: args.from, to: args.to });
      const organization = await metricsOrganization(
        context.db,
        context.ability,
        args.organizationId ? (decodeIdOrNull(String(args.organizationId), 'Organization') ?? NO_MATCH) : null,
        context.viewer?.memberships[0]?.organizationId,
      ).catch((error: unknown) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      });
      if (!organization) return null;
      return computeMetrics(context.db, context.ability, organization, period, wanted(info, 0));
    },
  }),
}));
