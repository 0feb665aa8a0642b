import type { Db } from '../db/database.js';
import { createLoaders, type Loaders } from '../graphql/loaders.js';
import { defineAbility, type AppAbility } from './ability.js';
import type { Viewer } from './sessions.js';

/** The parts of a request context that follow from who is asking. */
export function viewerContext(
  db: Db,
  viewer: Viewer | null,
): { viewer: Viewer | null; ability: AppAbility; loaders: Loaders } {
  const ability = defineAbility((viewer?.memberships ?? []).map((m) => ({ ...m, userId: viewer?.id ?? '' })));
  return { viewer, ability, loaders: createLoaders(db, ability, viewer?.id ?? null) };
}
