import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseMutation, openCaseAs, organizationIds } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';

const HISTORY = `query ($r: String!) { case(reference: $r) {
  events { edges { node { type actor { email } actorRole organization { code } } } }
} }`;

type History = {
  case: {
    events: {
      edges: {
        node: {
          type: string;
          actor: { email: string } | null;
          actorRole: string | null;
          organization: { code: string } | null;
        };
      }[];
    };
  } | null;
};

describe.each(ENGINES)('staff names in a shared case history on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(engine);
  });
  afterAll(() => hub?.close());

  it('a dealer that receives a sibling’s case sees who acted as organization and role, not the sibling’s staff', async () => {
    // given a case opened by Madrid's agent, then transferred by Spain to Barcelona
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const ids = await organizationIds(hub);
    const moved = await caseMutation(hub, await hub.login('es.agent@demo.test'), 'transferCase', {
      caseId: opened.id,
      toOrganizationId: ids.get('ES-BCN'),
      reason: 'Closer to the customer',
    });
    expect(moved.__typename).toBe('TransferCasePayload');
    // when Barcelona and Spain read its history
    const read = async (email: string) =>
      (await hub.gql<History>(HISTORY, { r: opened.reference }, await hub.login(email))).data?.case;
    const barcelona = await read('bcn.agent@demo.test');
    const spain = await read('es.agent@demo.test');
    // then Barcelona sees "AGENT at ES-MAD" for the opening, without Madrid's agent's name or e-mail
    const openedBy = (view: typeof barcelona) => view?.events.edges.find((e) => e.node.type === 'OPENED')?.node;
    expect(openedBy(barcelona)).toEqual({
      type: 'OPENED',
      actor: null,
      actorRole: 'AGENT',
      organization: { code: 'ES-MAD' },
    });
    // and the country, whose directory includes Madrid, sees the person
    expect(openedBy(spain)?.actor).toEqual({ email: 'mad.agent@demo.test' });
    // and the transfer is shown with Spain's agent only to those who may see Spain's staff
    const transferBy = (view: typeof barcelona) => view?.events.edges.find((e) => e.node.type === 'TRANSFERRED')?.node;
    expect(transferBy(barcelona)).toMatchObject({ actor: null, actorRole: 'AGENT', organization: { code: 'ES' } });
    expect(transferBy(spain)?.actor).toEqual({ email: 'es.agent@demo.test' });
  });
});
