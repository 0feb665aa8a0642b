import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Role } from '../db/schema.js';
import { announceSessionsEnded, type CaseEventBus } from '../realtime/event-bus.js';

export interface Membership {
  organizationId: string;
  role: Role;
  /** Ancestors of the organization, root first, itself excluded. */
  ancestorIds: string[];
}

export interface Viewer {
  id: string;
  email: string;
  name: string;
  sessionId: string;
  sessionExpiresAt: Date;
  memberships: Membership[];
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export async function createSession(
  db: Db,
  userId: string,
  ttlHours: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await db
    .insertInto('sessions')
    .values({ user_id: userId, token_hash: hashToken(token), expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

/** The viewer behind a bearer token; null when unknown, expired, revoked or the user is inactive. */
export async function viewerForToken(db: Db, token: string, now = new Date()): Promise<Viewer | null> {
  const session = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as sessionId', 'sessions.expires_at', 'users.id', 'users.email', 'users.name'])
    .where('sessions.token_hash', '=', hashToken(token))
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (!session) return null;
  const memberships = await membershipsOf(db, session.id);
  return {
    id: session.id,
    email: session.email,
    name: session.name,
    sessionId: session.sessionId,
    sessionExpiresAt: session.expires_at,
    memberships,
  };
}

/**
 * Ends a session: its token stops working at once, and its live subscriptions
 * on every process are closed (NOTIFY at commit; this process hears it directly).
 */
export async function revokeSession(deps: { db: Db; events: CaseEventBus }, sessionId: string): Promise<void> {
  const revoked = await deps.db.transaction().execute((trx) => revokeSessionsIn(trx, { sessionId }));
  deps.events.sessionsEnded(revoked);
}

/**
 * Inside the caller's transaction: revokes a session, or every live session of
 * a user (but `exceptSessionId`), and announces it at commit to every process.
 * Returns the revoked ids: pass them to `events.sessionsEnded` after the commit,
 * so that this process closes their subscriptions even without LISTEN (PGlite).
 */
export async function revokeSessionsIn(
  trx: Db,
  which: { sessionId: string } | { userId: string; exceptSessionId?: string },
): Promise<string[]> {
  const rows = await trx
    .updateTable('sessions')
    .set({ revoked_at: new Date() })
    .where('revoked_at', 'is', null)
    .$if('sessionId' in which, (qb) => qb.where('id', '=', (which as { sessionId: string }).sessionId))
    .$if('userId' in which, (qb) => {
      const { userId, exceptSessionId } = which as { userId: string; exceptSessionId?: string };
      const live = qb.where('user_id', '=', userId).where('expires_at', '>', new Date());
      return exceptSessionId ? live.where('id', '!=', exceptSessionId) : live;
    })
    .returning('id')
    .execute();
  const ids = rows.map((row) => row.id);
  if (ids.length) await announceSessionsEnded(trx, ids);
  return ids;
}

export async function membershipsOf(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select(['memberships.organization_id', 'memberships.role', 'organizations.path'])
    .where('memberships.user_id', '=', userId)
    .orderBy('organizations.path')
    .orderBy('memberships.role')
    .execute();
  return rows.map((row) => ({
    organizationId: row.organization_id,
    role: row.role,
    ancestorIds: row.path.slice(0, -1),
  }));
}

/**
 * Inside the caller's transaction: announces at commit that the user's live
 * sessions must drop their subscriptions, without signing them out. A
 * subscription keeps the rights its session had when it started; after a role
 * is revoked the client reconnects and gets the rights left.
 */
export async function closeSubscriptionsOf(trx: Db, userId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .execute();
  const ids = rows.map((row) => row.id);
  if (ids.length) await announceSessionsEnded(trx, ids);
  return ids;
}
