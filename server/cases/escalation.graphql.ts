import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import { decodeId } from '../graphql/ids.js';
import { casePayload, errorsFor, text } from './case.graphql.js';
import { escalateCase, transferCase } from './escalation.js';

builder.mutationFields((t) => ({
  escalateCase: t.fieldWithInput({
    type: casePayload('EscalateCasePayload'),
    description: 'Moves the case up: to the owner’s parent, or to any ancestor given.',
    errors: errorsFor('EscalateCaseResult'),
    authScopes: { loggedIn: true },
    input: {
      caseId: t.input.id(),
      reason: t.input.string({ validate: text.reason }),
      toOrganizationId: t.input.id({ required: false }),
      expectedVersion: t.input.int({ required: false, validate: z.number().int() }),
    },
    resolve: (_root, { input }, context) =>
      escalateCase(context, {
        ...input,
        caseId: decodeId(String(input.caseId), 'Case'),
        toOrganizationId: input.toOrganizationId ? decodeId(String(input.toOrganizationId), 'Organization') : null,
      }),
  }),
  transferCase: t.fieldWithInput({
    type: casePayload('TransferCasePayload'),
    description: 'Hands the case to any organization inside the actor’s subtree (e.g. down to a dealer).',
    errors: errorsFor('TransferCaseResult'),
    authScopes: { loggedIn: true },
    input: {
      caseId: t.input.id(),
      toOrganizationId: t.input.id(),
      reason: t.input.string({ validate: text.reason }),
      expectedVersion: t.input.int({ required: false }),
    },
    resolve: (_root, { input }, context) =>
      transferCase(context, {
        ...input,
        caseId: decodeId(String(input.caseId), 'Case'),
        toOrganizationId: decodeId(String(input.toOrganizationId), 'Organization'),
      }),
  }),
}));
