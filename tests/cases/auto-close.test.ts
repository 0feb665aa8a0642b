import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeQuietResolvedCases } from '../../server/cases/auto-close.js';
import { caseByReference, caseMutation, openCaseAs } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';

describe.each(ENGINES)('resolved cases closing by themselves on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(engine);
  });
  afterAll(() => hub?.close());

  it('closes a resolved case after a quiet week, but not one resolved yesterday or still open', async () => {
    // given three cases: resolved and quiet, resolved recently, open and quiet
    const mad = await hub.login('mad.agent@demo.test');
    const quiet = await openCaseAs(hub, 'mad.agent@demo.test');
    const recent = await openCaseAs(hub, 'mad.agent@demo.test');
    const open = await openCaseAs(hub, 'mad.agent@demo.test');
    await caseMutation(hub, mad, 'changeCaseStatus', { caseId: quiet.id, status: 'RESOLVED' });
    await caseMutation(hub, mad, 'changeCaseStatus', { caseId: recent.id, status: 'RESOLVED' });
    // when the check runs eight days after the first resolution (and one day after the second)
    const inEightDays = new Date(Date.now() + 8 * 86_400_000);
    await hub.database.db
      .updateTable('cases')
      .set({ updated_at: new Date(inEightDays.getTime() - 86_400_000) })
      .where('reference', '=', recent.reference)
      .execute();
    const closed = await closeQuietResolvedCases({ db: hub.database.db, events: hub.events }, inEightDays, 7);
    // then only the quiet resolved case is CLOSED, with its event, and the customer can still rate it
    expect(closed).toBe(1);
    expect((await caseByReference(hub, 'mad.agent@demo.test', quiet.reference))?.status).toBe('CLOSED');
    expect((await caseByReference(hub, 'mad.agent@demo.test', recent.reference))?.status).toBe('RESOLVED');
    expect((await caseByReference(hub, 'mad.agent@demo.test', open.reference))?.status).toBe('NEW');
    const rated = await hub.gql('mutation ($input: RateCaseInput!) { rateCase(input: $input) { rating } }', {
      input: { reference: quiet.reference, accessCode: quiet.accessCode, score: 3 },
    });
    expect(rated.data).toEqual({ rateCase: { rating: 3 } });
  });
});
