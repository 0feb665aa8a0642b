import type { CaseRow } from '../db/schema.js';
import { normalizeEmail, normalizePhone } from '../customers/customers.js';
import type { HubContext as Context } from '../graphql/context.js';
import { NotFoundError, ValidationError, type FieldError } from '../graphql/errors.js';
import { consume } from '../http/rate-limits.js';
import { openCustomerCase } from './customer-case.js';

export interface ContactFormInput {
  /** Null: an id that names no organization. */
  organizationId: string | null;
  name: string;
  email: string;
  phone?: string | null;
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
  // Both contact fields are checked before refusing, so the form can mark every wrong one at once.
  const problems: FieldError[] = [];
  const email = checked(problems, () => normalizeEmail(input.email, ['email']));
  const phone = checked(problems, () => normalizePhone(input.phone, origin.country, ['phone']));
  if (problems.length) throw new ValidationError(problems);
  if (!email) throw ValidationError.field('email', 'Enter your e-mail address');
  const opened = await openCustomerCase(context, {
    origin,
    channel: 'WEB',
    customer: { name: input.name.trim(), email, phone, language: input.language ?? null },
    subject: input.subject.trim(),
    description: input.message.trim(),
  });
  return opened.case;
}

/** The value `read` returns, or null with its field errors added to `problems`. */
function checked<T>(problems: FieldError[], read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.fieldErrors);
    return null;
  }
}
