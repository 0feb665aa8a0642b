import type { CasePriority } from '../db/schema.js';
import type { HubContext as Context } from '../graphql/context.js';
import { ValidationError } from '../graphql/errors.js';
import { staffActor, writeCase, type CaseWriteResult } from '../cases/write-path.js';

/**
 * A new priority re-targets the SLA: the clock keeps the business minutes
 * already used and measures them against the new priority's targets. Whoever
 * may change the case's status may change its priority.
 */
export function changeCasePriority(
  context: Context,
  input: { caseId: string; priority: CasePriority; reason?: string | null; expectedVersion?: number | null },
): Promise<CaseWriteResult> {
  return writeCase(context, input, {
    authorize: staffActor(context, 'changeStatus'),
    expectedVersion: input.expectedVersion,
    decide: (row) => {
      if (row.priority === input.priority)
        throw ValidationError.field('priority', `The case is already ${input.priority}`);
      return {
        patch: { priority: input.priority },
        events: [
          {
            type: 'PRIORITY_CHANGED',
            visibility: 'INTERNAL',
            body: input.reason ?? null,
            data: { from: row.priority, to: input.priority },
          },
        ],
      };
    },
  });
}
