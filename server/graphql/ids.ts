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

/**
 * The id inside a node's global ID: a malformed one becomes the nil UUID,
 * which matches nothing, so `node` answers null as for any unknown id.
 */
export function parseUuid(id: string): string {
  return UUID.test(id) ? id.toLowerCase() : '00000000-0000-0000-0000-000000000000';
}
