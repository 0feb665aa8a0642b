import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseMutation, openCaseAs, organizationIds } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';
import { subscribe, type Subscription } from '../support/sse.js';

const STAFF = ['hq.admin', 'hq.quality', 'es.manager', 'es.agent', 'fr.agent', 'mad.agent', 'bcn.agent', 'par.agent'];
/** Cases in every branch, and one that moved across branches. */
const OPENERS = { mad: 'mad.agent', bcn: 'bcn.agent', par: 'par.agent', es: 'es.agent', madToBcn: 'mad.agent' };

describe.each(ENGINES)('subscriptions deliver only what each viewer may read, on %s', (engine) => {
  let hub: TestHub;
  const streams: Subscription[] = [];
  beforeAll(async () => {
    hub = await startHub(engine);
  });
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await hub?.close();
  });

  it('every member of staff hears of exactly the cases they may read, through both subscriptions', async () => {
    // given a case in each branch, and a Madrid case that Spain handed to Barcelona
    const cases = Object.fromEntries(
      await Promise.all(
        Object.entries(OPENERS).map(
          async ([key, opener]) => [key, await openCaseAs(hub, `${opener}@demo.test`)] as const,
        ),
      ),
    );
    const ids = await organizationIds(hub);
    const handed = await caseMutation(hub, await hub.login('es.agent@demo.test'), 'transferCase', {
      caseId: cases.madToBcn?.id,
      toOrganizationId: ids.get('ES-BCN'),
      reason: 'Closer to the customer',
    });
    expect(handed.__typename).toBe('TransferCasePayload');
    const head = await hub.database.db
      .selectFrom('case_event_log_head')
      .select('last_event_id')
      .executeTakeFirstOrThrow();
    // and every member of staff watching the event feed and each case
    const watchers = await Promise.all(
      STAFF.map(async (name) => {
        const token = await hub.login(`${name}@demo.test`);
        const open = (query: string, variables: Record<string, unknown>) =>
          subscribe((url, init) => Promise.resolve(hub.hub.fetch(url, init)), 'http://hub.test/graphql', {
            token,
            query,
            variables,
          }).then((s) => (streams.push(s), s));
        const feed = await open('subscription ($after: ID) { caseEvents(after: $after) { case { reference } } }', {
          after: encodeGlobalID('CaseEvent', head.last_event_id),
        });
        const perCase = await Promise.all(
          Object.values(cases).map(async (c) => ({
            reference: c.reference,
            stream: await open('subscription ($r: String!) { caseUpdated(reference: $r) { reference } }', {
              r: c.reference,
            }),
          })),
        );
        return { name, token, feed, perCase };
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000)); // caseUpdated is live-only: let it attach
    // when each case gets a note from its opener
    for (const [key, opener] of Object.entries(OPENERS)) {
      const target = key === 'madToBcn' ? 'bcn.agent' : opener;
      const noted = await caseMutation(hub, await hub.login(`${target}@demo.test`), 'addCaseNote', {
        caseId: cases[key]?.id,
        body: 'Checked',
        visibility: 'INTERNAL',
      });
      expect(noted.__typename).toBe('AddCaseNotePayload');
    }
    // then each viewer heard of exactly the cases that `case(reference)` shows them
    for (const watcher of watchers) {
      const readable = new Set<string>();
      for (const c of Object.values(cases)) {
        const read = await hub.gql<{ case: { reference: string } | null }>(
          'query ($r: String!) { case(reference: $r) { reference } }',
          { r: c.reference },
          watcher.token,
        );
        if (read.data?.case) readable.add(c.reference);
      }
      const heard = new Set<string>();
      for (let message = await watcher.feed.next(1000); message; message = await watcher.feed.next(300)) {
        heard.add(
          (message.data as { data: { caseEvents: { case: { reference: string } } } }).data.caseEvents.case.reference,
        );
      }
      const updated = new Set<string>();
      for (const { reference, stream } of watcher.perCase) if (await stream.next(300)) updated.add(reference);
      expect({ who: watcher.name, heard: [...heard].sort() }).toEqual({
        who: watcher.name,
        heard: [...readable].sort(),
      });
      expect({ who: watcher.name, updated: [...updated].sort() }).toEqual({
        who: watcher.name,
        updated: [...readable].sort(),
      });
    }
  }, 120_000);
});
