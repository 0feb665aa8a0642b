import { createHash } from 'node:crypto';
import { subject } from '@casl/ability';
import type { CasePriority, Channel } from '../db/schema.js';
import { findOrCreateCustomer, normalizeEmail, normalizePhone } from '../customers/customers.js';
import type { HubContext as Context } from '../graphql/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../graphql/errors.js';
import { generateAccessCode, nextCaseReference } from './references.js';
import { appendEvents, createCase, type CaseWriteResult } from './write-path.js';

export interface OpenCaseInput {
  organizationId: string | null;
  channel: Channel;
  customer: { name: string; email?: string | null; phone?: string | null };
  subject: string;
  description: string;
  priority?: CasePriority | null;
  idempotencyKey?: string | null;
}

/** The organization a case is opened at: the one given, or the viewer's only one. */
async function originFor(context: Context, organizationId: string | null) {
  const viewer = context.viewer;
  if (!viewer) throw new NotFoundError('Organization');
  const id = organizationId ?? soleOrganization(viewer.memberships.map((m) => m.organizationId));
  const org = await context.loaders.readableOrganization.load(id);
  if (!org) throw new NotFoundError('Organization');
  if (!context.ability.can('open', subject('Case', { originPath: org.path }))) {
    throw new ForbiddenError('You cannot open cases for this organization');
  }
  if (!org.active) throw ValidationError.field('organizationId', 'This organization no longer takes new cases');
  return org;
}

function soleOrganization(ids: string[]): string {
  const distinct = [...new Set(ids)];
  if (distinct.length !== 1 || !distinct[0]) {
    throw ValidationError.field('organizationId', 'You belong to several organizations: say which one opens the case');
  }
  return distinct[0];
}

export async function openCase(context: Context, input: OpenCaseInput): Promise<CaseWriteResult> {
  const viewer = context.viewer;
  if (!viewer) throw new NotFoundError();
  const origin = await originFor(context, input.organizationId);
  const customer = {
    name: input.customer.name,
    email: normalizeEmail(input.customer.email, ['customer', 'email']),
    phone: normalizePhone(input.customer.phone, origin.country, ['customer', 'phone']),
  };
  const countryId = origin.country_id ?? origin.id;
  const country = countryId === origin.id ? origin : await context.loaders.organization.load(countryId);
  if (!country) throw new Error(`Country ${countryId} of ${origin.code} is missing`);
  const fields = {
    organizationId: origin.id,
    channel: input.channel,
    customer,
    subject: input.subject,
    description: input.description,
    priority: input.priority ?? 'NORMAL',
  };
  const requestHash = createHash('sha256').update(JSON.stringify(fields)).digest('base64url');
  // The membership that lets them open here: at the origin or the nearest organization above it.
  const opening = viewer.memberships.filter((m) => origin.path.includes(m.organizationId)).at(-1);
  const actor = { userId: viewer.id, organizationId: origin.id, role: opening?.role ?? null };

  return createCase(context, async (trx) => {
    if (input.idempotencyKey) {
      // The first request with a key claims it; a concurrent twin waits on the
      // key's unique index, then finds the claim and returns the same case.
      const claimed = await trx
        .insertInto('idempotency_keys')
        .values({ user_id: viewer.id, key: input.idempotencyKey, request_hash: requestHash })
        .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (!claimed) {
        const previous = await trx
          .selectFrom('idempotency_keys')
          .innerJoin('cases', 'cases.id', 'idempotency_keys.case_id')
          .selectAll('cases')
          .select('idempotency_keys.request_hash')
          .where('idempotency_keys.user_id', '=', viewer.id)
          .where('idempotency_keys.key', '=', input.idempotencyKey)
          .executeTakeFirstOrThrow();
        if (previous.request_hash !== requestHash) {
          throw ValidationError.field('idempotencyKey', 'This key was already used for a different case');
        }
        const { request_hash: _hash, ...previousCase } = previous;
        return { case: previousCase, events: [] };
      }
    }
    const now = new Date();
    const customerRow = await findOrCreateCustomer(trx, customer);
    const row = await trx
      .insertInto('cases')
      .values({
        country_id: countryId,
        reference: await nextCaseReference(trx, { id: countryId, code: country.code }, now),
        access_code: generateAccessCode(),
        subject: input.subject,
        description: input.description,
        status: 'NEW',
        priority: fields.priority,
        channel: input.channel,
        origin_organization_id: origin.id,
        owner_organization_id: origin.id,
        holder_ids: [origin.id],
        visible_to: origin.path,
        customer_id: customerRow.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.idempotencyKey) {
      await trx
        .updateTable('idempotency_keys')
        .set({ case_id: row.id })
        .where('user_id', '=', viewer.id)
        .where('key', '=', input.idempotencyKey)
        .execute();
    }
    const events = await appendEvents(trx, row, actor, [
      { type: 'OPENED', visibility: 'PUBLIC', channel: input.channel, data: { priority: fields.priority } },
    ]);
    return { case: row, events };
  });
}
