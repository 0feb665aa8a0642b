import type { Db } from '../db/database.js';
import type { CaseEventBus } from '../realtime/event-bus.js';
import { hashToken, viewerForToken, type Viewer } from './sessions.js';

/**
 * The viewer behind each bearer token, kept in memory for a few seconds so
 * that a client's burst of requests reads its session and memberships once.
 *
 * Ending a session (sign-out, revocation, deactivation, a role granted or
 * revoked, a password change) is announced to every process at commit
 * (NOTIFY hub_sessions_ended, see the event bus) and drops its entry at once;
 * while this process cannot hear those notices (its listening connection is
 * down) nothing is cached. A read that was under way when a session ended is
 * not kept. What no notice announces (a rename, a move of the user's
 * organization in the tree) shows after at most `ttlMs`.
 */
export interface SessionCache {
  viewerFor(token: string): Promise<Viewer | null>;
  close(): void;
}

interface Entry {
  viewer: Viewer;
  until: number;
}

export function createSessionCache(
  db: Db,
  events: CaseEventBus,
  options: { ttlMs: number; maxEntries?: number },
): SessionCache {
  const maxEntries = options.maxEntries ?? 10_000;
  const byTokenHash = new Map<string, Entry>();
  const tokenHashBySession = new Map<string, string>();
  /** Moves on at every ending heard: a read that started before it must not be kept. */
  let generation = 0;

  const forget = (sessionId: string) => {
    const key = tokenHashBySession.get(sessionId);
    tokenHashBySession.delete(sessionId);
    if (key) byTokenHash.delete(key);
  };
  const unsubscribe = events.onSessionsEnded((ended) => {
    generation += 1;
    if (ended === 'unheard') {
      byTokenHash.clear();
      tokenHashBySession.clear();
    } else ended.forEach(forget);
  });

  return {
    async viewerFor(token) {
      if (options.ttlMs <= 0) return viewerForToken(db, token);
      const key = hashToken(token);
      const now = Date.now();
      const cached = byTokenHash.get(key);
      if (cached && cached.until > now && events.hearsSessionEnds) return cached.viewer;
      if (cached) forget(cached.viewer.sessionId);
      const readAt = generation;
      const viewer = await viewerForToken(db, token);
      if (viewer && readAt === generation && events.hearsSessionEnds) {
        if (byTokenHash.size >= maxEntries) {
          byTokenHash.clear();
          tokenHashBySession.clear();
        }
        byTokenHash.set(key, { viewer, until: Math.min(now + options.ttlMs, viewer.sessionExpiresAt.getTime()) });
        tokenHashBySession.set(viewer.sessionId, key);
      }
      return viewer;
    },
    close: unsubscribe,
  };
}
