import { GraphQLError } from 'graphql';
import { sql, type Expression, type SqlBool } from 'kysely';
import { accessibleBy } from '../auth/scope.js';
import { CASE_FIELDS } from '../cases/case-scope.js';
import { staffActor, writeCase, type CaseWriteResult } from '../cases/write-path.js';
import type { CaseEventRow, Channel } from '../db/schema.js';
import type { HubContext as Context } from '../graphql/context.js';
import { ValidationError } from '../graphql/errors.js';

/** The audit trail is for those the CASL rules let `audit` some case (AUDITOR, MANAGER, ADMIN). */
export function assertMayAudit(context: Context): void {
  if (!context.ability.can('audit', 'Case'))
    throw new GraphQLError('Only auditors, managers and administrators read the audit trail', {
      extensions: { code: 'FORBIDDEN' },
    });
}

export interface AuditFilter {
  /** Events on cases in this organization's sight (its subtree has held the case). */
  organizationId?: string | null;
  actorId?: string | null;
  type?: string | null;
  channel?: Channel | null;
  from?: Date | null;
  to?: Date | null;
}

function decodeCursor(cursor: string): number {
  const id = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isSafeInteger(id) || id <= 0) throw ValidationError.field('after', 'Not a cursor of this list');
  return id;
}

export const auditCursor = (event: CaseEventRow): string => Buffer.from(String(event.id)).toString('base64url');

/**
 * Every event on cases the viewer may read, newest first (by log id, the
 * commit order), filtered; keyset pagination on the id. `totalCount` counts the
 * same scoped, filtered set.
 */
export async function listAuditEvents(
  context: Context,
  filter: AuditFilter,
  page: { first: number; after?: string | null | undefined },
) {
  const scoped = context.db
    .selectFrom('case_events')
    .innerJoin('cases', 'cases.id', 'case_events.case_id')
    .where(accessibleBy(context.ability, 'audit', 'Case', CASE_FIELDS))
    .where((eb) => {
      const conditions: Expression<SqlBool>[] = [];
      if (filter.organizationId)
        conditions.push(sql<SqlBool>`cases.visible_to @> array[${filter.organizationId}]::uuid[]`);
      if (filter.actorId) conditions.push(eb('case_events.actor_id', '=', filter.actorId));
      if (filter.type) conditions.push(eb('case_events.type', '=', filter.type));
      if (filter.channel) conditions.push(eb('case_events.channel', '=', filter.channel));
      if (filter.from) conditions.push(eb('case_events.created_at', '>=', filter.from));
      if (filter.to) conditions.push(eb('case_events.created_at', '<', filter.to));
      return eb.and(conditions);
    });
  let pageQuery = scoped.selectAll('case_events');
  if (page.after) pageQuery = pageQuery.where('case_events.id', '<', decodeCursor(page.after));
  const rows = await pageQuery
    .orderBy('case_events.id', 'desc')
    .limit(page.first + 1)
    .execute();
  return {
    nodes: rows.slice(0, page.first),
    hasNextPage: rows.length > page.first,
    totalCount: async () => {
      const { count } = await scoped.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      return Number(count);
    },
  };
}

/** An auditor's quality review of a case: one QUALITY_REVIEWED event, through the write path. */
export function reviewCase(
  context: Context,
  input: { caseId: string; score: number; findings: string; expectedVersion?: number | null },
): Promise<CaseWriteResult> {
  return writeCase(context, input, {
    authorize: staffActor(context, 'review'),
    expectedVersion: input.expectedVersion,
    decide: () => ({
      patch: {},
      events: [
        { type: 'QUALITY_REVIEWED', visibility: 'INTERNAL', body: input.findings, data: { score: input.score } },
      ],
    }),
  });
}
