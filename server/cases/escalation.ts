import { subject } from '@casl/ability';
import type { Db } from '../db/database.js';
import type { CaseRow } from '../db/schema.js';
import type { HubContext as Context } from '../graphql/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../graphql/errors.js';
import { organizationById } from '../organizations/organizations.js';
import { caseSlaState } from './sla-state.js';
import { staffActor, writeCase, type CaseChange, type CaseWriteResult } from './write-path.js';

/**
 * Everything about moving a case between organizations. Escalation moves the
 * owner up (to the parent, or any ancestor); transfer moves it anywhere inside
 * the actor's subtree. Either way every organization that has held the case,
 * and their ancestors, keep seeing it: `visible_to` only grows.
 */

function handOver(row: CaseRow, to: { id: string; path: string[] }) {
  return {
    owner_organization_id: to.id,
    holder_ids: row.holder_ids.includes(to.id) ? row.holder_ids : [...row.holder_ids, to.id],
    visible_to: [...new Set([...row.visible_to, ...to.path])],
    // The new holder decides who works on it.
    assignee_id: null,
  };
}

export async function escalateCase(
  context: Context,
  input: { caseId: string; reason: string; toOrganizationId?: string | null; expectedVersion?: number | null },
): Promise<CaseWriteResult> {
  return writeCase(context, input, {
    authorize: staffActor(context, 'escalate'),
    expectedVersion: input.expectedVersion,
    decide: (row, _actor, trx) => escalationChange(trx, row, input),
  });
}

/**
 * Moves the case up to `toOrganizationId` (default: the owner's parent). Runs
 * inside the case's transaction: a person's escalation, or the SLA scheduler's
 * automatic one (`data` then says why). Reads go through `trx`: PGlite has one
 * connection, held by it.
 */
export async function escalationChange(
  trx: Db,
  row: CaseRow,
  input: { reason: string; toOrganizationId?: string | null; data?: Record<string, unknown> },
): Promise<CaseChange> {
  const owner = await organizationById(trx, row.owner_organization_id);
  if (!owner) throw new Error(`Owner ${row.owner_organization_id} is missing`);
  const ancestors = owner.path.slice(0, -1);
  if (ancestors.length === 0)
    throw ValidationError.field(
      'toOrganizationId',
      `${owner.name} is the top of the network: there is no one to escalate to`,
    );
  if (input.toOrganizationId && !ancestors.includes(input.toOrganizationId)) {
    throw ValidationError.field('toOrganizationId', 'A case escalates to an organization above its current holder');
  }
  const above = new Map(
    (await trx.selectFrom('organizations').selectAll().where('id', 'in', ancestors).execute()).map((o) => [o.id, o]),
  );
  // Default: the parent, or the nearest organization above it that still takes cases.
  const target = input.toOrganizationId
    ? above.get(input.toOrganizationId)
    : ancestors
        .toReversed()
        .map((id) => above.get(id))
        .find((org) => org?.active);
  if (!target) {
    if (input.toOrganizationId) throw new NotFoundError('Organization');
    throw ValidationError.field('toOrganizationId', `No organization above ${owner.name} takes cases`);
  }
  if (!target.active) throw ValidationError.field('toOrganizationId', `${target.name} no longer takes cases`);
  return {
    patch: handOver(row, target),
    events: [
      {
        type: 'ESCALATED',
        visibility: 'INTERNAL',
        body: input.reason,
        data: {
          fromOrganizationId: owner.id,
          toOrganizationId: target.id,
          fromLevel: owner.kind,
          toLevel: target.kind,
          sla: await caseSlaState(trx, row, new Date()),
          ...input.data,
        },
      },
    ],
  };
}

export async function transferCase(
  context: Context,
  input: { caseId: string; toOrganizationId: string; reason: string; expectedVersion?: number | null },
): Promise<CaseWriteResult> {
  const target = await context.loaders.readableOrganization.load(input.toOrganizationId);
  return writeCase(context, input, {
    authorize: staffActor(context, 'transfer'),
    expectedVersion: input.expectedVersion,
    decide: async (row, _actor, trx) => {
      // The case is checked first: an invisible case is NotFound whatever the target.
      if (!target) throw new NotFoundError('Organization');
      if (!context.ability.can('transferTo', subject('Organization', { path: target.path }))) {
        throw new ForbiddenError('A case can only be transferred inside your own part of the network');
      }
      if (target.id === row.owner_organization_id) {
        throw ValidationError.field('toOrganizationId', `${target.name} already holds this case`);
      }
      if (!target.active) throw ValidationError.field('toOrganizationId', `${target.name} no longer takes cases`);
      return {
        patch: handOver(row, target),
        events: [
          {
            type: 'TRANSFERRED',
            visibility: 'INTERNAL',
            body: input.reason,
            data: {
              fromOrganizationId: row.owner_organization_id,
              toOrganizationId: target.id,
              sla: await caseSlaState(trx, row, new Date()),
            },
          },
        ],
      };
    },
  });
}
