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
  const revoked = await deps.db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    const ids = rows.map((row) => row.id);
    if (ids.length) await announceSessionsEnded(trx, ids);
    return ids;
  });
  deps.events.sessionsEnded(revoked);
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
