import { subject } from '@casl/ability';
import { recordAdminChange } from '../auth/admin-changes.js';
import { normalizeEmail } from '../customers/customers.js';
import type { Db } from '../db/database.js';
import type { OrganizationRow } from '../db/schema.js';
import type { HubContext as Context } from '../graphql/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../graphql/errors.js';

export const MAX_INBOUND_ADDRESSES = 20;

export function inboundAddressesOf(db: Db, organizationId: string): Promise<string[]> {
  return db
    .selectFrom('organization_inbound_addresses')
    .select('address')
    .where('organization_id', '=', organizationId)
    .orderBy('address')
    .execute()
    .then((rows) => rows.map((r) => r.address));
}

/**
 * Replaces the addresses at which an organization receives customer e-mail
 * (ADMIN in its subtree). An address belongs to one organization network-wide.
 */
export async function setInboundAddresses(
  context: Context,
  input: { organizationId: string; addresses: string[] },
): Promise<OrganizationRow> {
  const organization = await context.loaders.readableOrganization.load(input.organizationId);
  if (!organization) throw new NotFoundError('Organization');
  if (!context.ability.can('administer', subject('Organization', { id: organization.id, path: organization.path }))) {
    throw new ForbiddenError(`Only administrators of ${organization.name} or above it can change its addresses`);
  }
  const addresses = [
    ...new Set(input.addresses.map((raw, index) => normalizeEmail(raw, ['addresses', String(index)]))),
  ].filter((a): a is string => a !== null);
  return context.db.transaction().execute(async (trx) => {
    const taken = addresses.length
      ? await trx
          .selectFrom('organization_inbound_addresses')
          .select(['address', 'organization_id'])
          .where('address', 'in', addresses)
          .where('organization_id', '!=', organization.id)
          .execute()
      : [];
    if (taken.length > 0) {
      throw new ValidationError(
        taken.map((t) => ({
          path: ['addresses', String(input.addresses.findIndex((a) => a.trim().toLowerCase() === t.address))],
          message: 'This address already receives mail for another organization',
        })),
      );
    }
    const before = await inboundAddressesOf(trx, organization.id);
    await trx.deleteFrom('organization_inbound_addresses').where('organization_id', '=', organization.id).execute();
    if (addresses.length) {
      await trx
        .insertInto('organization_inbound_addresses')
        .values(addresses.map((address) => ({ address, organization_id: organization.id })))
        .execute();
    }
    await recordAdminChange(trx, {
      action: 'ORGANIZATION_UPDATED',
      actorId: context.viewer?.id ?? null,
      organizationId: organization.id,
      before: { inboundAddresses: before },
      after: { inboundAddresses: addresses },
      paths: [organization.path],
    });
    return organization;
  });
}
