import { z } from 'zod';
import { CaseEventRef, CaseRef, ChannelEnum, errorsFor, pageSize, text } from '../cases/case.graphql.js';
import type { CaseWriteResult } from '../cases/write-path.js';
import { builder } from '../graphql/builder.js';
import { decodeId, decodeIdOrNull } from '../graphql/ids.js';
import { assertMayAudit, auditCursor, listAuditEvents, reviewCase } from './audit.js';

const NO_MATCH = '00000000-0000-0000-0000-000000000000';

const AuditFilterInput = builder.inputType('AuditEventFilter', {
  description: 'All given conditions must hold.',
  fields: (t) => ({
    organizationId: t.id({
      required: false,
      description: 'Events on cases this organization’s subtree has held (originated, owned or escalated).',
    }),
    actorId: t.id({ required: false, description: 'Events by this member of staff.' }),
    type: t.string({
      required: false,
      description: 'An event type, e.g. QUALITY_REVIEWED, ESCALATED, STATUS_CHANGED.',
      validate: z.string().regex(/^[A-Z_]{1,40}$/, 'An event type in capitals, e.g. ESCALATED'),
    }),
    channel: t.field({ type: ChannelEnum, required: false }),
    from: t.field({ type: 'DateTime', required: false, description: 'At or after.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Before.' }),
  }),
});

builder.queryFields((t) => ({
  auditEvents: t.connection(
    {
      type: CaseEventRef,
      description:
        'Every event on cases in the viewer’s audit scope (the subtrees where they are AUDITOR, MANAGER or ADMIN), newest first.',
      authScopes: { loggedIn: true },
      args: { filter: t.arg({ type: AuditFilterInput, required: false }) },
      resolve: async (_root, args, context) => {
        assertMayAudit(context);
        const filter = args.filter ?? {};
        const page = await listAuditEvents(
          context,
          {
            ...filter,
            organizationId: filter.organizationId
              ? (decodeIdOrNull(String(filter.organizationId), 'Organization') ?? NO_MATCH)
              : null,
            actorId: filter.actorId ? (decodeIdOrNull(String(filter.actorId), 'User') ?? NO_MATCH) : null,
          },
          { first: pageSize.parse(args.first ?? 20), after: args.after },
        );
        const last = page.nodes.at(-1);
        return {
          edges: page.nodes.map((node) => ({ cursor: auditCursor(node), node })),
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: Boolean(args.after),
            startCursor: page.nodes[0] ? auditCursor(page.nodes[0]) : null,
            endCursor: last ? auditCursor(last) : null,
          },
          totalCount: page.totalCount,
        };
      },
    },
    {
      name: 'AuditEventConnection',
      fields: (t) => ({
        totalCount: t.int({
          description: 'How many events match, counted in the same scoped query as the page.',
          resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
        }),
      }),
    },
  ),
}));

const ReviewCasePayload = builder.objectRef<CaseWriteResult>('ReviewCasePayload').implement({
  fields: (t) => ({
    case: t.field({ type: CaseRef, resolve: (result) => result.case }),
    event: t.field({
      type: CaseEventRef,
      description: 'The QUALITY_REVIEWED event: score and findings.',
      resolve: (result) => {
        const event = result.events.at(-1);
        if (!event) throw new Error('reviewCase returned without its event');
        return event;
      },
    }),
  }),
});

builder.mutationFields((t) => ({
  reviewCase: t.fieldWithInput({
    type: ReviewCasePayload,
    description: 'Records a quality review (score 1-5 and findings) on the case: AUDITOR or ADMIN.',
    errors: errorsFor('ReviewCaseResult'),
    authScopes: { loggedIn: true },
    input: {
      caseId: t.input.id(),
      score: t.input.int({ validate: z.number().int().min(1, 'From 1').max(5, 'To 5') }),
      findings: t.input.string({ validate: text.note }),
      expectedVersion: t.input.int({ required: false }),
    },
    resolve: (_root, { input }, context) =>
      reviewCase(context, { ...input, caseId: decodeId(String(input.caseId), 'Case') }),
  }),
}));
