import { randomBytes } from 'node:crypto';
import { subject } from '@casl/ability';
import type { Db } from '../db/database.js';
import type { Role, UserRow } from '../db/schema.js';
import type { HubContext as Context } from '../graphql/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../graphql/errors.js';
import type { Action } from './ability.js';
import { recordAdminChange } from './admin-changes.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { closeSubscriptionsOf, hashToken, revokeSessionsIn } from './sessions.js';

/**
 * Staff administration: invitations, roles, deactivation, passwords, sessions.
 * Who may do what is decided by the CASL rules on `Membership` (ability.ts):
 * `grant` (grant or revoke that role at that organization) and `endSessions`.
 * Changes that sign people out revoke their sessions inside the transaction,
 * which announces it at commit to every process; this process is told right
 * after the commit, so live subscriptions close everywhere.
 */

export interface HeldMembership {
  organizationId: string;
  role: Role;
  path: string[];
}

function membershipSubject(path: string[], role: Role) {
  return subject('Membership', { organizationPath: path, role });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

async function heldMemberships(db: Db, userId: string): Promise<HeldMembership[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select(['memberships.organization_id', 'memberships.role', 'organizations.path'])
    .where('memberships.user_id', '=', userId)
    .execute();
  return rows.map((row) => ({ organizationId: row.organization_id, role: row.role, path: row.path }));
}

/** A user in the viewer's directory; anyone else is NotFound, exactly like an unknown id. */
async function staffMember(context: Context, userId: string): Promise<UserRow> {
  const user = await context.loaders.readableUser.load(userId);
  if (!user) throw new NotFoundError('User');
  return user;
}

async function readableOrganization(context: Context, organizationId: string) {
  const organization = await context.loaders.readableOrganization.load(organizationId);
  if (!organization) throw new NotFoundError('Organization');
  return organization;
}

/** Every role the user holds must be one the viewer may manage: no one acts on staff they only partly manage. */
async function assertManagesEveryRole(context: Context, userId: string, action: Action): Promise<HeldMembership[]> {
  const memberships = await heldMemberships(context.db, userId);
  if (memberships.some((m) => !context.ability.can(action, membershipSubject(m.path, m.role)))) {
    throw new ForbiddenError('This person holds roles you do not manage');
  }
  return memberships;
}

function requireViewer(context: Context) {
  if (!context.viewer) throw new NotFoundError('User');
  return context.viewer;
}

/**
 * The network must keep an administrator at its root. Changes that would take
 * ADMIN at a root away from `userId` lock the root row first, so that two
 * administrators removing each other at the same moment cannot both succeed.
 */
async function assertKeepsRootAdmin(trx: Db, userId: string, losing: { organizationId: string; role: Role }[]) {
  const adminAt = losing.filter((m) => m.role === 'ADMIN').map((m) => m.organizationId);
  if (adminAt.length === 0) return;
  const roots = await trx
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('parent_id', 'is', null)
    .where('id', 'in', adminAt)
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  for (const root of roots) {
    const others = await trx
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('users.id')
      .where('memberships.organization_id', '=', root.id)
      .where('memberships.role', '=', 'ADMIN')
      .where('users.active', '=', true)
      .where('users.id', '!=', userId)
      .limit(1)
      .execute();
    if (others.length === 0) {
      throw ValidationError.field(
        'userId',
        `This is the last administrator of ${root.name}: make someone else ADMIN there first`,
      );
    }
  }
}

export interface Invitation {
  user: UserRow;
  token: string;
  expiresAt: Date;
}

function newInvitationToken(context: Context): { token: string; expiresAt: Date } {
  return {
    token: randomBytes(32).toString('base64url'),
    expiresAt: new Date(Date.now() + context.config.invitationTtlHours * 3_600_000),
  };
}

/** Stores the token's hash only; any earlier link of the same account stops working. */
async function storeInvitationToken(
  trx: Db,
  invitation: { userId: string; createdBy: string; token: string; expiresAt: Date },
): Promise<void> {
  await voidPendingTokens(trx, invitation.userId);
  await trx
    .insertInto('password_tokens')
    .values({
      user_id: invitation.userId,
      token_hash: hashToken(invitation.token),
      purpose: 'INVITATION',
      created_by: invitation.createdBy,
      expires_at: invitation.expiresAt,
    })
    .execute();
}

function voidPendingTokens(trx: Db, userId: string) {
  return trx
    .updateTable('password_tokens')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

/** A new account with one role and a one-time set-password token (only its hash is stored). */
export async function inviteUser(
  context: Context,
  input: { email: string; name: string; organizationId: string; role: Role },
): Promise<Invitation> {
  const viewer = requireViewer(context);
  const organization = await readableOrganization(context, input.organizationId);
  if (!context.ability.can('grant', membershipSubject(organization.path, input.role))) {
    throw new ForbiddenError(`You cannot grant the role ${input.role} at ${organization.name}`);
  }
  if (!organization.active) {
    throw ValidationError.field('organizationId', `${organization.name} is deactivated`);
  }
  const email = input.email.trim().toLowerCase();
  const { token, expiresAt } = newInvitationToken(context);
  const taken = () => ValidationError.field('email', 'This e-mail already has an account: grant it a role instead');
  try {
    const user = await context.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      if (existing) throw taken();
      const user = await trx
        .insertInto('users')
        .values({ email, name: input.name, password_hash: null })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('memberships')
        .values({ user_id: user.id, organization_id: organization.id, role: input.role })
        .execute();
      await storeInvitationToken(trx, { userId: user.id, createdBy: viewer.id, token, expiresAt });
      await recordAdminChange(trx, {
        action: 'USER_INVITED',
        actorId: viewer.id,
        organizationId: organization.id,
        userId: user.id,
        after: { email, name: input.name, organizationId: organization.id, role: input.role, expiresAt },
        paths: [organization.path],
      });
      return user;
    });
    return { user, token, expiresAt };
  } catch (error) {
    // A concurrent invitation of the same e-mail: the unique index decided.
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}

/**
 * A fresh link for someone invited who has not set a password yet (the first
 * one expired or got lost); the earlier link stops working. By anyone who
 * manages every role the invitee holds.
 */
export async function reissueInvitation(context: Context, input: { userId: string }): Promise<Invitation> {
  const viewer = requireViewer(context);
  const user = await staffMember(context, input.userId);
  const memberships = await assertManagesEveryRole(context, user.id, 'grant');
  if (!user.active) throw ValidationError.field('userId', `${user.name} is deactivated`);
  const { token, expiresAt } = newInvitationToken(context);
  await context.db.transaction().execute(async (trx) => {
    const pending = await trx
      .selectFrom('users')
      .select('id')
      .where('id', '=', user.id)
      .where('password_hash', 'is', null)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!pending) throw ValidationError.field('userId', `${user.name} has already set a password`);
    await storeInvitationToken(trx, { userId: user.id, createdBy: viewer.id, token, expiresAt });
    await recordAdminChange(trx, {
      action: 'INVITATION_REISSUED',
      actorId: viewer.id,
      userId: user.id,
      after: { expiresAt },
      paths: memberships.map((m) => m.path),
    });
  });
  return { user, token, expiresAt };
}

/** Redeems a set-password token once: unknown, used and expired tokens are refused alike. */
export async function setPassword(db: Db, input: { token: string; password: string }): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const redeemed = await trx
      .updateTable('password_tokens')
      .set({ used_at: new Date() })
      .where('token_hash', '=', hashToken(input.token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date())
      .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('active', '=', true))
      .returning('user_id')
      .executeTakeFirst();
    if (!redeemed) {
      throw ValidationError.field('token', 'This link is invalid, already used or expired: ask for a new invitation');
    }
    const user = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', redeemed.user_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // Any other link still pending for this account stops working too.
    await voidPendingTokens(trx, user.id);
    await recordAdminChange(trx, {
      action: 'PASSWORD_SET',
      actorId: user.id,
      userId: user.id,
      paths: (await heldMemberships(trx, user.id)).map((m) => m.path),
    });
    return user;
  });
}

export async function grantRole(
  context: Context,
  input: { userId: string; organizationId: string; role: Role },
): Promise<UserRow> {
  const viewer = requireViewer(context);
  const user = await staffMember(context, input.userId);
  const organization = await readableOrganization(context, input.organizationId);
  if (!context.ability.can('grant', membershipSubject(organization.path, input.role))) {
    throw new ForbiddenError(`You cannot grant the role ${input.role} at ${organization.name}`);
  }
  if (!user.active) throw ValidationError.field('userId', `${user.name} is deactivated`);
  const sessions = await context.db.transaction().execute(async (trx) => {
    const granted = await trx
      .insertInto('memberships')
      .values({ user_id: user.id, organization_id: organization.id, role: input.role })
      .onConflict((oc) => oc.columns(['user_id', 'organization_id', 'role']).doNothing())
      .returning('role')
      .executeTakeFirst();
    if (!granted) return []; // already held: nothing changed, nothing to audit
    await recordAdminChange(trx, {
      action: 'ROLE_GRANTED',
      actorId: viewer.id,
      organizationId: organization.id,
      userId: user.id,
      after: { organizationId: organization.id, role: input.role },
      paths: [organization.path],
    });
    // Every process then reads the user's rights afresh (cached sessions, live subscriptions).
    return closeSubscriptionsOf(trx, user.id);
  });
  context.events.sessionsEnded(sessions);
  return user;
}

export async function revokeRole(
  context: Context,
  input: { userId: string; organizationId: string; role: Role },
): Promise<UserRow> {
  const viewer = requireViewer(context);
  const user = await staffMember(context, input.userId);
  const organization = await readableOrganization(context, input.organizationId);
  if (!context.ability.can('grant', membershipSubject(organization.path, input.role))) {
    throw new ForbiddenError(`You cannot revoke the role ${input.role} at ${organization.name}`);
  }
  const sessions = await context.db.transaction().execute(async (trx) => {
    await assertKeepsRootAdmin(trx, user.id, [{ organizationId: organization.id, role: input.role }]);
    const revoked = await trx
      .deleteFrom('memberships')
      .where('user_id', '=', user.id)
      .where('organization_id', '=', organization.id)
      .where('role', '=', input.role)
      .returning('role')
      .executeTakeFirst();
    if (!revoked) throw ValidationError.field('role', `${user.name} does not hold this role at ${organization.name}`);
    await recordAdminChange(trx, {
      action: 'ROLE_REVOKED',
      actorId: viewer.id,
      organizationId: organization.id,
      userId: user.id,
      before: { organizationId: organization.id, role: input.role },
      paths: [organization.path],
    });
    return closeSubscriptionsOf(trx, user.id);
  });
  context.events.sessionsEnded(sessions);
  return user;
}

/** Deactivates an account: no login, every session revoked, every live subscription closed, pending links void. */
export async function deactivateUser(context: Context, input: { userId: string }): Promise<UserRow> {
  const viewer = requireViewer(context);
  const user = await staffMember(context, input.userId);
  if (user.id === viewer.id) throw ValidationError.field('userId', 'You cannot deactivate yourself');
  const memberships = await assertManagesEveryRole(context, user.id, 'grant');
  const result = await context.db.transaction().execute(async (trx) => {
    await assertKeepsRootAdmin(trx, user.id, memberships);
    const updated = await trx
      .updateTable('users')
      .set({ active: false })
      .where('id', '=', user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const sessions = await revokeSessionsIn(trx, { userId: user.id });
    await voidPendingTokens(trx, user.id);
    if (user.active) {
      await recordAdminChange(trx, {
        action: 'USER_DEACTIVATED',
        actorId: viewer.id,
        userId: user.id,
        before: { active: true },
        after: { active: false, sessionsRevoked: sessions.length },
        paths: memberships.map((m) => m.path),
      });
    }
    return { updated, sessions };
  });
  context.events.sessionsEnded(result.sessions);
  return result.updated;
}

/**
 * Undoes a deactivation: the account may sign in again with its password. Its sessions and
 * invitation links stay void (an invitee gets a new link with reissueInvitation).
 */
export async function reactivateUser(context: Context, input: { userId: string }): Promise<UserRow> {
  const viewer = requireViewer(context);
  const user = await staffMember(context, input.userId);
  const memberships = await assertManagesEveryRole(context, user.id, 'grant');
  return context.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('users')
      .set({ active: true })
      .where('id', '=', user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (!user.active) {
      await recordAdminChange(trx, {
        action: 'USER_REACTIVATED',
        actorId: viewer.id,
        userId: user.id,
        before: { active: false },
        after: { active: true },
        paths: memberships.map((m) => m.path),
      });
    }
    return updated;
  });
}

/** Signs a member of staff out everywhere (ADMIN over every role they hold). */
export async function revokeUserSessions(
  context: Context,
  input: { userId: string },
): Promise<{ user: UserRow; revokedSessionCount: number }> {
  const viewer = requireViewer(context);
  const user = await staffMember(context, input.userId);
  const memberships = await assertManagesEveryRole(context, user.id, 'endSessions');
  const sessions = await context.db.transaction().execute(async (trx) => {
    const sessions = await revokeSessionsIn(trx, { userId: user.id });
    await recordAdminChange(trx, {
      action: 'SESSIONS_REVOKED',
      actorId: viewer.id,
      userId: user.id,
      after: { sessionsRevoked: sessions.length },
      paths: memberships.map((m) => m.path),
    });
    return sessions;
  });
  context.events.sessionsEnded(sessions);
  return { user, revokedSessionCount: sessions.length };
}

/** The viewer's own password, given the current one; their other sessions are signed out. */
export async function changePassword(
  context: Context,
  input: { currentPassword: string; newPassword: string },
): Promise<UserRow> {
  const viewer = requireViewer(context);
  const current = await context.db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', viewer.id)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, current.password_hash))) {
    throw ValidationError.field('currentPassword', 'This is not your current password');
  }
  const passwordHash = await hashPassword(input.newPassword);
  const result = await context.db.transaction().execute(async (trx) => {
    const user = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', viewer.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const sessions = await revokeSessionsIn(trx, { userId: viewer.id, exceptSessionId: viewer.sessionId });
    await recordAdminChange(trx, {
      action: 'PASSWORD_CHANGED',
      actorId: viewer.id,
      userId: viewer.id,
      after: { otherSessionsRevoked: sessions.length },
      paths: (await heldMemberships(trx, viewer.id)).map((m) => m.path),
    });
    return { user, sessions };
  });
  context.events.sessionsEnded(result.sessions);
  return result.user;
}
