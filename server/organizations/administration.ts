import { subject } from '@casl/ability';
import { sql } from 'kysely';
import { movingRollups } from '../analytics/metric-rollups.js';
import { recordAdminChange } from '../auth/admin-changes.js';
import type { Db } from '../db/database.js';
import type { OrganizationKind, OrganizationRow } from '../db/schema.js';
import type { HubContext as Context } from '../graphql/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../graphql/errors.js';

/**
 * Organization administration: create, update, move, deactivate, reactivate.
 * An ADMIN may do it anywhere inside their subtree (CASL `administer` on
 * `Organization`); an organization the viewer may not read is NotFound, one
 * they may read but not administer (an ancestor) is Forbidden.
 */

export interface OrganizationInput {
  code: string;
  name: string;
  timeZone: string;
  country?: string | null;
}

function uuidArray(ids: string[]) {
  return sql<string[]>`array[${sql.join(ids)}]::uuid[]`;
}

function mayAdminister(context: Context, organization: Pick<OrganizationRow, 'id' | 'path'>): boolean {
  return context.ability.can('administer', subject('Organization', { id: organization.id, path: organization.path }));
}

async function administrable(context: Context, id: string): Promise<OrganizationRow> {
  const organization = await context.loaders.readableOrganization.load(id);
  if (!organization) throw new NotFoundError('Organization');
  if (!mayAdminister(context, organization)) {
    throw new ForbiddenError(`Only administrators of ${organization.name} or above it can change it`);
  }
  return organization;
}

/** Where a kind may sit: one HQ at the top, countries right below it, dealers (at any depth) below a country. */
function placementProblem(kind: OrganizationKind, parent: OrganizationRow): string | null {
  if (kind === 'HQ') return 'Headquarters is the top of the network: there is only one';
  if (kind === 'COUNTRY' && parent.kind !== 'HQ') return 'A country office sits directly below headquarters';
  if (kind === 'DEALER' && parent.kind === 'HQ') return 'A dealer sits below a country office or a dealer group';
  return null;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

async function assertCodeFree(trx: Db, code: string, exceptId: string | null) {
  const taken = await trx
    .selectFrom('organizations')
    .select('id')
    .where('code', '=', code)
    .$if(exceptId !== null, (qb) => qb.where('id', '!=', exceptId as string))
    .executeTakeFirst();
  if (taken) throw codeTaken();
}

const codeTaken = () => ValidationError.field('code', 'This code is already used in the network');

/** A concurrent twin with the same code loses on the unique index and gets the same answer. */
async function refusingDuplicateCodes<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    if (code === '23505') throw codeTaken();
    throw error;
  }
}

function snapshot(org: OrganizationRow) {
  return {
    code: org.code,
    name: org.name,
    kind: org.kind,
    parentId: org.parent_id,
    timeZone: org.time_zone,
    country: org.country,
    active: org.active,
  };
}

export async function createOrganization(
  context: Context,
  input: OrganizationInput & { parentId: string; kind: OrganizationKind },
): Promise<OrganizationRow> {
  const viewerId = context.viewer?.id ?? null;
  const checked = await administrable(context, input.parentId);
  return refusingDuplicateCodes(() =>
    context.db.transaction().execute(async (trx) => {
      // The parent's row, locked: a move of its subtree waits for this child, or this child for the move.
      const parent = await trx
        .selectFrom('organizations')
        .selectAll()
        .where('id', '=', checked.id)
        .forShare()
        .executeTakeFirstOrThrow();
      if (!mayAdminister(context, parent)) throw new ForbiddenError('The parent moved out of your part of the network');
      const misplaced = placementProblem(input.kind, parent);
      if (misplaced) throw ValidationError.field('kind', misplaced);
      if (!parent.active) throw ValidationError.field('parentId', `${parent.name} is deactivated`);
      await assertCodeFree(trx, input.code, null);
      const id = crypto.randomUUID();
      const created = await trx
        .insertInto('organizations')
        .values({
          id,
          code: input.code,
          name: input.name,
          kind: input.kind,
          parent_id: parent.id,
          path: [...parent.path, id],
          country_id: input.kind === 'COUNTRY' ? id : parent.country_id,
          country: input.country ?? parent.country,
          time_zone: input.timeZone,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAdminChange(trx, {
        action: 'ORGANIZATION_CREATED',
        actorId: viewerId,
        organizationId: created.id,
        after: snapshot(created),
        paths: [created.path],
      });
      return created;
    }),
  );
}

export async function updateOrganization(
  context: Context,
  input: Partial<OrganizationInput> & { id: string },
): Promise<OrganizationRow> {
  const checked = await administrable(context, input.id);
  return refusingDuplicateCodes(() =>
    context.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('organizations')
        .selectAll()
        .where('id', '=', checked.id)
        .forNoKeyUpdate()
        .executeTakeFirstOrThrow();
      if (input.code && input.code !== before.code) await assertCodeFree(trx, input.code, before.id);
      const changes = {
        ...(input.code && input.code !== before.code ? { code: input.code } : {}),
        ...(input.name && input.name !== before.name ? { name: input.name } : {}),
        ...(input.timeZone && input.timeZone !== before.time_zone ? { time_zone: input.timeZone } : {}),
        ...(input.country !== undefined && input.country !== before.country ? { country: input.country } : {}),
      };
      // Saving what is already there is not a change: nothing written, nothing audited.
      if (Object.keys(changes).length === 0) return before;
      const updated = await trx
        .updateTable('organizations')
        .set(changes)
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAdminChange(trx, {
        action: 'ORGANIZATION_UPDATED',
        actorId: context.viewer?.id ?? null,
        organizationId: updated.id,
        before: snapshot(before),
        after: snapshot(updated),
        paths: [updated.path],
      });
      return updated;
    }),
  );
}

/** Deactivated: no new cases there (opening refuses it); its cases stay visible and workable. */
export async function setOrganizationActive(
  context: Context,
  input: { id: string; active: boolean },
): Promise<OrganizationRow> {
  const checked = await administrable(context, input.id);
  return context.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('organizations')
      .set({ active: input.active })
      .where('id', '=', checked.id)
      .where('active', '=', !input.active)
      .returningAll()
      .executeTakeFirst();
    // Already in that state: nothing changed, nothing to audit.
    if (!updated)
      return await trx.selectFrom('organizations').selectAll().where('id', '=', checked.id).executeTakeFirstOrThrow();
    await recordAdminChange(trx, {
      action: input.active ? 'ORGANIZATION_REACTIVATED' : 'ORGANIZATION_DEACTIVATED',
      actorId: context.viewer?.id ?? null,
      organizationId: updated.id,
      before: { active: !input.active },
      after: { active: input.active },
      paths: [updated.path],
    });
    return updated;
  });
}

/**
 * Moves an organization and its whole subtree below a new parent, in one
 * transaction: the stored paths of the subtree, its country, and the
 * visibility of every case any of its organizations has held. Nobody sees a
 * half-moved subtree: readers see the tree before or after the commit.
 *
 * Lock order: first `cases` in EXCLUSIVE mode (reads go on; case writes, which
 * take row locks, wait, and a case write already running is waited for), then
 * the subtree's rows. Every case write thus happens wholly before the move
 * (and is re-derived by it) or wholly after (and derives its visibility from
 * the moved tree; see migration 202611231101). Moves are rare, short, and
 * serialized by the same lock.
 *
 * Cases keep their `country_id` (the country they were opened in, their shard
 * key, shared with their history) and their references; only new cases of the
 * moved organizations belong to the new country.
 */
export async function moveOrganization(
  context: Context,
  input: { id: string; newParentId: string },
): Promise<{ organization: OrganizationRow; casesReindexed: number }> {
  const viewer = context.viewer;
  const checked = await administrable(context, input.id);
  if (viewer?.memberships.some((m) => m.organizationId === checked.id)) {
    throw new ForbiddenError('You cannot move your own organization');
  }
  await administrable(context, input.newParentId);
  return context.db.transaction().execute(async (trx) => {
    await sql`lock table cases in exclusive mode`.execute(trx);
    const subtree = await trx
      .selectFrom('organizations')
      .selectAll()
      .where('path', '@>', uuidArray([checked.id]))
      .orderBy('id')
      .forUpdate()
      .execute();
    const moved = subtree.find((org) => org.id === checked.id);
    const parent = await trx
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', input.newParentId)
      .forShare()
      .executeTakeFirst();
    if (!moved || !parent) throw new NotFoundError('Organization');
    // Checked again on the locked rows: another move may have committed meanwhile.
    if (!mayAdminister(context, moved) || !mayAdminister(context, parent)) {
      throw new ForbiddenError('Organizations move only inside your own part of the network');
    }
    if (parent.path.includes(moved.id)) {
      throw ValidationError.field('newParentId', 'An organization cannot move below itself');
    }
    if (moved.parent_id === parent.id) throw ValidationError.field('newParentId', `It is already below ${parent.name}`);
    const misplaced = placementProblem(moved.kind, parent);
    if (misplaced) throw ValidationError.field('newParentId', misplaced);
    if (!parent.active) throw ValidationError.field('newParentId', `${parent.name} is deactivated`);

    const depth = moved.path.length;
    // A country keeps being its own country; a dealer subtree joins the new parent's country.
    const countryId = moved.kind === 'COUNTRY' ? null : parent.kind === 'COUNTRY' ? parent.id : parent.country_id;
    // The metric roll-ups count the subtree's cases for its new ancestors instead of the old ones.
    await movingRollups(trx, moved.id, () =>
      trx
        .updateTable('organizations')
        .set({
          path: sql<string[]>`${uuidArray(parent.path)} || path[${depth}::int:array_length(path, 1)]`,
          parent_id: sql<string>`case when id = ${moved.id}::uuid then ${parent.id}::uuid else parent_id end`,
          ...(countryId ? { country_id: countryId } : {}),
        })
        .where('path', '@>', uuidArray([moved.id]))
        .execute(),
    );
    // Every case an organization of the subtree has held has the moved id in `visible_to`;
    // touching `holder_ids` makes the database derive `visible_to` again from the new tree.
    const reindexed = await trx
      .updateTable('cases')
      .set({ holder_ids: sql<string[]>`holder_ids` })
      .where('visible_to', '@>', uuidArray([moved.id]))
      .executeTakeFirst();
    const organization = await trx
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', moved.id)
      .executeTakeFirstOrThrow();
    await recordAdminChange(trx, {
      action: 'ORGANIZATION_MOVED',
      actorId: viewer?.id ?? null,
      organizationId: moved.id,
      before: { parentId: moved.parent_id, countryId: moved.country_id },
      after: { parentId: parent.id, countryId: organization.country_id },
      // The old and the new ancestors both see that it left or arrived.
      paths: [moved.path, organization.path],
    });
    return { organization, casesReindexed: Number(reindexed.numUpdatedRows) };
  });
}
