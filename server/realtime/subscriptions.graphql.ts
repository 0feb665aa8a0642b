import { decodeGlobalID } from '@pothos/plugin-relay';
import { Repeater } from 'graphql-yoga';
import { rulesKey } from '../auth/ability.js';
import { CaseEventRef, CaseRef } from '../cases/case.graphql.js';
import { readableCaseByReference, readableCasesByIds, readableEventsAfter } from '../cases/case-queries.js';
import type { CaseEventRow, CaseRow } from '../db/schema.js';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { ValidationError } from '../graphql/errors.js';
import { decodeIdOrNull } from '../graphql/ids.js';
import { logger } from '../http/logger.js';
import type { CaseEventNotice } from './event-bus.js';
import { markStreamPosition } from './sse-event-ids.js';
import { storableString } from '../graphql/storable-string.js';

const REPLAY_PAGE = 200;
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Subscribers whose CASL rules are identical see identical rows, so when an
 * event wakes many of them at once, each distinct scope reads once.
 */
const inFlightReads = new Map<string, Promise<unknown>>();
function readOncePerScope<T>(context: Context, key: string, read: () => Promise<T>): Promise<T> {
  const scopedKey = `${rulesKey(context.ability)}|${key}`;
  const running = inFlightReads.get(scopedKey) as Promise<T> | undefined;
  if (running) return running;
  const reading = read().finally(() => inFlightReads.delete(scopedKey));
  inFlightReads.set(scopedKey, reading);
  return reading;
}

/**
 * A subscriber outlives a database outage: a read that fails is retried with
 * backoff from the same position, so the stream resumes without a gap. Null
 * once the subscriber has gone.
 */
async function readRetrying<T>(
  context: Context,
  key: string,
  read: () => Promise<T>,
  isOver: () => boolean,
): Promise<T | null> {
  for (let delayMs = 250; !isOver(); delayMs = Math.min(delayMs * 2, 5_000)) {
    try {
      return await readOncePerScope(context, key, read);
    } catch (err) {
      logger.warn({ err, retryInMs: delayMs }, 'a subscription could not read its events; retrying');
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  return null;
}

/**
 * A stream that ends when the subscriber leaves, or when their session ends
 * (sign-out or revocation on any process, or expiry): they are disconnected.
 * `run` gets `wait()`, which resolves at the next batch of events or at the
 * end, and `isOver()`.
 */
function sessionStream<T>(
  context: Context,
  run: (push: (value: T) => Promise<unknown>, wait: () => Promise<void>, isOver: () => boolean) => Promise<void>,
  wants: (notices: CaseEventNotice[]) => boolean = () => true,
): Repeater<T> {
  return new Repeater<T>(async (push, stop) => {
    const viewer = context.viewer;
    if (!viewer) return stop();
    let over = false;
    let wake = () => {};
    let pending = false;
    const end = () => {
      over = true;
      wake();
      stop();
    };
    const unwatch = context.events.watchSession(viewer.sessionId, end);
    const expiry = setTimeout(end, Math.min(viewer.sessionExpiresAt.getTime() - Date.now(), LONGEST_TIMER_MS));
    const unsubscribe = context.events.subscribe((notices) => {
      if (!wants(notices)) return;
      pending = true;
      wake();
    });
    void stop.then(() => {
      over = true;
      wake();
    });
    const wait = async () => {
      if (!pending && !over) await new Promise<void>((resolve) => (wake = resolve));
      pending = false;
    };
    try {
      await run(push, wait, () => over);
    } finally {
      unsubscribe();
      unwatch();
      clearTimeout(expiry);
      stop();
    }
  });
}

/** The case after each change, re-read with the subscriber's ability: a case that leaves their sight stops flowing. */
function caseUpdates(context: Context, reference: string): Repeater<CaseRow> {
  let caseId: string | null = null;
  let lastSeenEvent = 0;
  return sessionStream<CaseRow>(
    context,
    async (push, wait, isOver) => {
      const initial = await readableCaseByReference(context, reference);
      // A reference the viewer may not see yields nothing, exactly like an unknown one.
      if (!initial) return;
      caseId = initial.id;
      let version = initial.version;
      for (;;) {
        await wait();
        if (isOver()) return;
        const rows = await readRetrying(
          context,
          `case:${initial.id}:${lastSeenEvent}`,
          () => readableCasesByIds(context, [initial.id]),
          isOver,
        );
        const row = rows?.[0];
        if (row && row.version > version) {
          version = row.version;
          await push(row);
        }
      }
    },
    (notices) => {
      if (caseId === null) return true; // still reading the case: look again once it is known
      const mine = notices.findLast((notice) => notice.caseId === caseId);
      if (mine) lastSeenEvent = mine.eventId;
      return mine !== undefined;
    },
  );
}

/**
 * Events in commit order from `after` (or from now), replay and live alike:
 * ids are gapless and commit-ordered, so reading `id > cursor` never skips one
 * and never repeats one.
 */
function caseEventStream(
  context: Context,
  organizationId: string | null,
  after: number | null,
): Repeater<CaseEventRow> {
  return sessionStream<CaseEventRow>(context, async (push, wait, isOver) => {
    let cursor = after ?? context.events.head;
    for (;;) {
      const upTo = context.events.head;
      while (cursor < upTo && !isOver()) {
        const from = cursor;
        const page = await readRetrying(
          context,
          `events:${organizationId}:${from}:${upTo}`,
          () => readableEventsAfter(context, { after: from, upTo, organizationId, limit: REPLAY_PAGE }),
          isOver,
        );
        if (!page) return;
        for (const event of page) {
          markStreamPosition(event, event.id);
          await push(event);
        }
        const last = page.at(-1);
        cursor = page.length === REPLAY_PAGE && last ? last.id : upTo;
      }
      if (isOver()) return;
      await wait();
      if (isOver()) return;
    }
  });
}

/** `after` as a CaseEvent id, or the SSE reconnection header carrying the same. */
function resumePoint(context: Context, after: string | null | undefined): number | null {
  const given = after ?? context.request.headers.get('last-event-id');
  if (!given) return null;
  try {
    const { typename, id } = decodeGlobalID(given);
    const eventId = Number(id);
    if (typename === 'CaseEvent' && Number.isSafeInteger(eventId) && eventId >= 0) return eventId;
  } catch {
    // reported below
  }
  throw ValidationError.field('after', 'Not the id of a case event');
}

builder.subscriptionType({
  fields: (t) => ({
    caseUpdated: t.field({
      type: CaseRef,
      description:
        'The case after each change from now on, as the viewer may see it. A reference the viewer may not see yields nothing. Ends when the session ends.',
      authScopes: { loggedIn: true },
      args: { reference: t.arg.string({ validate: storableString().max(64) }) },
      subscribe: (_root, args, context) => caseUpdates(context, args.reference),
      resolve: (row) => row,
    }),
    caseEvents: t.field({
      type: CaseEventRef,
      description:
        'Every new event on cases the viewer may see (in that organization’s subtree, when given), in commit order, the same on every process. With `after` (or the SSE `Last-Event-ID`), first every event after that one. Ends when the session ends.',
      authScopes: { loggedIn: true },
      args: {
        organizationId: t.arg.id({ required: false }),
        after: t.arg.id({ required: false, description: 'A CaseEvent id: resume right after it.' }),
      },
      subscribe: (_root, args, context) =>
        caseEventStream(
          context,
          args.organizationId
            ? (decodeIdOrNull(String(args.organizationId), 'Organization') ?? '00000000-0000-0000-0000-000000000000')
            : null,
          resumePoint(context, args.after === null || args.after === undefined ? null : String(args.after)),
        ),
      resolve: (event) => event,
    }),
  }),
});
