import type { CaseRow } from '../db/schema.js';
import { normalizeEmail } from '../customers/customers.js';
import type { HubContext as Context } from '../graphql/context.js';
import { NotFoundError, ValidationError } from '../graphql/errors.js';
import { consume } from '../http/rate-limits.js';
import { openCustomerCase } from './customer-case.js';

export interface ContactFormInput {
  /** Null: an id that names no organization. */
  organizationId: string | null;
  name: string;
  email: string;
  subject: string;
  message: string;
  language?: string | null;
}

/** Where a customer may write to from the public form: every active country and dealer. */
export function contactFormOrganizations(context: Context) {
  return context.db
    .selectFrom('organizations')
    .selectAll()
    .where('kind', 'in', ['COUNTRY', 'DEALER'])
    .where('active', '=', true)
    .orderBy('code')
    .execute();
}

/**
 * The public "contact us" form: opens a WEB case at the chosen country or
 * dealer for the customer (matched by e-mail), who gets the reference and
 * access code in the answer and by e-mail. Counted against the same per-client
 * limit as the status page.
 */
export async function submitContactForm(context: Context, input: ContactFormInput): Promise<CaseRow> {
  await consume(context.rateLimits.publicLookupsPerClient, context.clientKey);
  if (!input.organizationId) throw new NotFoundError('Organization');
  const origin = await context.db
    .selectFrom('organizations')
    .selectAll()
    .where('id', '=', input.organizationId)
    .where('kind', 'in', ['COUNTRY', 'DEALER'])
    .executeTakeFirst();
  if (!origin) throw new NotFoundError('Organization');
  if (!origin.active) throw ValidationError.field('organizationId', 'This organization no longer takes new cases');
  const email = normalizeEmail(input.email, ['email']);
  if (!email) throw ValidationError.field('email', 'Enter your e-mail address');
  const opened = await openCustomerCase(context, {
    origin,
    channel: 'WEB',
    customer: { name: input.name.trim(), email, language: input.language ?? null },
    subject: input.subject.trim(),
    description: input.message.trim(),
  });
  return opened.case;
}
