import { z } from 'zod';
import type { CaseEventRow } from '../db/schema.js';
import { builder } from '../graphql/builder.js';
import { OrganizationKindEnum } from '../organizations/organization.graphql.js';
import { caseSlaView } from '../sla/case-sla-view.js';
import { storableString } from '../graphql/storable-string.js';
import { CaseStatusEnum, ChannelEnum, text } from './case.graphql.js';
import { addPublicMessage, publicCaseStatus, rateCase, type PublicCaseStatus } from './public-status.js';

const PublicCaseEventRef = builder.objectRef<CaseEventRow>('PublicCaseEvent').implement({
  description: 'What the customer sees of one event: never internal notes or staff names.',
  fields: (t) => ({
    type: t.exposeString('type', {
      description: 'OPENED, STATUS_CHANGED, NOTE_ADDED (a public answer), CUSTOMER_MESSAGE, SURVEY_ANSWERED.',
    }),
    body: t.exposeString('body', { nullable: true }),
    channel: t.field({ type: ChannelEnum, nullable: true, resolve: (event) => event.channel }),
    status: t.field({
      type: CaseStatusEnum,
      nullable: true,
      description: 'Status changes: the new status.',
      resolve: (event) => (event.type === 'STATUS_CHANGED' ? (event.data.to as never) : null),
    }),
    at: t.expose('created_at', { type: 'DateTime' }),
  }),
});

const PublicCaseStatusRef = builder.objectRef<PublicCaseStatus>('PublicCaseStatus').implement({
  description: 'What the customer sees of their case.',
  fields: (t) => ({
    reference: t.string({ resolve: (s) => s.row.reference }),
    subject: t.string({ resolve: (s) => s.row.subject }),
    status: t.field({ type: CaseStatusEnum, resolve: (s) => s.row.status }),
    level: t.field({ type: OrganizationKindEnum, resolve: (s) => s.level as never }),
    organizationName: t.string({ description: 'Who holds the case now.', resolve: (s) => s.organizationName }),
    firstResponseDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: async (s, _args, context) => (await caseSlaView(context, s.row)).state.firstResponseDueAt,
    }),
    resolutionDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: async (s, _args, context) => (await caseSlaView(context, s.row)).state.resolutionDueAt,
    }),
    updatedAt: t.field({ type: 'DateTime', resolve: (s) => s.row.updated_at }),
    events: t.field({ type: [PublicCaseEventRef], description: 'Oldest first.', resolve: (s) => s.events }),
    canRate: t.boolean({
      resolve: (s) => (s.row.status === 'RESOLVED' || s.row.status === 'CLOSED') && s.row.rating === null,
    }),
    rating: t.int({ nullable: true, resolve: (s) => s.row.rating }),
  }),
});

const reference = storableString().trim().min(1, 'Enter the reference').max(64);
const accessCode = storableString().trim().min(1, 'Enter the access code').max(64);

builder.queryField('publicCaseStatus', (t) =>
  t.field({
    type: PublicCaseStatusRef,
    nullable: true,
    description: 'For the customer, no login: null when the pair does not match. Rate limited.',
    args: { reference: t.arg.string({ validate: reference }), accessCode: t.arg.string({ validate: accessCode }) },
    resolve: (_root, args, context) => publicCaseStatus(context, args.reference, args.accessCode),
  }),
);

const AddPublicMessageInput = builder.inputType('AddPublicMessageInput', {
  fields: (t) => ({
    reference: t.string({ validate: reference }),
    accessCode: t.string({ validate: accessCode }),
    body: t.string({ validate: text.note }),
  }),
});

const RateCaseInput = builder.inputType('RateCaseInput', {
  fields: (t) => ({
    reference: t.string({ validate: reference }),
    accessCode: t.string({ validate: accessCode }),
    score: t.int({ validate: z.number().int().min(1, 'From 1 to 5').max(5, 'From 1 to 5') }),
    comment: t.string({ required: false, validate: storableString().max(10_000, 'At most 10,000 characters') }),
  }),
});

builder.mutationFields((t) => ({
  addPublicMessage: t.field({
    type: PublicCaseStatusRef,
    description: 'The customer writes on their case; a case waiting on them, or resolved, reopens.',
    args: { input: t.arg({ type: AddPublicMessageInput }) },
    resolve: (_root, { input }, context) => addPublicMessage(context, input),
  }),
  rateCase: t.field({
    type: PublicCaseStatusRef,
    description: 'Once, on a RESOLVED or CLOSED case, 1-5.',
    args: { input: t.arg({ type: RateCaseInput }) },
    resolve: (_root, { input }, context) => rateCase(context, input),
  }),
}));
