import { insertCaseRow } from '../cases/open-case.js';
import {
  appendEvents,
  createCase,
  type CaseWriteResult,
  type EventDraft,
  type WriteDeps,
} from '../cases/write-path.js';
import { findOrCreateCustomer } from '../customers/customers.js';
import type { Db } from '../db/database.js';
import type { CaseRow, Channel, OrganizationRow } from '../db/schema.js';

export interface CustomerCaseInput {
  origin: OrganizationRow;
  channel: Channel;
  customer: { name: string; email: string; phone?: string | null; language?: string | null };
  subject: string;
  description: string;
  /** Extra data on the OPENED event (e.g. the e-mail's attachments). */
  openedData?: Record<string, unknown>;
  /** Runs in the transaction once the case row exists, before its events (e.g. claim a Message-ID). */
  beforeEvents?: (trx: Db, row: CaseRow) => Promise<void>;
}

const CUSTOMER = { userId: null, organizationId: null };

/** A case the customer opens themselves (e-mail, web form): NORMAL priority, held where it arrived. */
export function openCustomerCase(deps: WriteDeps, input: CustomerCaseInput): Promise<CaseWriteResult> {
  return createCase(deps, async (trx) => {
    const countryId = input.origin.country_id ?? input.origin.id;
    const country = await trx
      .selectFrom('organizations')
      .select(['id', 'code'])
      .where('id', '=', countryId)
      .executeTakeFirstOrThrow();
    const customer = await findOrCreateCustomer(trx, {
      name: input.customer.name,
      email: input.customer.email,
      phone: input.customer.phone ?? null,
    });
    // A language the customer chose sticks; one already known is not overwritten by a guess.
    if (input.customer.language && !customer.language) {
      await trx
        .updateTable('customers')
        .set({ language: input.customer.language })
        .where('id', '=', customer.id)
        .execute();
    }
    const row = await insertCaseRow(trx, {
      origin: input.origin,
      country,
      channel: input.channel,
      customerId: customer.id,
      subject: input.subject,
      description: input.description,
      priority: 'NORMAL',
    });
    await input.beforeEvents?.(trx, row);
    const opened: EventDraft = {
      type: 'OPENED',
      visibility: 'PUBLIC',
      channel: input.channel,
      data: { priority: 'NORMAL', ...input.openedData },
    };
    return { case: row, events: await appendEvents(trx, row, CUSTOMER, [opened]) };
  });
}
