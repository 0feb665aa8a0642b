import type { EventDraft } from '../cases/write-path.js';
import type { Db } from '../db/database.js';
import type { CaseRow, NotificationKind } from '../db/schema.js';
import { notificationLanguage } from './templates.js';

/**
 * What the customer hears about a change, decided from the events being
 * appended: one notification per change at most, the most important kind
 * first, carrying a public note written with it.
 */
function notificationKind(drafts: EventDraft[]): NotificationKind | null {
  const statusTo = (status: string) =>
    drafts.some((d) => d.type === 'STATUS_CHANGED' && (d.data as { to?: string } | undefined)?.to === status);
  if (drafts.some((d) => d.type === 'OPENED')) return 'OPENED';
  if (statusTo('RESOLVED')) return 'RESOLVED';
  if (statusTo('WAITING_ON_CUSTOMER')) return 'WAITING_ON_CUSTOMER';
  if (drafts.some((d) => d.type === 'NOTE_ADDED' && d.visibility === 'PUBLIC')) return 'PUBLIC_NOTE';
  return null;
}

/**
 * Writes the customer's notification for a change into the outbox, inside the
 * change's own transaction: it is committed with the change or not at all, and
 * the worker sends it later. The key (case + version) makes it one per change.
 */
export async function queueCustomerNotification(trx: Db, row: CaseRow, drafts: EventDraft[]): Promise<void> {
  const kind = notificationKind(drafts);
  if (!kind) return;
  const customer = await trx
    .selectFrom('customers')
    .select(['name', 'email', 'language'])
    .where('id', '=', row.customer_id)
    .executeTakeFirstOrThrow();
  if (!customer.email) return;
  const origin = await trx
    .selectFrom('organizations')
    .select('country')
    .where('id', '=', row.origin_organization_id)
    .executeTakeFirstOrThrow();
  const note = drafts.find((d) => d.type === 'NOTE_ADDED' && d.visibility === 'PUBLIC')?.body ?? null;
  await trx
    .insertInto('notification_outbox')
    .values({
      key: `${row.id}:${row.version}`,
      case_id: row.id,
      kind,
      language: notificationLanguage(customer.language, origin.country),
      recipient: customer.email,
      data: JSON.stringify({
        reference: row.reference,
        accessCode: row.access_code,
        caseSubject: row.subject,
        customerName: customer.name,
        note,
      }),
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
