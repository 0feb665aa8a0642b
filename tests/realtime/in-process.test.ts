import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseMutation, openCaseAs } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';
import { subscribe as subscribeWith, type Subscription } from '../support/sse.js';

const CASE_UPDATED = 'subscription ($r: String!) { caseUpdated(reference: $r) { reference status version } }';
const CASE_EVENTS = 'subscription ($after: ID) { caseEvents(after: $after) { id type case { reference } } }';

type EventMessage = { caseEvents: { id: string; type: string; case: { reference: string } } };

describe.each(ENGINES)('real-time in one process on %s', (engine) => {
  let hub: TestHub;
  const open: Subscription[] = [];
  beforeAll(async () => {
    hub = await startHub(engine);
  });
  afterAll(async () => {
    open.forEach((s) => s.close());
    await hub?.close();
  });

  async function subscribe(
    email: string,
    query: string,
    variables: Record<string, unknown> = {},
    lastEventId?: string,
  ) {
    const subscription = await subscribeWith(
      (url, init) => Promise.resolve(hub.hub.fetch(url, init)),
      'http://hub.test/graphql',
      { token: await hub.login(email), query, variables, ...(lastEventId ? { lastEventId } : {}) },
    );
    open.push(subscription);
    return subscription;
  }

  /** Live subscriptions start "from now": give the stream a moment to attach before the change. */
  const attached = () => new Promise((resolve) => setTimeout(resolve, 100));

  async function addNote(email: string, caseId: string, body: string): Promise<string> {
    const result = await hub.gql<{ addCaseNote: { event?: { id: string } } }>(
      'mutation ($input: AddCaseNoteInput!) { addCaseNote(input: $input) { ... on AddCaseNotePayload { event { id } } } }',
      { input: { caseId, body, visibility: 'INTERNAL' } },
      await hub.login(email),
    );
    const id = result.data?.addCaseNote.event?.id;
    if (!id) throw new Error(JSON.stringify(result));
    return id;
  }

  it('a change reaches the dealer’s and the country’s screens within a second; the sibling dealer hears nothing', async () => {
    // given a Madrid case watched by Madrid, Spain, and (trying) Barcelona
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const dealer = await subscribe('mad.agent@demo.test', CASE_UPDATED, { r: opened.reference });
    const country = await subscribe('es.agent@demo.test', CASE_EVENTS);
    const sibling = await subscribe('bcn.agent@demo.test', CASE_UPDATED, { r: opened.reference });
    const siblingFeed = await subscribe('bcn.agent@demo.test', CASE_EVENTS);
    await attached();
    // when the country moves it to OPEN
    await caseMutation(hub, await hub.login('es.agent@demo.test'), 'changeCaseStatus', {
      caseId: opened.id,
      status: 'OPEN',
    });
    // then both screens see the new status within a second
    expect((await dealer.next(1000))?.data).toEqual({
      data: { caseUpdated: { reference: opened.reference, status: 'OPEN', version: opened.version + 1 } },
    });
    const event = await country.next(1000);
    expect(event?.data).toMatchObject({
      data: { caseEvents: { type: 'STATUS_CHANGED', case: { reference: opened.reference } } },
    });
    // and the SSE id is the event's id, for reconnecting
    expect(event?.id).toBe((event?.data.data as EventMessage).caseEvents.id);
    expect(await sibling.next(300)).toBeNull();
    expect(await siblingFeed.next(300)).toBeNull();
  });

  it('a change that is rolled back is never sent', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const watcher = await subscribe('mad.agent@demo.test', CASE_UPDATED, { r: opened.reference });
    await attached();
    const refused = await caseMutation(hub, await hub.login('mad.agent@demo.test'), 'changeCaseStatus', {
      caseId: opened.id,
      status: 'CLOSED',
    });
    expect(refused.__typename).toBe('InvalidTransitionError');
    expect(await watcher.next(300)).toBeNull();
  });

  it('a country screen that reconnects gets every event it missed, in order, once, then the live stream', async () => {
    // given a country screen that saw a note on a Madrid case, then lost its connection
    const madCase = await openCaseAs(hub, 'mad.agent@demo.test');
    const bcnCase = await openCaseAs(hub, 'bcn.agent@demo.test');
    const seen = await addNote('mad.agent@demo.test', madCase.id, 'seen before the cut');
    // when three more notes land meanwhile (one on a case Barcelona's agent cannot see)
    const missed = [
      await addNote('mad.agent@demo.test', madCase.id, 'missed 1'),
      await addNote('bcn.agent@demo.test', bcnCase.id, 'missed 2'),
      await addNote('mad.agent@demo.test', madCase.id, 'missed 3'),
    ];
    // then resuming after the last seen id replays exactly the missed ones, in commit order
    const resumed = await subscribe('es.agent@demo.test', CASE_EVENTS, { after: seen });
    const replayed = [];
    for (let i = 0; i < 3; i++) replayed.push((await resumed.next(1000))?.id);
    expect(replayed).toEqual(missed);
    expect(await resumed.next(200)).toBeNull();
    // and the live stream follows without a gap
    const live = await addNote('mad.agent@demo.test', madCase.id, 'after the reconnection');
    expect((await resumed.next(1000))?.id).toBe(live);
    // and the browser's own reconnection header works the same, scoped to the viewer
    const viaHeader = await subscribe('bcn.agent@demo.test', CASE_EVENTS, {}, seen);
    expect((await viaHeader.next(1000))?.id).toBe(missed[1]);
    expect(await viaHeader.next(200)).toBeNull();
  });

  it('concurrent writers: a subscriber receives every event once, in the order they committed', async () => {
    // given four cases and a country screen resuming from before the burst
    const caseIds = (await Promise.all([1, 2, 3, 4].map(() => openCaseAs(hub, 'mad.agent@demo.test')))).map(
      (c) => c.id,
    );
    const caseFor = (i: number) => caseIds[i % caseIds.length] ?? '';
    const before = await addNote('mad.agent@demo.test', caseFor(0), 'before the burst');
    // when 40 notes are written concurrently
    const written = await Promise.all(
      Array.from({ length: 40 }, (_, i) => addNote('mad.agent@demo.test', caseFor(i), `burst ${i}`)),
    );
    // then the subscriber gets exactly those 40, in ascending (commit) order, without duplicates
    const screen = await subscribe('es.agent@demo.test', CASE_EVENTS, { after: before });
    const received: string[] = [];
    for (;;) {
      const message = await screen.next(500);
      if (!message?.id) break;
      received.push(message.id);
    }
    const numeric = (id: string) => Number(Buffer.from(id, 'base64').toString().split(':')[1]);
    expect(received.toSorted()).toEqual(written.toSorted());
    expect(received.map(numeric)).toEqual(received.map(numeric).toSorted((a, b) => a - b));
  });

  it('signing out closes the session’s subscriptions; other sessions keep theirs', async () => {
    // given the same agent watching from two sessions
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const token = await hub.login('mad.agent@demo.test', undefined, { fresh: true });
    const leaving = await subscribeWith(
      (url, init) => Promise.resolve(hub.hub.fetch(url, init)),
      'http://hub.test/graphql',
      { token, query: CASE_UPDATED, variables: { r: opened.reference } },
    );
    open.push(leaving);
    const staying = await subscribe('mad.agent@demo.test', CASE_UPDATED, { r: opened.reference });
    await attached();
    // when one session signs out
    expect((await hub.gql('mutation { logout }', {}, token)).data).toEqual({ logout: true });
    // then its stream ends, and the other one still hears changes
    expect(await leaving.ended(1000)).toBe(true);
    await addNote('mad.agent@demo.test', opened.id, 'still watched');
    expect((await staying.next(1000))?.data).toMatchObject({ data: { caseUpdated: { reference: opened.reference } } });
  });

  it('a resume point that is not a case event id is refused with a clear error', async () => {
    const result = await hub.gql(CASE_EVENTS, { after: 'not-an-id' }, await hub.login('es.agent@demo.test'));
    expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  });
});

describe('a subscription whose session expires', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub('pglite', { config: { sessionTtlHours: 6 / 3600 } });
  });
  afterAll(() => hub?.close());

  it('is disconnected when the session runs out', async () => {
    // given a six-second session watching the country's events, alive at first
    const token = await hub.login('es.agent@demo.test');
    const watcher = await subscribeWith(
      (url, init) => Promise.resolve(hub.hub.fetch(url, init)),
      'http://hub.test/graphql',
      { token, query: CASE_EVENTS },
    );
    expect(await watcher.ended(1000)).toBe(false);
    // when the session expires, then the stream ends (the screen must sign in again)
    expect(await watcher.ended(15_000)).toBe(true);
  });
});
