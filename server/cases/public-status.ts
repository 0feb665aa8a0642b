import { GraphQLError } from 'graphql';
import type { CaseEventRow, CaseRow } from '../db/schema.js';
import type { HubContext as Context } from '../graphql/context.js';
import { NotFoundError, ValidationError } from '../graphql/errors.js';
import { consume, refuseIfSpent } from '../http/rate-limits.js';
import { accessCodeMatches } from './references.js';
import { writeCase, type Actor } from './write-path.js';

/*
 * The customer's page: reference + access code, no account. Guessing is made
 * useless by limits per client and, for wrong codes, per reference: with
 * 31^10 possible codes and 10 wrong tries per reference per quarter hour, a
 * guess would take millions of years.
 */

function normalizeReference(reference: string): string {
  return reference.trim().toUpperCase();
}

/** The case behind a reference + access code pair, or null; counts against the limits. */
async function caseForCustomer(context: Context, reference: string, accessCode: string): Promise<CaseRow | null> {
  const ref = normalizeReference(reference);
  const { publicLookupsPerClient, wrongCodesPerReference } = context.rateLimits;
  await consume(publicLookupsPerClient, context.clientKey);
  await refuseIfSpent(wrongCodesPerReference, ref);
  const row = await context.db.selectFrom('cases').selectAll().where('reference', '=', ref).executeTakeFirst();
  // Compare even when the reference is unknown, so timing tells nothing.
  const matches = accessCodeMatches(row?.access_code ?? '----------', accessCode);
  if (row && matches) return row;
  await consume(wrongCodesPerReference, ref);
  return null;
}

export interface PublicCaseStatus {
  row: CaseRow;
  events: CaseEventRow[];
  organizationName: string;
  level: string;
}

const PUBLIC_EVENT_TYPES = ['OPENED', 'STATUS_CHANGED', 'NOTE_ADDED', 'CUSTOMER_MESSAGE', 'SURVEY_ANSWERED'];

async function publicView(context: Context, row: CaseRow): Promise<PublicCaseStatus> {
  const [owner, events] = await Promise.all([
    context.loaders.organization.load(row.owner_organization_id),
    context.db
      .selectFrom('case_events')
      .selectAll()
      .where('case_id', '=', row.id)
      .where('visibility', '=', 'PUBLIC')
      .where('type', 'in', PUBLIC_EVENT_TYPES)
      .orderBy('id')
      .execute(),
  ]);
  if (!owner) throw new Error(`Owner of ${row.reference} is missing`);
  return { row, events, organizationName: owner.name, level: owner.kind };
}

export async function publicCaseStatus(
  context: Context,
  reference: string,
  accessCode: string,
): Promise<PublicCaseStatus | null> {
  const row = await caseForCustomer(context, reference, accessCode);
  return row ? publicView(context, row) : null;
}

function notFound(): GraphQLError {
  return new GraphQLError('No case matches this reference and access code', { extensions: { code: 'NOT_FOUND' } });
}

function invalid(error: ValidationError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: 'VALIDATION_FAILED', fieldErrors: error.fieldErrors } });
}

const CUSTOMER: Actor = { userId: null, organizationId: null };

/** Runs a customer's change through the one write path, reporting failures as coded GraphQL errors. */
async function customerWrite(
  context: Context,
  input: { reference: string; accessCode: string },
  decide: Parameters<typeof writeCase>[2]['decide'],
): Promise<PublicCaseStatus> {
  const row = await caseForCustomer(context, input.reference, input.accessCode);
  if (!row) throw notFound();
  try {
    const result = await writeCase(context, { caseId: row.id }, { authorize: () => CUSTOMER, decide });
    return await publicView(context, result.case);
  } catch (error) {
    if (error instanceof ValidationError) throw invalid(error);
    if (error instanceof NotFoundError) throw notFound();
    throw error;
  }
}

export function addPublicMessage(context: Context, input: { reference: string; accessCode: string; body: string }) {
  return customerWrite(context, input, (row) => {
    if (row.status === 'CLOSED') throw ValidationError.field('body', 'This case is closed; please open a new one');
    // A customer writing on a case that waits for them, or was resolved, reopens it.
    const reopen = row.status === 'WAITING_ON_CUSTOMER' || row.status === 'RESOLVED';
    return {
      patch: reopen ? { status: 'OPEN', resolved_at: null } : {},
      events: [
        { type: 'CUSTOMER_MESSAGE', visibility: 'PUBLIC', channel: 'WEB', body: input.body },
        ...(reopen
          ? [{ type: 'STATUS_CHANGED' as const, visibility: 'PUBLIC' as const, data: { from: row.status, to: 'OPEN' } }]
          : []),
      ],
    };
  });
}

export function rateCase(
  context: Context,
  input: { reference: string; accessCode: string; score: number; comment?: string | null },
) {
  return customerWrite(context, input, (row) => {
    if (row.status !== 'RESOLVED' && row.status !== 'CLOSED') {
      throw ValidationError.field('score', 'A case can be rated once it is resolved');
    }
    if (row.rating !== null) throw ValidationError.field('score', 'This case has already been rated');
    return {
      patch: { rating: input.score, rating_comment: input.comment ?? null },
      events: [
        {
          type: 'SURVEY_ANSWERED',
          visibility: 'PUBLIC',
          channel: 'WEB',
          body: input.comment ?? null,
          data: { score: input.score },
        },
      ],
    };
  });
}
