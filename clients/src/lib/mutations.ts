import type { Strings } from './strings';

/** The typed failure of a mutation, in words, with messages per input field (`customer.phone`). */
export interface MutationFailure {
  message: string;
  fields: Record<string, string>;
}

interface TypedError {
  __typename?: string;
  message?: string;
  fieldErrors?: { path: string[]; message: string }[];
}

/** Null when the mutation succeeded (its payload's `__typename` ends in `Payload`). */
export function failureOf(
  result: { data?: unknown; error?: { message: string } } & object,
  field: string,
  t: Strings,
): MutationFailure | null {
  const data = result.data as Record<string, TypedError | undefined> | undefined;
  const payload = data?.[field];
  if (payload?.__typename?.endsWith('Payload')) return null;
  if (!payload) return { message: result.error?.message ?? t.common.error, fields: {} };
  const fields = Object.fromEntries((payload.fieldErrors ?? []).map((error) => [error.path.join('.'), error.message]));
  const message = payload.__typename === 'ConflictError' ? t.common.conflict : (payload.message ?? t.common.error);
  return { message, fields };
}
