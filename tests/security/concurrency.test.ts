import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseByReference, caseMutation, openCaseAs } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';

describe.each(ENGINES)('many clients changing one case at once on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(engine);
  });
  afterAll(() => hub?.close());

  it('1,000 conflicting updates lose none: the final version counts exactly the accepted ones, and every level reads the same', async () => {
    // given one Madrid case and 20 clients at the dealer and the country, each working from the version it last saw
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const tokens = [await hub.login('mad.agent@demo.test'), await hub.login('es.agent@demo.test')];
    let attempts = 0;
    const outcomes = { accepted: 0, conflicts: 0, invalidTransitions: 0 };
    // when they send 1,000 status changes between them (open <-> waiting on the customer), each with the version it saw
    await Promise.all(
      Array.from({ length: 20 }, async (_, client) => {
        let seen = { version: opened.version, status: opened.status };
        while (attempts < 1000) {
          attempts += 1;
          const result = await caseMutation(hub, tokens[client % 2], 'changeCaseStatus', {
            caseId: opened.id,
            status: seen.status === 'OPEN' ? 'WAITING_ON_CUSTOMER' : 'OPEN',
            expectedVersion: seen.version,
          });
          if (result.__typename === 'ConflictError') {
            outcomes.conflicts += 1;
            seen = { ...seen, version: result.currentVersion ?? seen.version };
          } else if (result.__typename === 'InvalidTransitionError') {
            outcomes.invalidTransitions += 1; // its idea of the status was stale: nothing changed
            seen = { ...seen, status: seen.status === 'OPEN' ? 'WAITING_ON_CUSTOMER' : 'OPEN' };
          } else {
            expect(result.__typename).toBe('ChangeCaseStatusPayload');
            outcomes.accepted += 1;
            seen = { version: result.case?.version ?? seen.version, status: result.case?.status ?? seen.status };
          }
        }
      }),
    );
    const { accepted, conflicts, invalidTransitions } = outcomes;
    // then every accepted change is one version, none was lost or applied twice
    expect(accepted + conflicts + invalidTransitions).toBe(1000);
    expect(accepted).toBeGreaterThan(20);
    const views = await Promise.all(
      ['mad.agent@demo.test', 'es.agent@demo.test', 'hq.quality@demo.test'].map((email) =>
        caseByReference(hub, email, opened.reference),
      ),
    );
    expect(views[0]?.version).toBe(opened.version + accepted);
    // and the dealer, the country and HQ read the very same state
    expect(new Set(views.map((v) => JSON.stringify(v))).size).toBe(1);
    const history = await hub.database.db
      .selectFrom('case_events')
      .innerJoin('cases', 'cases.id', 'case_events.case_id')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('cases.reference', '=', opened.reference)
      .executeTakeFirstOrThrow();
    expect(Number(history.count)).toBe(1 + accepted);
  }, 120_000);
});
