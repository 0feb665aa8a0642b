import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { sql, type SqlBool } from 'kysely';
import type { Plugin } from 'graphql-yoga';
import { accessibleBy } from '../auth/scope.js';
import { viewerForToken } from '../auth/sessions.js';
import { viewerContext } from '../auth/viewer-context.js';
import { CASE_FIELDS } from '../cases/case-scope.js';
import type { Db } from '../db/database.js';
import { DomainError, NotFoundError, ValidationError } from '../graphql/errors.js';
import { decodeIdOrNull } from '../graphql/ids.js';
import { checkPeriod, computeMetrics, metricsOrganization, type MetricsNode, type Period } from './metrics.js';

/**
 * CSV exports over plain HTTP, with the same bearer token and the same CASL
 * scoping as the API: `GET /export/cases.csv` and `GET /export/metrics.csv`,
 * both `?organizationId=<Organization id>&from=<ISO>&to=<ISO>`.
 *
 * RFC 4180 (CRLF records, fields quoted when needed), UTF-8 with a BOM so
 * spreadsheet programs read accents right. Text cells starting with = + - @,
 * a tab or a carriage return get a leading apostrophe, so a spreadsheet shows
 * them as text and never runs them as formulas (OWASP's CSV injection advice).
 */

const PAGE_ROWS = 1000;
const FORMULA_START = /^[=+\-@\t\r]/;
const NO_MATCH = '00000000-0000-0000-0000-000000000000';

export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function csvStream(header: string[], rows: AsyncIterable<unknown[]>): ReadableStream {
  const stringifier = stringify({
    header: true,
    columns: header,
    bom: true,
    record_delimiter: 'windows',
    cast: {
      string: neutralizeFormula,
      date: (value) => value.toISOString(),
      boolean: (value) => (value ? 'true' : 'false'),
    },
  });
  return Readable.toWeb(Readable.from(rows).pipe(stringifier)) as ReadableStream;
}

function csvResponse(name: string, body: ReadableStream): Response {
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
  });
}

interface ExportRequest {
  context: ReturnType<typeof viewerContext>;
  organizationId: string | null;
  period: Period;
}

function parseDate(params: URLSearchParams, name: 'from' | 'to'): Date {
  const value = params.get(name);
  const date = value ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw ValidationError.field(name, 'An ISO 8601 date-time');
  return date;
}

async function exportRequest(db: Db, request: Request, url: URL): Promise<ExportRequest | Response> {
  const token = request.headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const viewer = token ? await viewerForToken(db, token) : null;
  if (!viewer)
    return Response.json(
      { errors: [{ message: 'You need to log in', extensions: { code: 'UNAUTHENTICATED' } }] },
      { status: 401, headers: { 'www-authenticate': 'Bearer' } },
    );
  const id = url.searchParams.get('organizationId');
  return {
    context: viewerContext(db, viewer),
    organizationId: id ? (decodeIdOrNull(id, 'Organization') ?? NO_MATCH) : null,
    period: checkPeriod({ from: parseDate(url.searchParams, 'from'), to: parseDate(url.searchParams, 'to') }),
  };
}

const CASE_COLUMNS = [
  'reference',
  'subject',
  'status',
  'priority',
  'channel',
  'origin',
  'owner',
  'created_at',
  'first_responded_at',
  'resolved_at',
  'closed_at',
  'first_response_minutes',
  'resolution_minutes',
  'sla_met',
  'escalations',
  'reopens',
  'rating',
];

/** Cases opened in the period in the organization's sight, page by page (keyset on created_at, id). */
async function* caseRows(db: Db, { context, period }: ExportRequest, organizationId: string) {
  const scope = accessibleBy(context.ability, 'read', 'Case', CASE_FIELDS);
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const position: ReturnType<typeof sql<SqlBool>> = after
      ? sql<SqlBool>`(cases.created_at, cases.id) > (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
      : sql<SqlBool>`true`;
    const page = await db
      .selectFrom('cases')
      .innerJoin('organizations as origin', 'origin.id', 'cases.origin_organization_id')
      .innerJoin('organizations as owner', 'owner.id', 'cases.owner_organization_id')
      .select([
        'cases.id',
        'cases.reference',
        'cases.subject',
        'cases.status',
        'cases.priority',
        'cases.channel',
        'origin.code as origin',
        'owner.code as owner',
        'cases.created_at',
        'cases.first_responded_at',
        'cases.resolved_at',
        'cases.closed_at',
        'cases.first_response_minutes',
        'cases.resolution_minutes',
        'cases.sla_met',
        'cases.escalation_count',
        'cases.reopen_count',
        'cases.rating',
      ])
      .where(scope)
      .where(sql<SqlBool>`cases.visible_to @> array[${organizationId}]::uuid[]`)
      .where('cases.created_at', '>=', period.from)
      .where('cases.created_at', '<', period.to)
      .where(position)
      .orderBy('cases.created_at')
      .orderBy('cases.id')
      .limit(PAGE_ROWS)
      .execute();
    for (const row of page) {
      yield [
        row.reference,
        row.subject,
        row.status,
        row.priority,
        row.channel,
        row.origin,
        row.owner,
        row.created_at,
        row.first_responded_at,
        row.resolved_at,
        row.closed_at,
        row.first_response_minutes,
        row.resolution_minutes,
        row.sla_met,
        row.escalation_count,
        row.reopen_count,
        row.rating,
      ];
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE_ROWS) return;
    after = { createdAt: last.created_at, id: last.id };
  }
}

const METRICS_COLUMNS = [
  'organization_code',
  'organization_name',
  'kind',
  'scope',
  'from',
  'to',
  'cases_opened',
  'cases_resolved',
  'backlog',
  'first_response_median_minutes',
  'first_response_p90_minutes',
  'resolution_median_minutes',
  'resolution_p90_minutes',
  'sla_compliance',
  'escalation_rate',
  'reopen_rate',
  'csat_average',
  'csat_responses',
  'quality_reviews',
  'quality_score_average',
];

function metricsRow(node: MetricsNode, scope: 'SUBTREE' | 'CHILD'): unknown[] {
  const f = node.figures;
  return [
    node.organization.code,
    node.organization.name,
    node.organization.kind,
    scope,
    node.period.from,
    node.period.to,
    f.casesOpened,
    f.casesResolved,
    f.backlog.total,
    f.firstResponseMinutes.median,
    f.firstResponseMinutes.p90,
    f.resolutionMinutes.median,
    f.resolutionMinutes.p90,
    f.slaCompliance,
    f.escalationRate,
    f.reopenRate,
    f.csatAverage,
    f.csatResponses,
    f.qualityReviews,
    f.qualityScoreAverage,
  ];
}

async function* metricsRows(node: MetricsNode) {
  yield metricsRow(node, 'SUBTREE');
  for (const child of node.children ?? []) yield metricsRow(child, 'CHILD');
}

function errorResponse(error: unknown): Response {
  if (error instanceof ValidationError)
    return Response.json(
      {
        errors: [{ message: error.message, extensions: { code: 'VALIDATION_FAILED', fieldErrors: error.fieldErrors } }],
      },
      { status: 400 },
    );
  if (error instanceof NotFoundError)
    return Response.json({ errors: [{ message: error.message, extensions: { code: 'NOT_FOUND' } }] }, { status: 404 });
  if (error instanceof DomainError) return Response.json({ errors: [{ message: error.message }] }, { status: 400 });
  throw error;
}

export function exportRoutes(db: Db): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== '/export/cases.csv' && url.pathname !== '/export/metrics.csv') return;
      if (request.method !== 'GET') {
        endResponse(new Response(null, { status: 405, headers: { allow: 'GET' } }));
        return;
      }
      try {
        const parsed = await exportRequest(db, request, url);
        if (parsed instanceof Response) return endResponse(parsed);
        const { ability, viewer } = parsed.context;
        const organization = await metricsOrganization(
          db,
          ability,
          parsed.organizationId,
          viewer?.memberships[0]?.organizationId,
        );
        if (url.pathname === '/export/cases.csv') {
          endResponse(csvResponse('cases.csv', csvStream(CASE_COLUMNS, caseRows(db, parsed, organization.id))));
        } else {
          const metrics = await computeMetrics(db, ability, organization, parsed.period);
          endResponse(csvResponse('metrics.csv', csvStream(METRICS_COLUMNS, metricsRows(metrics))));
        }
      } catch (error) {
        endResponse(errorResponse(error));
      }
    },
  };
}
