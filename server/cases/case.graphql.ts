import { z } from 'zod';
import { RoleEnum, UserRef } from '../auth/user.graphql.js';
import {
  CASE_PRIORITIES,
  CASE_STATUSES,
  CHANNELS,
  NOTE_VISIBILITIES,
  type CaseEventRow,
  type CaseRow,
} from '../db/schema.js';
import { builder } from '../graphql/builder.js';
import { CASE_MUTATION_ERRORS } from '../graphql/error-types.js';
import { InvalidTransitionError, ValidationError } from '../graphql/errors.js';
import { decodeId, decodeIdOrNull, parseUuid } from '../graphql/ids.js';
import { loadRequired } from '../graphql/loaders.js';
import { OrganizationKindEnum, OrganizationRef } from '../organizations/organization.graphql.js';
import { CustomerRef } from '../customers/customer.graphql.js';
import { addCaseNote, assignCase, changeCaseStatus, logCaseContact } from './case-commands.js';
import {
  caseEventsPage,
  caseReadWith,
  eventCursor,
  listCases,
  readableCaseByReference,
  readableCasesByIds,
  readableEventsByIds,
} from './case-queries.js';
import { openCase } from './open-case.js';
import { caseSlaView, type CaseSlaView } from '../sla/case-sla-view.js';
import type { CaseWriteResult } from './write-path.js';
import { storableString } from '../graphql/storable-string.js';

export const CaseStatusEnum = builder.enumType('CaseStatus', { values: CASE_STATUSES });
export const CasePriorityEnum = builder.enumType('CasePriority', { values: CASE_PRIORITIES });
export const ChannelEnum = builder.enumType('Channel', {
  description: 'Where a case was opened or a contact happened.',
  values: CHANNELS,
});
export const NoteVisibilityEnum = builder.enumType('NoteVisibility', {
  description: 'PUBLIC reaches the customer’s status page; INTERNAL stays among staff.',
  values: NOTE_VISIBILITIES,
});

/** Limits of the API contract, enforced here and again by the database's checks. */
export const text = {
  subject: storableString().trim().min(1, 'Enter a subject').max(200, 'At most 200 characters'),
  description: storableString().trim().min(1, 'Enter a description').max(20_000, 'At most 20,000 characters'),
  note: storableString().trim().min(1, 'Write something').max(10_000, 'At most 10,000 characters'),
  name: storableString().trim().min(1, 'Enter a name').max(200, 'At most 200 characters'),
  reason: storableString().trim().min(1, 'Give a reason').max(10_000, 'At most 10,000 characters'),
};
const pageSizeSchema = z.number().int().min(1, 'At least 1').max(100, 'At most 100');
/** `first` of every list: 1 to 100 (the connection's own argument, so checked when read). */
export const pageSize = {
  parse(first: number): number {
    const result = pageSizeSchema.safeParse(first);
    if (!result.success) throw ValidationError.field('first', result.error.issues[0]?.message ?? 'At most 100');
    return result.data;
  },
};

export const CaseRef = builder.objectRef<CaseRow>('Case');
const NO_MATCH = '00000000-0000-0000-0000-000000000000';
export const CaseEventRef = builder.objectRef<CaseEventRow>('CaseEvent');

/** More fields (targets, time held per level) are added in server/sla/sla.graphql.ts. */
export const CaseSlaRef = builder.objectRef<CaseSlaView>('CaseSla').implement({
  description: 'The promised times of a case, in the business hours of whoever holds it.',
  fields: (t) => ({
    firstResponseDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the first response is (or was) due; null while paused before it is late, or without a policy.',
      resolve: (sla) => sla.state.firstResponseDueAt,
    }),
    resolutionDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the resolution is (or was) due; null while paused before it is late, or without a policy.',
      resolve: (sla) => sla.state.resolutionDueAt,
    }),
    firstRespondedAt: t.field({ type: 'DateTime', nullable: true, resolve: (sla) => sla.state.firstRespondedAt }),
    paused: t.boolean({
      description: 'True while waiting on the customer: the clock stops.',
      resolve: (sla) => sla.state.paused,
    }),
    breached: t.boolean({
      description: 'The first response or the resolution is late (or was, when it came).',
      resolve: (sla) => sla.state.breached,
    }),
  }),
});

builder.node(CaseRef, {
  description: 'One customer request, shared by every level and channel of the network.',
  id: { resolve: (row) => row.id, parse: parseUuid },
  loadMany: async (ids, context) => {
    const rows = new Map((await readableCasesByIds(context, ids)).map((r) => [r.id, r]));
    return ids.map((id) => rows.get(id) ?? null);
  },
  fields: (t) => ({
    reference: t.exposeString('reference', { description: 'What people read out on the phone, e.g. ES-2026-000123.' }),
    accessCode: t.exposeString('access_code', { description: 'What the customer types on the status page.' }),
    subject: t.exposeString('subject'),
    description: t.exposeString('description'),
    status: t.field({ type: CaseStatusEnum, resolve: (row) => row.status }),
    priority: t.field({ type: CasePriorityEnum, resolve: (row) => row.priority }),
    channel: t.field({
      type: ChannelEnum,
      description: 'The channel the case was opened through.',
      resolve: (row) => row.channel,
    }),
    originOrganization: t.field({
      type: OrganizationRef,
      resolve: (row, _args, context) => loadRequired(context.loaders.organization, row.origin_organization_id),
    }),
    owner: t.field({
      type: OrganizationRef,
      description: 'The organization that holds the case now.',
      resolve: (row, _args, context) => loadRequired(context.loaders.organization, row.owner_organization_id),
    }),
    holders: t.field({
      type: [OrganizationRef],
      description: 'Every organization that has held the case, in order.',
      resolve: (row, _args, context) =>
        Promise.all(row.holder_ids.map((id) => loadRequired(context.loaders.organization, id))),
    }),
    level: t.field({
      type: OrganizationKindEnum,
      description: 'The kind of the owner: dealer = first line, country = second, HQ = third.',
      resolve: async (row, _args, context) =>
        (await loadRequired(context.loaders.organization, row.owner_organization_id)).kind,
    }),
    assignee: t.field({
      type: UserRef,
      nullable: true,
      description: 'Null when unassigned, or when the assignee is outside your staff directory (see `assigned`).',
      resolve: (row, _args, context) => (row.assignee_id ? context.loaders.readableUser.load(row.assignee_id) : null),
    }),
    assigned: t.boolean({ description: 'Whether someone is assigned.', resolve: (row) => row.assignee_id !== null }),
    customer: t.field({
      type: CustomerRef,
      resolve: (row, _args, context) => loadRequired(context.loaders.customer, row.customer_id),
    }),
    version: t.exposeInt('version', {
      description: 'Send it back as `expectedVersion` so a concurrent change is not overwritten.',
    }),
    createdAt: t.expose('created_at', { type: 'DateTime' }),
    updatedAt: t.expose('updated_at', { type: 'DateTime', description: 'The last activity on the case.' }),
    resolvedAt: t.expose('resolved_at', { type: 'DateTime', nullable: true }),
    rating: t.exposeInt('rating', { nullable: true, description: 'The customer’s 1-5 rating, once given.' }),
    sla: t.field({ type: CaseSlaRef, resolve: (row, _args, context) => caseSlaView(context, row) }),
    events: t.connection({
      type: CaseEventRef,
      description: 'The full history, oldest first, internal notes included.',
      resolve: async (row, args, context) => {
        const page = await caseEventsPage(context, row.id, {
          first: pageSize.parse(args.first ?? 50),
          after: args.after,
        });
        return {
          edges: page.nodes.map((node) => ({ cursor: eventCursor(node), node })),
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: Boolean(args.after),
            startCursor: page.nodes[0] ? eventCursor(page.nodes[0]) : null,
            endCursor: page.nodes.at(-1) ? eventCursor(page.nodes.at(-1) as CaseEventRow) : null,
          },
        };
      },
    }),
  }),
});

builder.node(CaseEventRef, {
  description: 'One immutable entry of a case’s history.',
  id: { resolve: (event) => event.id, parse: (id) => Number(id) },
  loadMany: async (ids, context) => {
    const valid = ids.filter((id) => Number.isSafeInteger(id));
    const rows = new Map((await readableEventsByIds(context, valid)).map((r) => [r.id, r]));
    return ids.map((id) => rows.get(id) ?? null);
  },
  fields: (t) => ({
    type: t.exposeString('type', {
      description:
        'OPENED NOTE_ADDED CONTACT_LOGGED STATUS_CHANGED ASSIGNED ESCALATED TRANSFERRED CUSTOMER_MESSAGE SURVEY_ANSWERED …',
    }),
    case: t.field({
      type: CaseRef,
      resolve: async (event, _args, context) =>
        caseReadWith(event) ?? (await readableCasesByIds(context, [event.case_id]))[0] ?? failMissing(event),
    }),
    actor: t.field({
      type: UserRef,
      nullable: true,
      description:
        'Null when the customer or the system acted, or when the person is outside your staff directory: then `actorRole` and `organization` say who acted.',
      resolve: (event, _args, context) => (event.actor_id ? context.loaders.readableUser.load(event.actor_id) : null),
    }),
    actorRole: t.field({
      type: RoleEnum,
      nullable: true,
      description:
        'The role the person acted in at `organization`, as it was then; null for the customer or the system.',
      resolve: (event) => event.actor_role,
    }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The organization the actor acted for, as it was then.',
      resolve: (event, _args, context) =>
        event.organization_id ? context.loaders.organization.load(event.organization_id) : null,
    }),
    channel: t.field({ type: ChannelEnum, nullable: true, resolve: (event) => event.channel }),
    visibility: t.field({ type: NoteVisibilityEnum, resolve: (event) => event.visibility }),
    body: t.exposeString('body', { nullable: true, description: 'The note, message, contact summary or reason.' }),
    fromStatus: t.field({
      type: CaseStatusEnum,
      nullable: true,
      resolve: (event) => dataString(event, 'from', CASE_STATUSES),
    }),
    toStatus: t.field({
      type: CaseStatusEnum,
      nullable: true,
      resolve: (event) => dataString(event, 'to', CASE_STATUSES),
    }),
    fromOrganization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'Escalations and transfers: who held the case before.',
      resolve: (event, _args, context) =>
        loadDataOrganization(event, 'fromOrganizationId', context.loaders.organization),
    }),
    toOrganization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'Escalations and transfers: who holds it after.',
      resolve: (event, _args, context) => loadDataOrganization(event, 'toOrganizationId', context.loaders.organization),
    }),
    score: t.int({
      nullable: true,
      description: 'Survey answers: the 1-5 rating.',
      resolve: (event) => (typeof event.data.score === 'number' ? event.data.score : null),
    }),
    at: t.expose('created_at', { type: 'DateTime' }),
  }),
});

function failMissing(event: CaseEventRow): never {
  throw new Error(`Case ${event.case_id} of a visible event is not visible`);
}

function dataString<T extends string>(event: CaseEventRow, key: string, allowed: readonly T[]): T | null {
  const value = event.data[key];
  return event.type === 'STATUS_CHANGED' && allowed.includes(value as T) ? (value as T) : null;
}

function loadDataOrganization(event: CaseEventRow, key: string, loader: { load(id: string): Promise<unknown> }) {
  const id = event.data[key];
  return typeof id === 'string' ? (loader.load(id) as ReturnType<typeof loadRequired<never>>) : null;
}

builder.queryFields((t) => ({
  case: t.field({
    type: CaseRef,
    nullable: true,
    description: 'A case by reference; null when there is none or the viewer may not see it.',
    authScopes: { loggedIn: true },
    args: { reference: t.arg.string({ validate: storableString().max(64) }) },
    resolve: async (_root, args, context) => (await readableCaseByReference(context, args.reference)) ?? null,
  }),
  cases: t.connection(
    {
      type: CaseRef,
      description: 'Cases the viewer may see, newest activity first.',
      authScopes: { loggedIn: true },
      args: {
        filter: t.arg({ type: CaseFilterInput, required: false }),
      },
      resolve: async (_root, args, context) => {
        const filter = args.filter ?? {};
        const first = pageSize.parse(args.first ?? 20);
        const page = await listCases(
          context,
          {
            ...filter,
            // An id that does not decode matches nothing, like an id of a case one may not see.
            ownerId: filter.ownerId ? (decodeIdOrNull(String(filter.ownerId), 'Organization') ?? NO_MATCH) : null,
            assigneeId: filter.assignedToMe
              ? (context.viewer?.id ?? NO_MATCH)
              : filter.assigneeId
                ? (decodeIdOrNull(String(filter.assigneeId), 'User') ?? NO_MATCH)
                : null,
          },
          { first, after: args.after },
          await viewerRegion(context),
        );
        return {
          edges: page.nodes.map((node) => ({ cursor: page.cursorOf(node), node })),
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: Boolean(args.after),
            startCursor: page.nodes[0] ? page.cursorOf(page.nodes[0]) : null,
            endCursor: page.nodes.at(-1) ? page.cursorOf(page.nodes.at(-1) as CaseRow) : null,
          },
          totalCount: page.totalCount,
        };
      },
    },
    {
      name: 'CaseConnection',
      fields: (t) => ({
        totalCount: t.int({
          description: 'How many cases match, counted in the same scoped query as the page.',
          resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
        }),
      }),
    },
  ),
}));

/** The region phone numbers typed without a prefix are read in: the viewer's first organization's. */
async function viewerRegion(context: Parameters<typeof readableCaseByReference>[0]): Promise<string | null> {
  const first = context.viewer?.memberships[0];
  if (!first) return null;
  return (await context.loaders.organization.load(first.organizationId))?.country ?? null;
}

const CaseFilterInput = builder.inputType('CaseFilter', {
  description: 'All given conditions must hold.',
  fields: (t) => ({
    status: t.field({ type: [CaseStatusEnum], required: false }),
    priority: t.field({ type: [CasePriorityEnum], required: false }),
    channel: t.field({ type: [ChannelEnum], required: false }),
    open: t.boolean({
      required: false,
      description: 'True: NEW, OPEN or WAITING_ON_CUSTOMER; false: RESOLVED or CLOSED.',
    }),
    ownerId: t.id({ required: false, description: 'Cases held anywhere in this organization’s subtree.' }),
    assigneeId: t.id({ required: false }),
    assignedToMe: t.boolean({ required: false }),
    customerPhone: t.string({
      required: false,
      description: 'In any format; read in the viewer’s country when it has no prefix.',
      validate: storableString().max(40),
    }),
    customerEmail: t.string({ required: false, validate: storableString().max(254) }),
    text: t.string({
      required: false,
      description: 'Reference, words of the subject, or customer name.',
      validate: storableString().max(200),
    }),
    breached: t.boolean({
      required: false,
      description: 'Cases whose first response or resolution target was missed (as recorded by the SLA scheduler).',
    }),
    updatedSince: t.field({ type: 'DateTime', required: false }),
  }),
});

/** `{ case: Case! }`, and the new event where one mutation adds exactly one. */
export function casePayload(name: string) {
  return builder.objectRef<CaseWriteResult>(name).implement({
    fields: (t) => ({ case: t.field({ type: CaseRef, resolve: (result) => result.case }) }),
  });
}
function caseEventPayload(name: string) {
  return builder.objectRef<CaseWriteResult>(name).implement({
    fields: (t) => ({
      case: t.field({ type: CaseRef, resolve: (result) => result.case }),
      event: t.field({ type: CaseEventRef, resolve: (result) => result.events.at(-1) ?? failNoEvent() }),
    }),
  });
}
function failNoEvent(): never {
  throw new Error('A case mutation returned without its event');
}

export const errorsFor = (name: string, extra: (new (...args: never[]) => Error)[] = []) => ({
  types: [...CASE_MUTATION_ERRORS, ...extra],
  union: { name },
});

const CustomerInput = builder.inputType('OpenCaseCustomerInput', {
  description: 'Matched to an existing customer by e-mail, then phone.',
  fields: (t) => ({
    name: t.string({ validate: text.name }),
    email: t.string({ required: false, validate: storableString() }),
    phone: t.string({
      required: false,
      description: 'In any format; read in the organization’s country when it has no prefix.',
      validate: storableString(),
    }),
  }),
});

builder.mutationFields((t) => ({
  openCase: t.fieldWithInput({
    type: casePayload('OpenCasePayload'),
    errors: errorsFor('OpenCaseResult'),
    authScopes: { loggedIn: true },
    input: {
      organizationId: t.input.id({
        required: false,
        description: 'Default: the viewer’s organization (required when it has several).',
      }),
      channel: t.input.field({ type: ChannelEnum }),
      customer: t.input.field({ type: CustomerInput }),
      subject: t.input.string({ validate: text.subject }),
      description: t.input.string({ validate: text.description }),
      priority: t.input.field({ type: CasePriorityEnum, required: false }),
      idempotencyKey: t.input.string({
        required: false,
        description: 'The same key from the same user returns the same case.',
        validate: storableString().min(1).max(200),
      }),
    },
    resolve: (_root, { input }, context) =>
      openCase(context, {
        ...input,
        organizationId: input.organizationId ? decodeId(String(input.organizationId), 'Organization') : null,
      }),
  }),
  assignCase: t.fieldWithInput({
    type: casePayload('AssignCasePayload'),
    errors: errorsFor('AssignCaseResult'),
    authScopes: { loggedIn: true },
    input: {
      caseId: t.input.id(),
      userId: t.input.id({ required: false, description: 'Null to unassign.' }),
      expectedVersion: t.input.int({ required: false }),
    },
    resolve: (_root, { input }, context) =>
      assignCase(context, {
        caseId: decodeId(String(input.caseId), 'Case'),
        userId: input.userId ? decodeId(String(input.userId), 'User') : null,
        expectedVersion: input.expectedVersion,
      }),
  }),
  changeCaseStatus: t.fieldWithInput({
    type: casePayload('ChangeCaseStatusPayload'),
    errors: errorsFor('ChangeCaseStatusResult', [InvalidTransitionError]),
    authScopes: { loggedIn: true },
    input: {
      caseId: t.input.id(),
      status: t.input.field({ type: CaseStatusEnum }),
      note: t.input.string({ required: false, validate: storableString().max(10_000, 'At most 10,000 characters') }),
      noteVisibility: t.input.field({ type: NoteVisibilityEnum, required: false, description: 'Default INTERNAL.' }),
      expectedVersion: t.input.int({ required: false }),
    },
    resolve: (_root, { input }, context) =>
      changeCaseStatus(context, {
        ...input,
        caseId: decodeId(String(input.caseId), 'Case'),
        note: input.note?.trim() || null,
      }),
  }),
  addCaseNote: t.fieldWithInput({
    type: caseEventPayload('AddCaseNotePayload'),
    errors: errorsFor('AddCaseNoteResult'),
    authScopes: { loggedIn: true },
    input: {
      caseId: t.input.id(),
      body: t.input.string({ validate: text.note }),
      visibility: t.input.field({ type: NoteVisibilityEnum }),
      expectedVersion: t.input.int({ required: false }),
    },
    resolve: (_root, { input }, context) =>
      addCaseNote(context, { ...input, caseId: decodeId(String(input.caseId), 'Case') }),
  }),
  logCaseContact: t.fieldWithInput({
    type: caseEventPayload('LogCaseContactPayload'),
    errors: errorsFor('LogCaseContactResult'),
    authScopes: { loggedIn: true },
    input: {
      caseId: t.input.id(),
      channel: t.input.field({ type: ChannelEnum }),
      summary: t.input.string({ validate: text.note }),
      expectedVersion: t.input.int({ required: false }),
    },
    resolve: (_root, { input }, context) =>
      logCaseContact(context, { ...input, caseId: decodeId(String(input.caseId), 'Case') }),
  }),
}));
