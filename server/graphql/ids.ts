import { decodeGlobalID } from '@pothos/plugin-relay';
import { NotFoundError } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The database id inside a global ID of `typename`. Anything else (garbage, an
 * id of another type) is reported exactly like an id that does not exist.
 */
export function decodeId(globalId: string, typename: 'Case' | 'Organization' | 'User'): string {
  try {
    const { typename: actual, id } = decodeGlobalID(globalId);
    if (actual === typename && UUID.test(id)) return id.toLowerCase();
  } catch {
    // not a global ID at all
  }
  throw new NotFoundError(typename);
}

/** Like decodeId for filters, where an unknown id simply matches nothing. */
export function decodeIdOrNull(globalId: string, typename: 'Case' | 'Organization' | 'User'): string | null {
  try {
    return decodeId(globalId, typename);
  } catch {
    return null;
  }
}
