import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.js';

/**
 * `ES-2026-000123`: the country's code, the year and a counter per country and
 * year, easy to read out on the phone. The counter row is locked by the upsert,
 * so concurrent openings in one country never share a number.
 */
export async function nextCaseReference(trx: Db, country: { id: string; code: string }, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const { last_value } = await trx
    .insertInto('case_reference_counters')
    .values({ country_id: country.id, year, last_value: 1 })
    .onConflict((oc) =>
      oc
        .columns(['country_id', 'year'])
        .doUpdateSet((eb) => ({ last_value: eb('case_reference_counters.last_value', '+', 1) })),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return `${country.code}-${year}-${String(last_value).padStart(6, '0')}`;
}

// No 0/O, 1/I/L: nothing a customer could misread from a receipt.
const ACCESS_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ACCESS_CODE_LENGTH = 10;

/** 10 characters of a 31-letter alphabet from a crypto source: about 49 bits. */
export function generateAccessCode(): string {
  let code = '';
  for (let i = 0; i < ACCESS_CODE_LENGTH; i++) code += ACCESS_CODE_ALPHABET[randomInt(ACCESS_CODE_ALPHABET.length)];
  return code;
}

/** Constant-time comparison; forgiving about case, spaces and dashes a customer may type. */
export function accessCodeMatches(stored: string, typed: string): boolean {
  const normalized = typed.toUpperCase().replace(/[\s-]/g, '');
  // Digests have one length whatever was typed (any alphabet), so the comparison takes constant time.
  const digest = (code: string) => createHash('sha256').update(code).digest();
  return timingSafeEqual(digest(stored), digest(normalized));
}
