import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseMutation, openCaseAs } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';

interface Subscription {
  /** The next event's data within `ms`, or null when none arrived. */
  next(ms: number): Promise<Record<string, unknown> | null>;
  close(): void;
}

/** Opens a GraphQL-over-SSE subscription through the hub, as the holder of `token`. */
async function subscribe(
  hub: TestHub,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<Subscription> {
  const abort = new AbortController();
  const response = await hub.hub.fetch('http://hub.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  if (!reader) throw new Error('no event stream');
  let buffer = '';
  const events: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data:'));
          if (block.startsWith('event: next') && data) {
            events.push(JSON.parse(data.slice(5)) as Record<string, unknown>);
            waiters.splice(0).forEach((wake) => wake());
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    async next(ms) {
      if (!events.length)
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, ms);
        });
      return events.shift() ?? null;
    },
    close: () => abort.abort(),
  };
}

const CASE_UPDATED = 'subscription ($r: String!) { caseUpdated(reference: $r) { reference status version } }';
const CASE_EVENTS = 'subscription { caseEvents { type case { reference } } }';

describe.each(ENGINES)('real-time in one process on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(engine);
  });
  afterAll(() => hub?.close());

  it('a change reaches the dealer’s and the country’s screens within a second; the sibling dealer hears nothing', async () => {
    // given a Madrid case watched by Madrid, Spain, and (trying) Barcelona
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const dealer = await subscribe(hub, await hub.login('mad.agent@demo.test'), CASE_UPDATED, { r: opened.reference });
    const country = await subscribe(hub, await hub.login('es.agent@demo.test'), CASE_EVENTS, {});
    const sibling = await subscribe(hub, await hub.login('bcn.agent@demo.test'), CASE_UPDATED, { r: opened.reference });
    const siblingFeed = await subscribe(hub, await hub.login('bcn.agent@demo.test'), CASE_EVENTS, {});
    await new Promise((r) => setTimeout(r, 100)); // let the subscriptions attach
    try {
      // when the country moves it to OPEN
      await caseMutation(hub, await hub.login('es.agent@demo.test'), 'changeCaseStatus', {
        caseId: opened.id,
        status: 'OPEN',
      });
      // then both screens see the new status within a second
      expect(await dealer.next(1000)).toEqual({
        data: { caseUpdated: { reference: opened.reference, status: 'OPEN', version: opened.version + 1 } },
      });
      expect(await country.next(1000)).toEqual({
        data: { caseEvents: { type: 'STATUS_CHANGED', case: { reference: opened.reference } } },
      });
      expect(await sibling.next(300)).toBeNull();
      expect(await siblingFeed.next(300)).toBeNull();
    } finally {
      [dealer, country, sibling, siblingFeed].forEach((s) => s.close());
    }
  });

  it('a change that is rolled back is never sent', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const mad = await hub.login('mad.agent@demo.test');
    const watcher = await subscribe(hub, mad, CASE_UPDATED, { r: opened.reference });
    await new Promise((r) => setTimeout(r, 100));
    try {
      const refused = await caseMutation(hub, mad, 'changeCaseStatus', { caseId: opened.id, status: 'CLOSED' });
      expect(refused.__typename).toBe('InvalidTransitionError');
      expect(await watcher.next(300)).toBeNull();
    } finally {
      watcher.close();
    }
  });
});
