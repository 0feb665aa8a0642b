import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseByReference, caseMutation, openCaseAs, type CaseView } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';
import { addOrganization, adminMutation, adminOk, inviteAndLogIn } from './admin-support.js';

type Orgs = { organizations: { code: string }[] };

describe.each(ENGINES)('moving organizations on %s', (engine) => {
  let hub: TestHub;
  let ids: Map<string, string>;
  beforeAll(async () => {
    hub = await startHub(engine);
    await addOrganization(hub, { parent: 'ES', code: 'ES-GRP', name: 'Grupo Norte' });
    ids = await addOrganization(hub, { parent: 'ES-GRP', code: 'ES-GRP-1', name: 'Bilbao Centro' });
    await inviteAndLogIn(hub, 'hq.admin@demo.test', {
      email: 'grp1.agent@demo.test',
      organizationId: ids.get('ES-GRP-1') as string,
      role: 'AGENT',
    });
  });
  afterAll(() => hub?.close());

  const sees = async (email: string, reference: string) => (await caseByReference(hub, email, reference)) !== null;
  const codesSeenBy = async (email: string) =>
    (await hub.gql<Orgs>('{ organizations { code } }', {}, await hub.login(email))).data?.organizations.map(
      (o) => o.code,
    );

  async function visibilityIsDerivedFromTheTree() {
    const organizations = await hub.database.db.selectFrom('organizations').select(['id', 'path']).execute();
    const paths = new Map(organizations.map((o) => [o.id, o.path]));
    const cases = await hub.database.db.selectFrom('cases').select(['reference', 'holder_ids', 'visible_to']).execute();
    return cases
      .filter((c) => {
        const expected = new Set(c.holder_ids.flatMap((h) => paths.get(h) ?? []));
        return expected.size !== new Set(c.visible_to).size || c.visible_to.some((id) => !expected.has(id));
      })
      .map((c) => c.reference);
  }

  it('a dealer group moved from Spain to France: France gains its cases, Spain keeps only those it held', async () => {
    // given three cases of the group's outlet: one never left it, one escalated to the group, one to Spain
    const stayed = await openCaseAs(hub, 'grp1.agent@demo.test', { subject: 'Stayed at the outlet' });
    const toGroup = await openCaseAs(hub, 'grp1.agent@demo.test', { subject: 'Escalated to the group' });
    const toSpain = await openCaseAs(hub, 'grp1.agent@demo.test', { subject: 'Escalated to Spain' });
    const grpAgent = await hub.login('grp1.agent@demo.test');
    await caseMutation(hub, grpAgent, 'escalateCase', { caseId: toGroup.id, reason: 'Group workshop' });
    await caseMutation(hub, grpAgent, 'escalateCase', {
      caseId: toSpain.id,
      reason: 'Country office',
      toOrganizationId: ids.get('ES'),
    });
    const madrid = await openCaseAs(hub, 'mad.agent@demo.test');
    for (const c of [stayed, toGroup, toSpain]) expect(await sees('es.agent@demo.test', c.reference)).toBe(true);

    // when headquarters moves the group below France
    const moved = await adminOk(hub, await hub.login('hq.admin@demo.test'), 'moveOrganization', {
      id: ids.get('ES-GRP'),
      newParentId: ids.get('FR'),
    });
    expect(moved.organization?.parent?.code).toBe('FR');
    expect(moved.casesReindexed).toBe(3);

    // then France sees the group's cases and the group in its tree; Spain keeps only the case it held
    for (const c of [stayed, toGroup, toSpain]) expect(await sees('fr.agent@demo.test', c.reference)).toBe(true);
    expect(await sees('es.agent@demo.test', stayed.reference)).toBe(false);
    expect(await sees('es.agent@demo.test', toGroup.reference)).toBe(false);
    expect(await sees('es.agent@demo.test', toSpain.reference)).toBe(true);
    expect(await codesSeenBy('fr.agent@demo.test')).toEqual(['FR', 'ES-GRP', 'FR-PAR', 'ES-GRP-1']);
    expect(await codesSeenBy('es.agent@demo.test')).toEqual(['ES', 'ES-BCN', 'ES-MAD']);
    // the outlet itself, HQ and the untouched Madrid case are as before
    for (const c of [stayed, toGroup, toSpain]) {
      expect(await sees('grp1.agent@demo.test', c.reference)).toBe(true);
      expect(await sees('hq.quality@demo.test', c.reference)).toBe(true);
    }
    expect(await sees('es.agent@demo.test', madrid.reference)).toBe(true);
    expect(await sees('fr.agent@demo.test', madrid.reference)).toBe(false);
    expect(await visibilityIsDerivedFromTheTree()).toEqual([]);

    // and history keeps what happened where: references, origin and the escalation to Spain are unchanged
    const history = await hub.gql<{
      case: {
        reference: string;
        originOrganization: { code: string };
        events: {
          edges: {
            node: { type: string; organization: { code: string } | null; toOrganization: { code: string } | null };
          }[];
        };
      };
    }>(
      'query ($r: String!) { case(reference: $r) { reference originOrganization { code } events { edges { node { type organization { code } toOrganization { code } } } } } }',
      { r: toSpain.reference },
      await hub.login('hq.quality@demo.test'),
    );
    expect(history.data?.case.reference).toBe(toSpain.reference);
    expect(history.data?.case.reference.startsWith('ES-')).toBe(true);
    expect(history.data?.case.events.edges.map((e) => e.node)).toEqual([
      { type: 'OPENED', organization: { code: 'ES-GRP-1' }, toOrganization: null },
      { type: 'ESCALATED', organization: { code: 'ES-GRP-1' }, toOrganization: { code: 'ES' } },
    ]);
    const countries = await hub.database.db
      .selectFrom('cases')
      .innerJoin('organizations', 'organizations.id', 'cases.country_id')
      .select('organizations.code')
      .where('reference', 'in', [stayed.reference, toGroup.reference, toSpain.reference])
      .execute();
    expect(countries.map((c) => c.code)).toEqual(['ES', 'ES', 'ES']);

    // and a new case at the outlet belongs to France: its reference, its country, its visibility
    const next = await openCaseAs(hub, 'grp1.agent@demo.test', { subject: 'After the move' });
    expect(next.reference.startsWith('FR-')).toBe(true);
    expect(await sees('fr.agent@demo.test', next.reference)).toBe(true);
    expect(await sees('es.agent@demo.test', next.reference)).toBe(false);
  });

  it('who may move what: only inside one’s own subtree, never one’s own organization, never below itself', async () => {
    const moveAs = async (email: string, code: string, newParent: string) =>
      (
        await adminMutation(hub, await hub.login(email), 'moveOrganization', {
          id: ids.get(code),
          newParentId: ids.get(newParent),
        })
      ).__typename;
    const hqAdmin = 'hq.admin@demo.test';
    const { token: esAdmin } = await inviteAndLogIn(hub, hqAdmin, {
      email: 'es.admin@demo.test',
      organizationId: ids.get('ES') as string,
      role: 'ADMIN',
    });
    const esAdminMoves = async (code: string, newParent: string) =>
      (await adminMutation(hub, esAdmin, 'moveOrganization', { id: ids.get(code), newParentId: ids.get(newParent) }))
        .__typename;
    // a country administrator cannot take a dealer out of the country: France is not theirs (not found)
    expect(await esAdminMoves('ES-MAD', 'FR')).toBe('NotFoundError');
    // nor touch France's dealers, nor move their own organization
    expect(await esAdminMoves('FR-PAR', 'ES')).toBe('NotFoundError');
    expect(await esAdminMoves('ES', 'HQ')).toBe('ForbiddenError');
    expect(await moveAs(hqAdmin, 'HQ', 'ES')).toBe('ForbiddenError');
    // managers and agents move nothing
    expect(await moveAs('es.manager@demo.test', 'ES-MAD', 'ES-BCN')).toBe('ForbiddenError');
    expect(await moveAs('mad.agent@demo.test', 'ES-MAD', 'ES-BCN')).toBe('ForbiddenError');
    expect(await moveAs('fr.agent@demo.test', 'ES-MAD', 'FR')).toBe('NotFoundError');
    // nothing moves below itself or to a place its kind does not belong
    expect(await moveAs(hqAdmin, 'ES-GRP', 'ES-GRP-1')).toBe('ValidationError');
    expect(await moveAs(hqAdmin, 'ES-MAD', 'HQ')).toBe('ValidationError');
    expect(await moveAs(hqAdmin, 'ES', 'FR')).toBe('ValidationError');
    // the negative twin: inside Spain, Spain's administrator makes Madrid an outlet of Barcelona, and back
    expect(await esAdminMoves('ES-MAD', 'ES-BCN')).toBe('MoveOrganizationPayload');
    expect(await codesSeenBy('bcn.agent@demo.test')).toEqual(['ES-BCN', 'ES-MAD']);
    expect(await esAdminMoves('ES-MAD', 'ES')).toBe('MoveOrganizationPayload');
    expect(await codesSeenBy('bcn.agent@demo.test')).toEqual(['ES-BCN']);
  });

  it('a move racing escalations, transfers and walk-ins leaves every case visible exactly per the final tree', async () => {
    // given a dealer group with an outlet and its agent
    await addOrganization(hub, { parent: 'ES', code: 'ES-RACE', name: 'Grupo Carrera' });
    ids = await addOrganization(hub, { parent: 'ES-RACE', code: 'ES-RACE-1', name: 'Carrera Uno' });
    await inviteAndLogIn(hub, 'hq.admin@demo.test', {
      email: 'race.agent@demo.test',
      organizationId: ids.get('ES-RACE-1') as string,
      role: 'AGENT',
    });
    const raceAgent = await hub.login('race.agent@demo.test');
    const hqAdmin = await hub.login('hq.admin@demo.test');
    const outcomes: string[] = [];
    for (let round = 0; round < 8; round++) {
      const outletCase = await openCaseAs(hub, 'race.agent@demo.test', {});
      const hqCase: CaseView = await openCaseAs(hub, 'hq.admin@demo.test', { organizationId: ids.get('HQ') });
      // when, at the same moment, the group moves to the other country, the outlet escalates to the group,
      // HQ transfers a case down to the outlet, and the outlet opens a walk-in
      const results = await Promise.all([
        adminMutation(hub, hqAdmin, 'moveOrganization', {
          id: ids.get('ES-RACE'),
          newParentId: ids.get(round % 2 === 0 ? 'FR' : 'ES'),
        }),
        caseMutation(hub, raceAgent, 'escalateCase', { caseId: outletCase.id, reason: 'Group workshop' }),
        caseMutation(hub, hqAdmin, 'transferCase', {
          caseId: hqCase.id,
          toOrganizationId: ids.get('ES-RACE-1'),
          reason: 'The outlet handles it',
        }),
        caseMutation(hub, raceAgent, 'openCase', {
          channel: 'WALK_IN',
          customer: { name: `Racer ${round}` },
          subject: 'Walk-in during a move',
          description: 'Opened while the group moves',
        }),
      ]);
      outcomes.push(...results.map((r) => r.__typename));
    }
    // then every operation succeeded (no deadlock, no lost write) ...
    expect(new Set(outcomes)).toEqual(
      new Set(['MoveOrganizationPayload', 'EscalateCasePayload', 'TransferCasePayload', 'OpenCasePayload']),
    );
    // ... and every case's visibility is exactly the ancestors of its holders in the tree as it is now
    expect(await visibilityIsDerivedFromTheTree()).toEqual([]);
    // the group ended in Spain (an even number of moves): France sees none of its cases
    const french = await hub.gql<{ cases: { totalCount: number } }>(
      'query ($owner: ID) { cases(filter: { ownerId: $owner }) { totalCount } }',
      { owner: ids.get('ES-RACE') },
      await hub.login('fr.agent@demo.test'),
    );
    expect(french.data?.cases.totalCount).toBe(0);
  });
});
