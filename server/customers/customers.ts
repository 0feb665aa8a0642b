import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { CustomerRow } from '../db/schema.js';
import { ValidationError } from '../graphql/errors.js';

const emailSchema = z.email();

/** Lower-cased and trimmed; null when blank. Throws a ValidationError at `path` when malformed. */
export function normalizeEmail(raw: string | null | undefined, path: string[]): string | null {
  const email = raw?.trim().toLowerCase();
  if (!email) return null;
  if (email.length > 254 || !emailSchema.safeParse(email).success) {
    throw new ValidationError([{ path, message: 'Not a valid e-mail address' }]);
  }
  return email;
}

/**
 * E.164, read in the organization's region when the number has no country
 * prefix ("612 345 678" at a Spanish dealer is +34612345678). Null when blank.
 */
export function normalizePhone(
  raw: string | null | undefined,
  defaultRegion: string | null,
  path: string[],
): string | null {
  const phone = raw?.trim();
  if (!phone) return null;
  const parsed =
    phone.length <= 40
      ? parsePhoneNumberFromString(phone, (defaultRegion ?? undefined) as CountryCode | undefined)
      : undefined;
  if (!parsed?.isValid()) throw new ValidationError([{ path, message: 'Not a valid phone number' }]);
  return parsed.number;
}

/** Normalizes a phone for lookups, where a malformed number simply matches nobody. */
export function phoneForLookup(raw: string, defaultRegion: string | null): string | null {
  try {
    return normalizePhone(raw, defaultRegion, []);
  } catch {
    return null;
  }
}

export interface CustomerInput {
  name: string;
  email: string | null;
  phone: string | null;
}

/**
 * The customer with this e-mail or phone (e-mail first), or a new one. Safe
 * under concurrency: a racing insert of the same customer loses on the unique
 * index and reads the winner.
 */
export async function findOrCreateCustomer(trx: Db, input: CustomerInput): Promise<CustomerRow> {
  const existing = await findCustomer(trx, input);
  if (existing) return existing;
  const inserted = await trx
    .insertInto('customers')
    .values(input)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return inserted;
  const winner = await findCustomer(trx, input);
  if (!winner) throw new Error('Customer vanished between conflict and read');
  return winner;
}

async function findCustomer(db: Db, input: CustomerInput): Promise<CustomerRow | undefined> {
  const { email, phone } = input;
  if (!email && !phone) return undefined;
  const rows = await db
    .selectFrom('customers')
    .selectAll()
    .where((eb) => eb.or([...(email ? [eb('email', '=', email)] : []), ...(phone ? [eb('phone', '=', phone)] : [])]))
    .execute();
  return rows.find((r) => email && r.email === email) ?? rows[0];
}
