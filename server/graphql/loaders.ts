import DataLoader from 'dataloader';
import type { AppAbility } from '../auth/ability.js';
import { readableUsersByIds } from '../auth/users.js';
import type { Db } from '../db/database.js';
import type { CustomerRow, OrganizationRow, UserRow } from '../db/schema.js';
import { readableOrganizationsByIds } from '../organizations/organizations.js';

/**
 * Per-request batch loaders by id. `readable*` are scoped to the viewer and
 * serve root lookups (`node`, `parent`). The others are unscoped: use them only
 * for objects reached through a parent the viewer may already see (a visible
 * case's owner, an event's actor).
 */
export interface Loaders {
  readableOrganization: DataLoader<string, OrganizationRow | null>;
  readableUser: DataLoader<string, UserRow | null>;
  organization: DataLoader<string, OrganizationRow | null>;
  user: DataLoader<string, UserRow | null>;
  customer: DataLoader<string, CustomerRow | null>;
}

function byId<T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = new Map((await load(ids)).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}

export function createLoaders(db: Db, ability: AppAbility, viewerId: string | null): Loaders {
  return {
    readableOrganization: byId((ids) => readableOrganizationsByIds(db, ability, ids)),
    readableUser: byId((ids) => readableUsersByIds(db, ability, viewerId, ids)),
    organization: byId((ids) => db.selectFrom('organizations').selectAll().where('id', 'in', ids).execute()),
    user: byId((ids) => db.selectFrom('users').selectAll().where('id', 'in', ids).execute()),
    customer: byId((ids) => db.selectFrom('customers').selectAll().where('id', 'in', ids).execute()),
  };
}

export async function loadRequired<T>(loader: DataLoader<string, T | null>, id: string): Promise<T> {
  const row = await loader.load(id);
  if (!row) throw new Error(`Referenced row ${id} is missing`);
  return row;
}
