import type { CaseStatus, Channel, NoteVisibility } from '../db/schema.js';
import type { HubContext as Context } from '../graphql/context.js';
import { NotFoundError, ValidationError } from '../graphql/errors.js';
import { assertTransition, statusTimestamps } from './status-machine.js';
import { firstResponsePatch, staffActor, writeCase, type CaseWriteResult, type EventDraft } from './write-path.js';

export function addCaseNote(
  context: Context,
  input: { caseId: string; body: string; visibility: NoteVisibility; expectedVersion?: number | null },
): Promise<CaseWriteResult> {
  return writeCase(context, input, {
    authorize: staffActor(context, 'note'),
    expectedVersion: input.expectedVersion,
    decide: (row) => ({
      // A public answer to the customer is the first response.
      patch: input.visibility === 'PUBLIC' ? firstResponsePatch(row, new Date()) : {},
      events: [{ type: 'NOTE_ADDED', visibility: input.visibility, body: input.body }],
    }),
  });
}

export function logCaseContact(
  context: Context,
  input: { caseId: string; channel: Channel; summary: string; expectedVersion?: number | null },
): Promise<CaseWriteResult> {
  return writeCase(context, input, {
    authorize: staffActor(context, 'logContact'),
    expectedVersion: input.expectedVersion,
    decide: () => ({
      patch: {},
      events: [{ type: 'CONTACT_LOGGED', visibility: 'INTERNAL', channel: input.channel, body: input.summary }],
    }),
  });
}

export function changeCaseStatus(
  context: Context,
  input: {
    caseId: string;
    status: CaseStatus;
    note?: string | null;
    noteVisibility?: NoteVisibility | null;
    expectedVersion?: number | null;
  },
): Promise<CaseWriteResult> {
  return writeCase(context, input, {
    authorize: staffActor(context, 'changeStatus'),
    expectedVersion: input.expectedVersion,
    decide: (row) => {
      assertTransition(row.status, input.status);
      const now = new Date();
      const events: EventDraft[] = [
        { type: 'STATUS_CHANGED', visibility: 'PUBLIC', data: { from: row.status, to: input.status } },
      ];
      // The note travels as its own event so an internal note never shows on the public page.
      if (input.note)
        events.push({ type: 'NOTE_ADDED', visibility: input.noteVisibility ?? 'INTERNAL', body: input.note });
      return {
        patch: { status: input.status, ...statusTimestamps(input.status, now), ...firstResponsePatch(row, now) },
        events,
      };
    },
  });
}

export async function assignCase(
  context: Context,
  input: { caseId: string; userId: string | null; expectedVersion?: number | null },
): Promise<CaseWriteResult> {
  const assignee = input.userId ? await context.loaders.readableUser.load(input.userId) : null;
  if (input.userId && !assignee) throw new NotFoundError('User');
  return writeCase(context, input, {
    authorize: staffActor(context, 'assign', { assigneeId: input.userId }),
    expectedVersion: input.expectedVersion,
    decide: async (row, _actor, trx) => {
      if (assignee) {
        // Only someone who works on the case (not an auditor) and who can see it.
        const eligible = await trx
          .selectFrom('memberships')
          .select('organization_id')
          .where('user_id', '=', assignee.id)
          .where('role', '!=', 'AUDITOR')
          .where('organization_id', 'in', row.visible_to)
          .executeTakeFirst();
        if (!eligible || !assignee.active) {
          throw ValidationError.field('userId', `${assignee.name} does not work on cases of this organization`);
        }
      }
      return {
        patch: { assignee_id: assignee?.id ?? null },
        events: [
          {
            type: 'ASSIGNED',
            visibility: 'INTERNAL',
            body: assignee ? assignee.name : null,
            data: { from: row.assignee_id, to: assignee?.id ?? null },
          },
        ],
      };
    },
  });
}
