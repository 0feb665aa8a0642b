import type { Db } from '../server/db/database.js';
import type { OrganizationKind, Role } from '../server/db/schema.js';
import { hashPassword } from '../server/auth/passwords.js';

export interface OrganizationSeed {
  code: string;
  kind: OrganizationKind;
  parentCode: string | null;
  name: string;
  timeZone: string;
  country: string | null;
}

/**
 * Inserts an organization under its parent (by code) unless its code exists;
 * computes the stored path and country. Returns the organization's id.
 */
export async function ensureOrganization(db: Db, seed: OrganizationSeed): Promise<string> {
  const existing = await db.selectFrom('organizations').select('id').where('code', '=', seed.code).executeTakeFirst();
  if (existing) return existing.id;
  const parent = seed.parentCode
    ? await db
        .selectFrom('organizations')
        .select(['id', 'path', 'country_id'])
        .where('code', '=', seed.parentCode)
        .executeTakeFirstOrThrow()
    : null;
  const id = crypto.randomUUID();
  await db
    .insertInto('organizations')
    .values({
      id,
      code: seed.code,
      name: seed.name,
      kind: seed.kind,
      parent_id: parent?.id ?? null,
      path: [...(parent?.path ?? []), id],
      country_id: seed.kind === 'COUNTRY' ? id : (parent?.country_id ?? null),
      country: seed.country,
      time_zone: seed.timeZone,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  return id;
}

export interface UserSeed {
  email: string;
  name: string;
  password: string;
  memberships: { organizationCode: string; role: Role }[];
}

/** Inserts the user unless the e-mail exists (hashing the password only then), and its memberships. */
export async function ensureUser(
  db: Db,
  seed: UserSeed,
  hash: (password: string) => Promise<string> = hashPassword,
): Promise<string> {
  let user = await db.selectFrom('users').select('id').where('email', '=', seed.email).executeTakeFirst();
  if (!user) {
    user = await db
      .insertInto('users')
      .values({ email: seed.email, name: seed.name, password_hash: await hash(seed.password) })
      .onConflict((oc) => oc.column('email').doUpdateSet({ email: seed.email }))
      .returning('id')
      .executeTakeFirstOrThrow();
  }
  for (const membership of seed.memberships) {
    const org = await db
      .selectFrom('organizations')
      .select('id')
      .where('code', '=', membership.organizationCode)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('memberships')
      .values({ user_id: user.id, organization_id: org.id, role: membership.role })
      .onConflict((oc) => oc.columns(['user_id', 'organization_id', 'role']).doNothing())
      .execute();
  }
  return user.id;
}
