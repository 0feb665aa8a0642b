import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Database } from '../../server/db/database.js';
import { freshDatabase } from '../support/hub.js';
import { gqlAt, loginAt, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { subscribe, type Subscription } from '../support/sse.js';

const CASE_EVENTS = 'subscription ($after: ID) { caseEvents(after: $after) { id type body case { id } } }';
type EventData = { data: { caseEvents: { id: string; type: string; body: string | null; case: { id: string } } } };

async function openCase(server: ServerProcess, token: string, name: string): Promise<string> {
  const data = await gqlAt<{ openCase: { case: { id: string } } }>(
    server,
    'mutation ($input: OpenCaseInput!) { openCase(input: $input) { ... on OpenCasePayload { case { id } } } }',
    { input: { channel: 'PHONE', customer: { name }, subject: 'Paint defect', description: 'Bubbles on the bonnet.' } },
    token,
  );
  return data.openCase.case.id;
}

async function addNote(server: ServerProcess, token: string, caseId: string, body: string): Promise<string> {
  const data = await gqlAt<{ addCaseNote: { event: { id: string } } }>(
    server,
    'mutation ($input: AddCaseNoteInput!) { addCaseNote(input: $input) { ... on AddCaseNotePayload { event { id } } } }',
    { input: { caseId, body, visibility: 'INTERNAL' } },
    token,
  );
  return data.addCaseNote.event.id;
}

/** Reads messages until `count` arrived or the stream stayed quiet for `quietMs`. */
async function collect(subscription: Subscription, count: number, quietMs = 5000): Promise<EventData[]> {
  const messages: EventData[] = [];
  while (messages.length < count) {
    const message = await subscription.next(quietMs);
    if (!message) break;
    messages.push(message.data as EventData);
  }
  return messages;
}

const eventNumber = (id: string) => Number(Buffer.from(id, 'base64').toString().split(':')[1]);

// Two real processes need a real PostgreSQL; embedded PGlite is one process by design.
describe.skipIf(!process.env.TEST_DATABASE_URL)('real-time across two server processes on PostgreSQL', () => {
  let database: Database;
  let a: ServerProcess;
  let b: ServerProcess;
  const streams: Subscription[] = [];
  beforeAll(async () => {
    database = await freshDatabase('postgres');
    const url = database.pool?.options.connectionString ?? '';
    a = await startServerProcess(url); // migrates and seeds first
    b = await startServerProcess(url);
  }, 120_000);
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.close();
  });

  it('500 events written concurrently through both processes reach a subscriber on B complete, once, in commit order; a crash of B loses nothing', async () => {
    // given a country screen and a sibling dealer's screen, both connected to B
    const [madOnA, madOnB, esOnB, bcnOnB] = await Promise.all([
      loginAt(a, 'mad.agent@demo.test'),
      loginAt(b, 'mad.agent@demo.test'),
      loginAt(b, 'es.agent@demo.test'),
      loginAt(b, 'bcn.agent@demo.test'),
    ]);
    const head = await database.db.selectFrom('case_event_log_head').select('last_event_id').executeTakeFirstOrThrow();
    const start = encodeGlobalID('CaseEvent', head.last_event_id);
    const listen = (server: ServerProcess, token: string, lastEventId: string) =>
      subscribe(fetch, `${server.url}/graphql`, { token, query: CASE_EVENTS, lastEventId }).then((s) => {
        streams.push(s);
        return s;
      });
    const country = await listen(b, esOnB, start);
    const sibling = await listen(b, bcnOnB, start);

    // when 20 writers, 10 per process, each open a Madrid case and add 24 notes to it in sequence
    const writers = Array.from({ length: 20 }, (_, writer) => ({
      server: writer % 2 ? b : a,
      token: writer % 2 ? madOnB : madOnA,
    }));
    const written = await Promise.all(
      writers.map(async ({ server, token }, writer) => {
        const caseId = await openCase(server, token, `Customer ${writer}`);
        const notes = [];
        for (let n = 0; n < 24; n++) notes.push(await addNote(server, token, caseId, String(n)));
        return { caseId, notes };
      }),
    );

    // then B's subscriber receives all 500 events (20 openings + 480 notes), each once, in ascending commit order
    const received = await collect(country, 500);
    const ids = received.map((m) => m.data.caseEvents.id);
    expect(ids.length).toBe(500);
    expect(new Set(ids).size).toBe(500);
    expect(ids.map(eventNumber)).toEqual(ids.map(eventNumber).toSorted((x, y) => x - y));
    const openings = received.filter((m) => m.data.caseEvents.type === 'OPENED').map((m) => m.data.caseEvents.case.id);
    expect(openings.toSorted()).toEqual(written.map((w) => w.caseId).toSorted());
    const notes = received.filter((m) => m.data.caseEvents.type === 'NOTE_ADDED').map((m) => m.data.caseEvents.id);
    expect(notes.toSorted()).toEqual(written.flatMap((w) => w.notes).toSorted());
    // and every case's notes arrive in the order its writer committed them
    for (const { caseId } of written) {
      const bodies = received
        .filter((m) => m.data.caseEvents.case.id === caseId && m.data.caseEvents.type === 'NOTE_ADDED')
        .map((m) => Number(m.data.caseEvents.body));
      expect(bodies).toEqual(Array.from({ length: 24 }, (_, n) => n));
    }
    // and the sibling dealer heard nothing about Madrid's cases
    expect(await sibling.next(300)).toBeNull();

    // when B crashes, A keeps taking notes, and B comes back on the same port
    const lastSeen = ids.at(-1) ?? start;
    await b.kill();
    expect(await country.ended(5000)).toBe(true);
    const [first] = written;
    const missed = [];
    for (let n = 0; n < 10; n++) missed.push(await addNote(a, madOnA, first?.caseId ?? '', `while B was down ${n}`));
    b = await startServerProcess(database.pool?.options.connectionString ?? '', b.port);

    // then the screen, reconnecting with its last event id, gets exactly the missed events, then live ones
    const resumed = await listen(b, esOnB, lastSeen);
    expect((await collect(resumed, 10)).map((m) => m.data.caseEvents.id)).toEqual(missed);
    const live = await addNote(a, madOnA, first?.caseId ?? '', 'after the restart');
    expect((await resumed.next(2000))?.id).toBe(live);
    expect(await resumed.next(300)).toBeNull();
  }, 120_000);
});
