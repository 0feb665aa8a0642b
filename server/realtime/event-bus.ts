import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../db/database.js';
import { logger } from '../http/logger.js';

/** NOTIFY channels; payloads carry ids only (PostgreSQL caps them at 8000 bytes). */
const CASE_EVENTS_CHANNEL = 'hub_case_events';
const SESSIONS_ENDED_CHANNEL = 'hub_sessions_ended';
const SESSION_IDS_PER_NOTICE = 200; // 200 uuids and commas stay far below 8000 bytes
const LOG_PAGE = 1000;

/** One event read from the log: ids only; subscribers read the rest, scoped. */
export interface CaseEventNotice {
  eventId: number;
  caseId: string;
}

/**
 * This process's view of the case event log. Event ids are the commit order
 * and have no gaps (see `appendEvents`), so the bus keeps one cursor, `head`,
 * and reads `id > head` whenever it learns the log grew: from the write path on
 * this process right after a commit, or from a NOTIFY sent by any process.
 */
export interface CaseEventBus {
  /** The last event id this process has read from the log. */
  readonly head: number;
  /** The write path, after its commit: the log now reaches at least `lastEventId`. */
  committed(lastEventId: number): void;
  /** Sign-out and revocation, after their commit: these sessions have ended. */
  sessionsEnded(sessionIds: string[]): void;
  /** Called with each batch of new events, in log order. */
  subscribe(listener: (notices: CaseEventNotice[]) => void): () => void;
  /** Calls `onEnded` once if the session ends on any process; returns the unwatch function. */
  watchSession(sessionId: string, onEnded: () => void): () => void;
  /**
   * Every ending of sessions heard, on any process: their ids, or 'unheard'
   * when this process was not listening for a while (any session may have
   * ended meanwhile) and until it listens again. Returns the unsubscribe function.
   */
  onSessionsEnded(listener: (ended: string[] | 'unheard') => void): () => void;
  /** Whether an ending of a session on any process reaches this process now. */
  readonly hearsSessionEnds: boolean;
  close(): Promise<void>;
}

/** Inside the writing transaction: every listening process hears it at commit, and never on rollback. */
export async function announceCaseEvents(trx: Db, lastEventId: number): Promise<void> {
  await sql`select pg_notify(${CASE_EVENTS_CHANNEL}, ${String(lastEventId)})`.execute(trx);
}

/** Inside the transaction that revokes sessions, so that every process disconnects their subscribers. */
export async function announceSessionsEnded(trx: Db, sessionIds: string[]): Promise<void> {
  for (let i = 0; i < sessionIds.length; i += SESSION_IDS_PER_NOTICE) {
    const payload = sessionIds.slice(i, i + SESSION_IDS_PER_NOTICE).join(',');
    await sql`select pg_notify(${SESSIONS_ENDED_CHANNEL}, ${payload})`.execute(trx);
  }
}

export interface CaseEventBusOptions {
  /**
   * PostgreSQL: listen on a dedicated connection (not a pool's) so that events
   * committed by other processes arrive. Unset on embedded PGlite: one process.
   */
  listenUrl?: string | undefined;
}

/**
 * The bus is usable at once (the HTTP app needs it before migrations ran) and
 * hears events from `start()` on, which reads the log's head: call it once the
 * database is migrated.
 */
export function createCaseEventBus(
  db: Db,
  options: CaseEventBusOptions = {},
): CaseEventBus & { start(): Promise<void> } {
  let head = 0;
  let started = false;
  let closed = false;
  let listener: { close(): Promise<void> } | null = null;
  const listeners = new Set<(notices: CaseEventNotice[]) => void>();
  const sessionWatchers = new Map<string, Set<() => void>>();
  const sessionEndListeners = new Set<(ended: string[] | 'unheard') => void>();
  // Embedded PGlite is one process: every ending is reported here directly.
  let hearsSessionEnds = !options.listenUrl;

  let reading: Promise<void> | null = null;
  let readAgain = false;
  /** Reads every event after `head`; calls made meanwhile fold into one more pass. */
  function readNewEvents(): Promise<void> {
    if (!started || closed) return Promise.resolve();
    if (reading) {
      readAgain = true;
      return reading;
    }
    reading = (async () => {
      do {
        readAgain = false;
        for (;;) {
          const rows = await db
            .selectFrom('case_events')
            .select(['id', 'case_id'])
            .where('id', '>', head)
            .orderBy('id')
            .limit(LOG_PAGE)
            .execute();
          const last = rows.at(-1);
          if (!last || closed) break;
          head = last.id;
          const notices = rows.map((row) => ({ eventId: row.id, caseId: row.case_id }));
          for (const listener of listeners) listener(notices);
          if (rows.length < LOG_PAGE) break;
        }
      } while (readAgain && !closed);
    })()
      .catch((err: unknown) => logger.error({ err }, 'reading the case event log failed; retrying on the next event'))
      .finally(() => {
        reading = null;
      });
    return reading;
  }

  function endSessions(sessionIds: string[]) {
    for (const listener of sessionEndListeners) listener(sessionIds);
    for (const id of sessionIds) {
      const watchers = sessionWatchers.get(id);
      sessionWatchers.delete(id);
      watchers?.forEach((onEnded) => onEnded());
    }
  }

  /** After a gap in listening, sessions may have ended unheard: ask the database. */
  async function endSessionsEndedMeanwhile() {
    const watched = [...sessionWatchers.keys()];
    if (!watched.length) return;
    const live = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select('sessions.id')
      .where('sessions.id', 'in', watched)
      .where('sessions.revoked_at', 'is', null)
      .where('sessions.expires_at', '>', new Date())
      .where('users.active', '=', true)
      .execute();
    const liveIds = new Set(live.map((row) => row.id));
    endSessions(watched.filter((id) => !liveIds.has(id)));
  }

  return {
    get head() {
      return head;
    },
    async start() {
      const row = await db.selectFrom('case_event_log_head').select('last_event_id').executeTakeFirstOrThrow();
      head = row.last_event_id;
      started = true;
      if (!options.listenUrl) return;
      listener = await listenWithReconnect(options.listenUrl, [CASE_EVENTS_CHANNEL, SESSIONS_ENDED_CHANNEL], {
        onNotification(channel, payload) {
          if (channel === CASE_EVENTS_CHANNEL) void readNewEvents();
          else endSessions(payload.split(','));
        },
        onConnected() {
          hearsSessionEnds = true;
          for (const listener of sessionEndListeners) listener('unheard');
          void readNewEvents();
          endSessionsEndedMeanwhile().catch((err: unknown) =>
            logger.error({ err }, 'checking subscribers’ sessions after reconnecting failed'),
          );
        },
        onDisconnected() {
          hearsSessionEnds = false;
          for (const listener of sessionEndListeners) listener('unheard');
        },
        isClosed: () => closed,
      });
    },
    committed(lastEventId) {
      if (lastEventId > head) void readNewEvents();
    },
    sessionsEnded: endSessions,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get hearsSessionEnds() {
      return hearsSessionEnds;
    },
    onSessionsEnded(listener) {
      sessionEndListeners.add(listener);
      return () => sessionEndListeners.delete(listener);
    },
    watchSession(sessionId, onEnded) {
      const watchers = sessionWatchers.get(sessionId) ?? new Set();
      sessionWatchers.set(sessionId, watchers);
      watchers.add(onEnded);
      return () => {
        watchers.delete(onEnded);
        if (!watchers.size) sessionWatchers.delete(sessionId);
      };
    },
    async close() {
      closed = true;
      await listener?.close();
      await reading;
    },
  };
}

interface ListenHandlers {
  onNotification(channel: string, payload: string): void;
  /** After every (re)connection: what was committed while not listening went unheard. */
  onConnected(): void;
  /** The connection is lost: nothing is heard until `onConnected` again. */
  onDisconnected(): void;
  isClosed(): boolean;
}

/**
 * One dedicated LISTEN connection that reconnects by itself, with backoff.
 * Resolves once the first LISTEN is in place, so that a process reporting
 * ready hears every commit from then on.
 */
async function listenWithReconnect(
  url: string,
  channels: string[],
  handlers: ListenHandlers,
): Promise<{ close(): Promise<void> }> {
  let client: pg.Client | null = null;
  let listening: (() => void) | null = null;
  const firstListen = new Promise<void>((resolve) => (listening = resolve));

  async function listenUntilLost(): Promise<void> {
    const connection = new pg.Client({ connectionString: url, keepAlive: true });
    const lost = new Promise<void>((resolve) => {
      connection.once('end', resolve);
      // `on`, not `once`: a dying connection can report more than one error, and an unheard one crashes the process.
      connection.on('error', (err) => {
        if (!handlers.isClosed()) logger.warn({ err }, 'real-time listener connection lost');
        resolve();
      });
    });
    connection.on('notification', (message) => handlers.onNotification(message.channel, message.payload ?? ''));
    try {
      await connection.connect();
      await connection.query(channels.map((channel) => `listen ${channel};`).join(' '));
      client = connection;
      listening?.();
      listening = null;
      handlers.onConnected();
      await lost;
    } finally {
      if (client === connection) handlers.onDisconnected();
      client = null;
      connection.end().catch(() => undefined);
    }
  }

  void (async () => {
    let delayMs = 100;
    while (!handlers.isClosed()) {
      const startedAt = Date.now();
      await listenUntilLost().catch((err: unknown) => logger.warn({ err }, 'real-time listener could not connect'));
      if (handlers.isClosed()) break;
      if (Date.now() - startedAt > 10_000) delayMs = 100; // it was up for a while: retry soon
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, 5_000);
    }
  })();

  await firstListen;
  return {
    async close() {
      await client?.end().catch(() => undefined);
    },
  };
}
