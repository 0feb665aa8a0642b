import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import { CASE_MUTATION_ERRORS } from '../graphql/error-types.js';
import { decodeId } from '../graphql/ids.js';
import { CaseRef, text } from './case.graphql.js';
import { escalateCase, transferCase } from './escalation.js';
import type { CaseWriteResult } from './write-path.js';

const payload = (name: string) =>
  builder.objectRef<CaseWriteResult>(name).implement({
    fields: (t) => ({ case: t.field({ type: CaseRef, resolve: (result) => result.case }) }),
  });

builder.mutationFields((t) => ({
  escalateCase: t.fieldWithInput({
    type: payload('EscalateCasePayload'),
    description: 'Moves the case up: to the owner’s parent, or to any ancestor given.',
    errors: { types: CASE_MUTATION_ERRORS, union: { name: 'EscalateCaseResult' } },
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
    type: payload('TransferCasePayload'),
    description: 'Hands the case to any organization inside the actor’s subtree (e.g. down to a dealer).',
    errors: { types: CASE_MUTATION_ERRORS, union: { name: 'TransferCaseResult' } },
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
