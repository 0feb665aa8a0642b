import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caseByReference,
  caseMutation,
  openCaseAs,
  organizationIds,
  type CaseView,
  type MutationResult,
} from '../support/cases.js';
import { ENGINES, startHub, type GraphQLResponse, type TestHub } from '../support/hub.js';
import { inviteAndLogIn } from '../admin/admin-support.js';

/**
 * The permission matrix of api-contract.md ("Who may do what", "Errors"),
 * generated from the demo network: every member of staff against every case of
 * a small fixed set, through every way of reaching a case. The expectations are
 * computed here from the tree, never read back from the server.
 */

type OrgCode = 'HQ' | 'ES' | 'FR' | 'ES-MAD' | 'ES-BCN' | 'FR-PAR';
type Role = 'ADMIN' | 'AUDITOR' | 'MANAGER' | 'AGENT';

const PARENT: Record<OrgCode, OrgCode | null> = {
  HQ: null,
  ES: 'HQ',
  FR: 'HQ',
  'ES-MAD': 'ES',
  'ES-BCN': 'ES',
  'FR-PAR': 'FR',
};
const ORG_CODES = Object.keys(PARENT) as OrgCode[];

/** The organization itself, then its parent, up to HQ. */
function ancestorsOrSelf(code: OrgCode): OrgCode[] {
  const chain: OrgCode[] = [];
  for (let at: OrgCode | null = code; at; at = PARENT[at]) chain.push(at);
  return chain;
}
const inSubtreeOf = (code: OrgCode, root: OrgCode) => ancestorsOrSelf(code).includes(root);

interface Staff {
  name: string;
  email: string;
  org: OrgCode;
  role: Role;
  /** Not in the demo seed: invited by hq.admin before the matrix runs, so every role stands at every level. */
  invited?: boolean;
}
const staff = (name: string, org: OrgCode, role: Role): Staff => ({ name, email: `${name}@demo.test`, org, role });
const invitedStaff = (name: string, org: OrgCode, role: Role): Staff => ({
  name,
  email: `${name}@matrix.test`,
  org,
  role,
  invited: true,
});
const STAFF: Staff[] = [
  staff('hq.admin', 'HQ', 'ADMIN'),
  staff('hq.quality', 'HQ', 'AUDITOR'),
  invitedStaff('hq.manager', 'HQ', 'MANAGER'),
  invitedStaff('hq.agent', 'HQ', 'AGENT'),
  invitedStaff('es.admin', 'ES', 'ADMIN'),
  invitedStaff('es.auditor', 'ES', 'AUDITOR'),
  staff('es.manager', 'ES', 'MANAGER'),
  staff('es.agent', 'ES', 'AGENT'),
  staff('fr.agent', 'FR', 'AGENT'),
  invitedStaff('mad.admin', 'ES-MAD', 'ADMIN'),
  invitedStaff('mad.auditor', 'ES-MAD', 'AUDITOR'),
  invitedStaff('mad.manager', 'ES-MAD', 'MANAGER'),
  staff('mad.agent', 'ES-MAD', 'AGENT'),
  staff('bcn.agent', 'ES-BCN', 'AGENT'),
  staff('par.agent', 'FR-PAR', 'AGENT'),
];
const byName = (name: string): Staff => {
  const found = STAFF.find((s) => s.name === name);
  if (!found) throw new Error(`no demo user ${name}`);
  return found;
};
const ADMIN = byName('hq.admin');
const AUDITOR = byName('hq.quality');

interface MatrixCase {
  key: string;
  /** How test names call it: "a case of <label>". */
  label: string;
  openedBy: string;
  /** Applied once, in order, in beforeAll. */
  moves?: { kind: 'escalateCase' | 'transferCase'; by: string; to: OrgCode }[];
  /** Origin, owner and every holder once the move is done. */
  touches: OrgCode[];
}
const CASES: MatrixCase[] = [
  { key: 'mad', label: 'ES-MAD', openedBy: 'mad.agent', touches: ['ES-MAD'] },
  { key: 'par', label: 'FR-PAR', openedBy: 'par.agent', touches: ['FR-PAR'] },
  { key: 'es', label: 'ES', openedBy: 'es.agent', touches: ['ES'] },
  { key: 'hq', label: 'HQ', openedBy: 'hq.admin', touches: ['HQ'] },
  {
    key: 'mad-es',
    label: 'ES-MAD escalated to ES',
    openedBy: 'mad.agent',
    moves: [{ kind: 'escalateCase', by: 'mad.agent', to: 'ES' }],
    touches: ['ES-MAD', 'ES'],
  },
  {
    key: 'par-hq',
    label: 'FR-PAR escalated to HQ',
    openedBy: 'par.agent',
    moves: [{ kind: 'escalateCase', by: 'par.agent', to: 'HQ' }],
    touches: ['FR-PAR', 'HQ'],
  },
  {
    key: 'es-bcn',
    label: 'ES transferred to ES-BCN',
    openedBy: 'es.agent',
    moves: [{ kind: 'transferCase', by: 'es.agent', to: 'ES-BCN' }],
    touches: ['ES', 'ES-BCN'],
  },
  {
    // Crosses branches: Spain and France each see it, and read the other's dealer through it.
    key: 'par-hq-bcn',
    label: 'FR-PAR escalated to HQ and handed to ES-BCN',
    openedBy: 'par.agent',
    moves: [
      { kind: 'escalateCase', by: 'par.agent', to: 'HQ' },
      { kind: 'transferCase', by: 'hq.admin', to: 'ES-BCN' },
    ],
    touches: ['FR-PAR', 'HQ', 'ES-BCN'],
  },
];

/** The contract: the viewer's organization is an ancestor-or-self of the case's origin, owner or a holder. */
const sees = (viewer: Staff, c: MatrixCase) => c.touches.some((org) => inSubtreeOf(org, viewer.org));

/** Who holds a matrix case once its moves are done. */
const ownerOf = (c: MatrixCase): OrgCode => c.moves?.at(-1)?.to ?? byName(c.openedBy).org;

/** Someone the viewer may read who works on cases: whom an auditor would try to assign a case to. */
const colleagueOf = (viewer: Staff): Staff => {
  const found = STAFF.find((s) => s.role !== 'AUDITOR' && inSubtreeOf(s.org, viewer.org));
  if (!found) throw new Error(`no colleague for ${viewer.name}`);
  return found;
};

/** Its own chain, its subtree, and every organization a case it may see refers to. */
function readableOrganizations(viewer: Staff): Set<OrgCode> {
  const readable = new Set<OrgCode>(ancestorsOrSelf(viewer.org));
  for (const org of ORG_CODES) if (inSubtreeOf(org, viewer.org)) readable.add(org);
  for (const c of CASES) if (sees(viewer, c)) for (const org of c.touches) readable.add(org);
  return readable;
}

const seeOrNot = (visible: boolean) => (visible ? 'can' : 'cannot');

const CASE_BY_REFERENCE = 'query ($r: String!) { case(reference: $r) { id reference } }';
const NODE = `query ($id: ID!) {
  node(id: $id) { __typename id ... on Case { reference } ... on CaseEvent { type } ... on Organization { code } }
}`;
const CASES_MATCHING = `query ($filter: CaseFilter) {
  cases(filter: $filter, first: 100) { totalCount edges { node { reference } } }
}`;
const CASE_STATE =
  'query ($r: String!) { case(reference: $r) { version updatedAt assignee { email } owner { code } } }';
const ALL_CASES = `{
  cases(first: 100) {
    totalCount
    edges { node { reference originOrganization { code } owner { code } holders { code } } }
  }
}`;

interface Fixture {
  case: CaseView;
  openedEventId: string;
}

type CasesResult = { cases: { totalCount: number; edges: { node: { reference: string } }[] } };

/** Invites the staff the demo seed lacks (as hq.admin), then returns every member's user id by name. */
async function enrolStaff(hub: TestHub, orgs: Map<string, string>): Promise<Map<string, string>> {
  for (const member of STAFF.filter((s) => s.invited)) {
    await inviteAndLogIn(hub, ADMIN.email, {
      email: member.email,
      organizationId: orgs.get(member.org) ?? '',
      role: member.role,
    });
  }
  const ids = new Map<string, string>();
  for (const member of STAFF) {
    const viewer = await hub.gql<{ viewer: { id: string } }>('{ viewer { id } }', {}, await hub.login(member.email));
    if (!viewer.data?.viewer) throw new Error(`no viewer for ${member.email}`);
    ids.set(member.name, viewer.data.viewer.id);
  }
  return ids;
}

/** Opens a case of the matrix's shape `c` and applies its moves; fails unless it touches what `c` says. */
async function openMatrixCase(
  hub: TestHub,
  orgs: Map<string, string>,
  c: MatrixCase,
  input: Record<string, unknown> = {},
): Promise<CaseView> {
  let opened = await openCaseAs(hub, byName(c.openedBy).email, { subject: `Matrix case ${c.key}`, ...input });
  for (const move of c.moves ?? []) {
    const moved = await caseMutation(hub, await hub.login(byName(move.by).email), move.kind, {
      caseId: opened.id,
      toOrganizationId: orgs.get(move.to),
      reason: 'Setting up the permission matrix',
    });
    if (!moved.case) throw new Error(`${move.kind} of ${c.key} failed: ${JSON.stringify(moved)}`);
    opened = moved.case;
  }
  const touched = new Set([opened.originOrganization.code, opened.owner.code, ...opened.holders.map((h) => h.code)]);
  if ([...touched].sort().join() !== [...c.touches].sort().join()) {
    throw new Error(`case ${c.key} touches ${[...touched].join()} instead of ${c.touches.join()}`);
  }
  return opened;
}

describe.each(ENGINES)('permission matrix of the demo network on %s', (engine) => {
  let hub: TestHub;
  let orgs: Map<string, string>;
  const userIds = new Map<string, string>();
  const fixtures = new Map<string, Fixture>();

  const orgId = (code: OrgCode): string => {
    const id = orgs.get(code);
    if (!id) throw new Error(`no organization ${code}`);
    return id;
  };
  const userId = (name: string): string => {
    const id = userIds.get(name);
    if (!id) throw new Error(`no user id for ${name}`);
    return id;
  };
  const fixture = (key: string): Fixture => {
    const found = fixtures.get(key);
    if (!found) throw new Error(`case ${key} was not set up`);
    return found;
  };
  const tokenOf = (who: Staff) => hub.login(who.email);

  /** The case as hq.admin sees it: what was stored, whatever the viewer under test got back. */
  async function stateOf(reference: string) {
    const result = await hub.gql<{
      case: { version: number; updatedAt: string; assignee: { email: string } | null; owner: { code: string } } | null;
    }>(CASE_STATE, { r: reference }, await tokenOf(ADMIN));
    if (!result.data?.case) throw new Error(`hq.admin cannot read ${reference}: ${JSON.stringify(result)}`);
    return result.data.case;
  }

  /** Runs `mutate` and checks that the case was left exactly as it was. */
  async function expectNothingStored(reference: string, mutate: () => Promise<MutationResult>) {
    const before = await stateOf(reference);
    const result = await mutate();
    expect(await stateOf(reference)).toEqual(before);
    return result;
  }

  beforeAll(async () => {
    hub = await startHub(engine);
    orgs = await organizationIds(hub);
    for (const [name, id] of await enrolStaff(hub, orgs)) userIds.set(name, id);
    const admin = await tokenOf(ADMIN);
    for (const [index, c] of CASES.entries()) {
      // Each matrix case has its own customer, so a lookup by phone or e-mail can only find that case.
      const opened = await openMatrixCase(hub, orgs, c, {
        customer: {
          name: `Matrix Customer ${c.key}`,
          phone: `+3462${String(1000000 + index).slice(-7)}`,
          email: `matrix.${c.key}@example.com`,
        },
      });
      const events = await hub.gql<{ case: { events: { edges: { node: { id: string; type: string } }[] } } }>(
        'query ($r: String!) { case(reference: $r) { events(first: 10) { edges { node { id type } } } } }',
        { r: opened.reference },
        admin,
      );
      const openedEvent = events.data?.case.events.edges.find((e) => e.node.type === 'OPENED');
      if (!openedEvent) throw new Error(`no OPENED event on ${c.key}: ${JSON.stringify(events)}`);
      fixtures.set(c.key, { case: opened, openedEventId: openedEvent.node.id });
    }
  });
  afterAll(() => hub?.close());

  describe('reading a case', () => {
    for (const viewer of STAFF) {
      for (const c of CASES) {
        const visible = sees(viewer, c);
        const can = seeOrNot(visible);

        it(`${viewer.name} ${can} see a case of ${c.label} through case(reference)`, async () => {
          const { case: target } = fixture(c.key);
          const result = await hub.gql<{ case: { id: string; reference: string } | null }>(
            CASE_BY_REFERENCE,
            { r: target.reference },
            await tokenOf(viewer),
          );
          expect(result.errors).toBeUndefined();
          expect(result.data?.case).toEqual(visible ? { id: target.id, reference: target.reference } : null);
        });

        it(`${viewer.name} ${can} see a case of ${c.label} through node(id)`, async () => {
          const { case: target } = fixture(c.key);
          const result = await hub.gql<{ node: unknown }>(NODE, { id: target.id }, await tokenOf(viewer));
          expect(result.errors).toBeUndefined();
          expect(result.data?.node).toEqual(
            visible ? { __typename: 'Case', id: target.id, reference: target.reference } : null,
          );
        });

        it(`${viewer.name} ${can} see a case of ${c.label} through node(id) of its OPENED event`, async () => {
          const { openedEventId } = fixture(c.key);
          const result = await hub.gql<{ node: unknown }>(NODE, { id: openedEventId }, await tokenOf(viewer));
          expect(result.errors).toBeUndefined();
          expect(result.data?.node).toEqual(
            visible ? { __typename: 'CaseEvent', id: openedEventId, type: 'OPENED' } : null,
          );
        });

        it(`${viewer.name} ${can} find a case of ${c.label} through cases(filter: {text: <reference>})`, async () => {
          const { case: target } = fixture(c.key);
          const result = await hub.gql<CasesResult>(
            CASES_MATCHING,
            { filter: { text: target.reference } },
            await tokenOf(viewer),
          );
          expect(result.errors).toBeUndefined();
          expect(result.data?.cases.totalCount).toBe(visible ? 1 : 0);
          expect(result.data?.cases.edges.map((e) => e.node.reference)).toEqual(visible ? [target.reference] : []);
        });

        it(`${viewer.name} ${can} find a case of ${c.label} through cases(filter: {customerPhone})`, async () => {
          const { case: target } = fixture(c.key);
          const phone = target.customer.phone;
          expect(phone).toMatch(/^\+\d+$/);
          const result = await hub.gql<CasesResult>(
            CASES_MATCHING,
            { filter: { customerPhone: phone } },
            await tokenOf(viewer),
          );
          expect(result.errors).toBeUndefined();
          expect(result.data?.cases.totalCount).toBe(visible ? 1 : 0);
          expect(result.data?.cases.edges.map((e) => e.node.reference)).toEqual(visible ? [target.reference] : []);
        });

        it(`${viewer.name} ${can} find a case of ${c.label} through cases(filter: {customerEmail})`, async () => {
          const { case: target } = fixture(c.key);
          // typed the way a caller spells it out
          const email = target.customer.email?.toUpperCase();
          expect(email).toMatch(/@EXAMPLE\.COM$/);
          const result = await hub.gql<CasesResult>(
            CASES_MATCHING,
            { filter: { customerEmail: ` ${email} ` } },
            await tokenOf(viewer),
          );
          expect(result.errors).toBeUndefined();
          expect(result.data?.cases.totalCount).toBe(visible ? 1 : 0);
          expect(result.data?.cases.edges.map((e) => e.node.reference)).toEqual(visible ? [target.reference] : []);
        });

        it(`${viewer.name} ${can} find a case of ${c.label} through cases(filter: {ownerId: its holder, status, priority, channel})`, async () => {
          const { case: target } = fixture(c.key);
          const result = await hub.gql<CasesResult>(
            CASES_MATCHING,
            {
              filter: {
                ownerId: orgId(ownerOf(c)),
                status: ['NEW'],
                priority: ['NORMAL'],
                channel: ['WALK_IN'],
                open: true,
                text: target.reference,
              },
            },
            await tokenOf(viewer),
          );
          expect(result.errors).toBeUndefined();
          expect(result.data?.cases.totalCount).toBe(visible ? 1 : 0);
          expect(result.data?.cases.edges.map((e) => e.node.reference)).toEqual(visible ? [target.reference] : []);
        });
      }

      it(`${viewer.name}'s cases list and totalCount hold exactly the cases in its subtree`, async () => {
        // hq.admin sees every case: the oracle for cases other tests may have opened.
        const all = await hub.gql<{
          cases: {
            totalCount: number;
            edges: {
              node: {
                reference: string;
                originOrganization: { code: OrgCode };
                owner: { code: OrgCode };
                holders: { code: OrgCode }[];
              };
            }[];
          };
        }>(ALL_CASES, {}, await tokenOf(ADMIN));
        const everything = all.data?.cases.edges.map((e) => e.node) ?? [];
        expect(everything.length).toBe(all.data?.cases.totalCount);
        for (const { case: target } of fixtures.values()) {
          expect(everything.map((n) => n.reference)).toContain(target.reference);
        }
        const expected = everything
          .filter((n) =>
            [n.originOrganization.code, n.owner.code, ...n.holders.map((h) => h.code)].some((org) =>
              inSubtreeOf(org, viewer.org),
            ),
          )
          .map((n) => n.reference)
          .sort();
        const expectedMatrix = CASES.filter((c) => sees(viewer, c))
          .map((c) => fixture(c.key).case.reference)
          .sort();

        const mine = await hub.gql<CasesResult>(CASES_MATCHING, {}, await tokenOf(viewer));
        expect(mine.errors).toBeUndefined();
        const listed = mine.data?.cases.edges.map((e) => e.node.reference).sort() ?? [];
        expect(listed).toEqual(expected);
        expect(mine.data?.cases.totalCount).toBe(expected.length);
        const matrixReferences = new Set(CASES.map((c) => fixture(c.key).case.reference));
        expect(listed.filter((r) => matrixReferences.has(r))).toEqual(expectedMatrix);

        const counted = await hub.gql<{ cases: { totalCount: number } }>(
          '{ cases { totalCount } }',
          {},
          await tokenOf(viewer),
        );
        expect(counted.data?.cases.totalCount).toBe(expected.length);
      });
    }
  });

  describe('reading an organization by id', () => {
    for (const viewer of STAFF) {
      const readable = readableOrganizations(viewer);
      for (const code of ORG_CODES) {
        const visible = readable.has(code);
        it(`${viewer.name} ${seeOrNot(visible)} read the organization ${code} through node(id)`, async () => {
          const result = await hub.gql<{ node: unknown }>(NODE, { id: orgId(code) }, await tokenOf(viewer));
          expect(result.errors).toBeUndefined();
          expect(result.data?.node).toEqual(visible ? { __typename: 'Organization', id: orgId(code), code } : null);
        });
      }
    }
  });

  describe('opening a case at an organization', () => {
    /** What the contract promises: the subtree opens, a readable organization outside it refuses, the rest does not exist. */
    function expectedOpening(viewer: Staff, at: OrgCode): string {
      if (!readableOrganizations(viewer).has(at)) return 'NotFoundError';
      if (viewer.role === 'AUDITOR' || !inSubtreeOf(at, viewer.org)) return 'ForbiddenError';
      return 'OpenCasePayload';
    }

    for (const viewer of STAFF) {
      for (const at of ORG_CODES) {
        const expected = expectedOpening(viewer, at);
        it(`${viewer.name} opening a case at ${at} gets ${expected}`, async () => {
          const count = async () =>
            (await hub.gql<{ cases: { totalCount: number } }>('{ cases { totalCount } }', {}, await tokenOf(ADMIN)))
              .data?.cases.totalCount;
          const before = await count();
          const result = await caseMutation(hub, await tokenOf(viewer), 'openCase', {
            organizationId: orgId(at),
            channel: 'PHONE',
            customer: { name: 'Matrix Caller', email: `caller.${viewer.name}.${at}@example.com` },
            subject: `Opened by ${viewer.name} at ${at}`,
            description: 'Who may open where.',
          });
          expect(result.__typename).toBe(expected);
          if (expected === 'OpenCasePayload') {
            expect(result.case).toMatchObject({ originOrganization: { code: at }, owner: { code: at }, status: 'NEW' });
            expect(await count()).toBe((before ?? 0) + 1);
          } else {
            expect(await count()).toBe(before);
          }
        });
      }
    }
  });

  /** Mutations that would change a case; each gets the viewer's own organization and user where it needs one. */
  const MUTATIONS: {
    name: string;
    input: (caseId: string, viewer: Staff, target: MatrixCase) => Record<string, unknown>;
  }[] = [
    { name: 'addCaseNote', input: (caseId) => ({ caseId, body: 'Matrix note', visibility: 'INTERNAL' }) },
    { name: 'logCaseContact', input: (caseId) => ({ caseId, channel: 'PHONE', summary: 'Matrix call' }) },
    { name: 'changeCaseStatus', input: (caseId) => ({ caseId, status: 'OPEN', note: 'Matrix status' }) },
    { name: 'escalateCase', input: (caseId) => ({ caseId, reason: 'Matrix escalation' }) },
    {
      name: 'transferCase',
      // A target the viewer may read and transfer to, so only the case can be the reason for a refusal.
      input: (caseId, viewer, target) => {
        const inside = ORG_CODES.filter((o) => inSubtreeOf(o, viewer.org) && !target.touches.includes(o));
        return { caseId, toOrganizationId: orgId(inside[0] ?? viewer.org), reason: 'Matrix transfer' };
      },
    },
    {
      name: 'assignCase',
      // Oneself for staff who may assign themselves; for an auditor, a colleague it may read who works on cases.
      input: (caseId, viewer) => ({
        caseId,
        userId: userId(viewer.role === 'AUDITOR' ? colleagueOf(viewer).name : viewer.name),
      }),
    },
  ];

  describe('changing a case one may not see', () => {
    for (const viewer of STAFF) {
      for (const c of CASES.filter((candidate) => !sees(viewer, candidate))) {
        for (const mutation of MUTATIONS) {
          it(`${viewer.name} gets NotFoundError, never ForbiddenError, from ${mutation.name} on a case of ${c.label}`, async () => {
            const { case: target } = fixture(c.key);
            const token = await tokenOf(viewer);
            const result = await expectNothingStored(target.reference, () =>
              caseMutation(hub, token, mutation.name, mutation.input(target.id, viewer, c)),
            );
            expect(result.__typename).toBe('NotFoundError');
          });
        }
      }
    }
  });

  describe('an auditor sees its subtree and changes nothing', () => {
    for (const auditor of STAFF.filter((s) => s.role === 'AUDITOR')) {
      for (const c of CASES.filter((candidate) => sees(auditor, candidate))) {
        for (const mutation of MUTATIONS) {
          it(`${auditor.name} gets ForbiddenError from ${mutation.name} on a case of ${c.label}`, async () => {
            const { case: target } = fixture(c.key);
            const token = await tokenOf(auditor);
            const result = await expectNothingStored(target.reference, () =>
              caseMutation(hub, token, mutation.name, mutation.input(target.id, auditor, c)),
            );
            expect(result.__typename).toBe('ForbiddenError');
          });
        }
      }
    }

    for (const c of CASES) {
      it(`hq.admin, unlike hq.quality, adds an internal note to a case of ${c.label}`, async () => {
        const { case: target } = fixture(c.key);
        const before = await stateOf(target.reference);
        const result = await caseMutation(hub, await tokenOf(ADMIN), 'addCaseNote', {
          caseId: target.id,
          body: 'Checked by HQ',
          visibility: 'INTERNAL',
        });
        expect(result.__typename).toBe('AddCaseNotePayload');
        expect(result.case).toMatchObject({ version: before.version + 1, status: target.status });
        expect((await stateOf(target.reference)).version).toBe(before.version + 1);
      });
    }

    it('hq.quality cannot open a case at HQ', async () => {
      const before = await hub.gql<{ cases: { totalCount: number } }>(
        '{ cases { totalCount } }',
        {},
        await tokenOf(ADMIN),
      );
      const result = await caseMutation(hub, await tokenOf(AUDITOR), 'openCase', {
        organizationId: orgId('HQ'),
        channel: 'PHONE',
        customer: { name: 'Audited Customer', phone: '+34699000111' },
        subject: 'Should not exist',
        description: 'An auditor records quality reviews, not cases.',
      });
      expect(result.__typename).toBe('ForbiddenError');
      const after = await hub.gql<{ cases: { totalCount: number } }>(
        '{ cases { totalCount } }',
        {},
        await tokenOf(ADMIN),
      );
      expect(after.data?.cases.totalCount).toBe(before.data?.cases.totalCount);
    });
  });

  describe('assigning', () => {
    it('an AGENT assigns a case of its own dealer to itself', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const result = await caseMutation(hub, await hub.login('mad.agent@demo.test'), 'assignCase', {
        caseId: opened.id,
        userId: userId('mad.agent'),
      });
      expect(result.__typename).toBe('AssignCasePayload');
      expect(result.case?.assignee).toEqual({ email: 'mad.agent@demo.test' });
      expect((await stateOf(opened.reference)).assignee).toEqual({ email: 'mad.agent@demo.test' });
    });

    it('an AGENT of the country assigns a dealer’s case to itself', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const result = await caseMutation(hub, await hub.login('es.agent@demo.test'), 'assignCase', {
        caseId: opened.id,
        userId: userId('es.agent'),
      });
      expect(result.__typename).toBe('AssignCasePayload');
      expect(result.case?.assignee).toEqual({ email: 'es.agent@demo.test' });
    });

    it('an AGENT cannot assign a dealer’s case to the dealer’s agent: ForbiddenError, nothing stored', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const token = await hub.login('es.agent@demo.test');
      const result = await expectNothingStored(opened.reference, () =>
        caseMutation(hub, token, 'assignCase', { caseId: opened.id, userId: userId('mad.agent') }),
      );
      expect(result.__typename).toBe('ForbiddenError');
    });

    it('an AGENT cannot assign a country case to its MANAGER: ForbiddenError, nothing stored', async () => {
      const opened = await openCaseAs(hub, 'es.agent@demo.test');
      const token = await hub.login('es.agent@demo.test');
      const result = await expectNothingStored(opened.reference, () =>
        caseMutation(hub, token, 'assignCase', { caseId: opened.id, userId: userId('es.manager') }),
      );
      expect(result.__typename).toBe('ForbiddenError');
    });

    it('a MANAGER assigns a country case to an agent of the country', async () => {
      const opened = await openCaseAs(hub, 'es.agent@demo.test');
      const result = await caseMutation(hub, await hub.login('es.manager@demo.test'), 'assignCase', {
        caseId: opened.id,
        userId: userId('es.agent'),
      });
      expect(result.__typename).toBe('AssignCasePayload');
      expect(result.case?.assignee).toEqual({ email: 'es.agent@demo.test' });
      expect((await stateOf(opened.reference)).assignee).toEqual({ email: 'es.agent@demo.test' });
    });

    it('a MANAGER assigns a dealer’s case in its subtree to the dealer’s agent', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const result = await caseMutation(hub, await hub.login('es.manager@demo.test'), 'assignCase', {
        caseId: opened.id,
        userId: userId('mad.agent'),
      });
      expect(result.__typename).toBe('AssignCasePayload');
      expect(result.case?.assignee).toEqual({ email: 'mad.agent@demo.test' });
    });
  });

  describe('transferring', () => {
    it('es.agent transfers a case of ES to ES-BCN, which then sees it while ES-MAD does not', async () => {
      const opened = await openCaseAs(hub, 'es.agent@demo.test');
      const result = await caseMutation(hub, await hub.login('es.agent@demo.test'), 'transferCase', {
        caseId: opened.id,
        toOrganizationId: orgId('ES-BCN'),
        reason: 'The customer lives in Barcelona',
      });
      expect(result.__typename).toBe('TransferCasePayload');
      expect(result.case).toMatchObject({ owner: { code: 'ES-BCN' }, level: 'DEALER' });
      const bcn = await hub.gql<{ case: { reference: string } | null }>(
        CASE_BY_REFERENCE,
        { r: opened.reference },
        await hub.login('bcn.agent@demo.test'),
      );
      expect(bcn.data?.case?.reference).toBe(opened.reference);
      const mad = await hub.gql<{ case: unknown }>(
        CASE_BY_REFERENCE,
        { r: opened.reference },
        await hub.login('mad.agent@demo.test'),
      );
      expect(mad.data?.case).toBeNull();
    });

    it('mad.agent cannot transfer its case to ES-BCN, an organization it cannot see: NotFoundError', async () => {
      const { case: target } = fixture('mad');
      const token = await hub.login('mad.agent@demo.test');
      const result = await expectNothingStored(target.reference, () =>
        caseMutation(hub, token, 'transferCase', {
          caseId: target.id,
          toOrganizationId: orgId('ES-BCN'),
          reason: 'Closer to the customer',
        }),
      );
      expect(result.__typename).toBe('NotFoundError');
    });

    it('mad.agent cannot transfer its case to FR-PAR: NotFoundError', async () => {
      const { case: target } = fixture('mad');
      const token = await hub.login('mad.agent@demo.test');
      const result = await expectNothingStored(target.reference, () =>
        caseMutation(hub, token, 'transferCase', {
          caseId: target.id,
          toOrganizationId: orgId('FR-PAR'),
          reason: 'The customer moved to Paris',
        }),
      );
      expect(result.__typename).toBe('NotFoundError');
    });

    it('mad.agent cannot transfer its case up to ES, which it may read but which is outside its subtree: ForbiddenError', async () => {
      const { case: target } = fixture('mad');
      const token = await hub.login('mad.agent@demo.test');
      const result = await expectNothingStored(target.reference, () =>
        caseMutation(hub, token, 'transferCase', {
          caseId: target.id,
          toOrganizationId: orgId('ES'),
          reason: 'Let the country handle it',
        }),
      );
      expect(result.__typename).toBe('ForbiddenError');
    });

    it('a dealer never sees a sibling dealer’s case, even after it was escalated to the country', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const escalated = await caseMutation(hub, await hub.login('mad.agent@demo.test'), 'escalateCase', {
        caseId: opened.id,
        reason: 'Needs the country',
      });
      expect(escalated.case).toMatchObject({ owner: { code: 'ES' }, level: 'COUNTRY' });
      const worked = await caseMutation(hub, await hub.login('es.agent@demo.test'), 'addCaseNote', {
        caseId: opened.id,
        body: 'The country looks into it',
        visibility: 'INTERNAL',
      });
      expect(worked.__typename).toBe('AddCaseNotePayload');

      const bcn = await hub.login('bcn.agent@demo.test');
      const byReference = await hub.gql<{ case: unknown }>(CASE_BY_REFERENCE, { r: opened.reference }, bcn);
      expect(byReference.data?.case).toBeNull();
      expect((await hub.gql<{ node: unknown }>(NODE, { id: opened.id }, bcn)).data?.node).toBeNull();
      const listed = await hub.gql<CasesResult>(CASES_MATCHING, { filter: { text: opened.reference } }, bcn);
      expect(listed.data?.cases.totalCount).toBe(0);
      const note = await expectNothingStored(opened.reference, () =>
        caseMutation(hub, bcn, 'addCaseNote', { caseId: opened.id, body: 'Peeking', visibility: 'INTERNAL' }),
      );
      expect(note.__typename).toBe('NotFoundError');

      // the dealer that escalated it keeps seeing it
      const mad = await hub.gql<{ case: { reference: string } | null }>(
        CASE_BY_REFERENCE,
        { r: opened.reference },
        await hub.login('mad.agent@demo.test'),
      );
      expect(mad.data?.case?.reference).toBe(opened.reference);
    });
  });

  describe('node(id) with ids that are not what they seem', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1];
    const GARBAGE: [string, () => string][] = [
      ['a word', () => 'garbage'],
      ['an empty string', () => ''],
      ['punctuation', () => '%%%:::'],
      ['a Case id that is not a UUID', () => b64('Case:not-a-uuid')],
      ['a Case id of a UUID that does not exist', () => b64('Case:00000000-0000-4000-8000-000000000000')],
      ['an Organization id that is a number', () => b64('Organization:42')],
      ['a User id that is not a UUID', () => b64('User:someone')],
      ['a CaseEvent id that is not a number', () => b64('CaseEvent:abc')],
      ['a CaseEvent id beyond bigint', () => b64('CaseEvent:99999999999999999999999')],
      ['a CaseEvent id that is negative', () => b64('CaseEvent:-1')],
      ['an id of an unknown type', () => b64('Nope:1')],
      ['an id of a type that is no Node', () => b64('Customer:00000000-0000-4000-8000-000000000000')],
      ['a lone colon', () => b64(':')],
      ['the UUID of a case given as an Organization', () => b64(`Organization:${uuidOf(fixture('mad').case.id)}`)],
      ['the UUID of a case given as a CaseEvent', () => b64(`CaseEvent:${uuidOf(fixture('mad').case.id)}`)],
      ['a very long string', () => 'A'.repeat(10_000)],
    ];

    for (const [what, id] of GARBAGE) {
      for (const viewer of [ADMIN, byName('mad.agent')]) {
        it(`${viewer.name} gets null and no server error for node(id) with ${what}`, async () => {
          const response = await hub.hub.fetch('http://hub.test/graphql', {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/graphql-response+json, application/json',
              authorization: `Bearer ${await tokenOf(viewer)}`,
            },
            body: JSON.stringify({ query: NODE, variables: { id: id() } }),
          });
          expect(response.status).toBeLessThan(500);
          const body = (await response.json()) as GraphQLResponse<{ node: unknown }>;
          const internal = (body.errors ?? []).filter(
            (e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || /unexpected error/i.test(e.message),
          );
          expect(internal).toEqual([]);
          expect(body.data?.node ?? null).toBeNull();
        });
      }
    }

    it('a malformed id does not spoil a valid lookup batched with it in the same request', async () => {
      const { case: target } = fixture('mad');
      const result = await hub.gql<{ good: { reference: string } | null; bad: unknown }>(
        `query ($good: ID!, $bad: ID!) {
          good: node(id: $good) { ... on Case { reference } }
          bad: node(id: $bad) { ... on Case { reference } }
        }`,
        { good: target.id, bad: b64('Case:not-a-uuid') },
        await tokenOf(byName('mad.agent')),
      );
      expect((result.errors ?? []).filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')).toEqual([]);
      expect(result.data).toEqual({ good: { reference: target.reference }, bad: null });
    });

    it('an Organization id of another branch reads as null, like one that does not exist', async () => {
      const missing = b64('Organization:00000000-0000-4000-8000-000000000000');
      const lookups: [string, string][] = [
        ['mad.agent', orgId('FR')],
        ['mad.agent', orgId('FR-PAR')],
        ['mad.agent', orgId('ES-BCN')],
        ['fr.agent', orgId('ES')],
        ['es.agent', orgId('FR')],
        ['par.agent', orgId('ES-MAD')],
        ['mad.agent', missing],
      ];
      for (const [name, id] of lookups) {
        const result = await hub.gql<{ node: unknown }>(NODE, { id }, await tokenOf(byName(name)));
        expect(result.errors, `${name} reading ${id}`).toBeUndefined();
        expect(result.data?.node, `${name} reading ${id}`).toBeNull();
      }
    });

    it('the parent of an organization read through a case is null when the viewer may not read it', async () => {
      // fr.agent reads ES-BCN through the case handed there from FR-PAR, but not Spain above it.
      const result = await hub.gql<{ node: { code: string; parent: { code: string } | null } | null }>(
        'query ($id: ID!) { node(id: $id) { ... on Organization { code parent { code } } } }',
        { id: orgId('ES-BCN') },
        await tokenOf(byName('fr.agent')),
      );
      expect(result.data?.node).toEqual({ code: 'ES-BCN', parent: null });
    });
  });

  describe('anonymous callers', () => {
    const codesOf = (result: GraphQLResponse) => (result.errors ?? []).map((e) => e.extensions?.code);

    it('cases gives an UNAUTHENTICATED error', async () => {
      const result = await hub.gql<{ cases: unknown }>('{ cases { totalCount } }');
      expect(codesOf(result)).toEqual(['UNAUTHENTICATED']);
      expect(result.data?.cases ?? null).toBeNull();
    });

    it('case(reference) gives an UNAUTHENTICATED error', async () => {
      const result = await hub.gql<{ case: unknown }>(CASE_BY_REFERENCE, { r: fixture('mad').case.reference });
      expect(codesOf(result)).toEqual(['UNAUTHENTICATED']);
      expect(result.data?.case ?? null).toBeNull();
    });

    it('node(id) of a case reads as null', async () => {
      const result = await hub.gql<{ node: unknown }>(NODE, { id: fixture('mad').case.id });
      expect(result.data?.node ?? null).toBeNull();
    });

    it('addCaseNote gives an UNAUTHENTICATED error and stores nothing', async () => {
      const { case: target } = fixture('mad');
      const before = await stateOf(target.reference);
      const result = await hub.gql(
        'mutation ($input: AddCaseNoteInput!) { addCaseNote(input: $input) { __typename } }',
        { input: { caseId: target.id, body: 'Anonymous note', visibility: 'PUBLIC' } },
      );
      expect(codesOf(result)).toEqual(['UNAUTHENTICATED']);
      expect(await stateOf(target.reference)).toEqual(before);
    });
  });
});

/**
 * The other half of the matrix: every member of staff who works on cases, on a
 * fresh copy of every matrix case it may see, through every operation. Its own
 * hub, because these escalations and transfers make new paths through the tree
 * that the reading half above must not see.
 */
describe.each(ENGINES)('working on a case in one’s subtree, on %s', (engine) => {
  let hub: TestHub;
  let orgs: Map<string, string>;
  let userIds: Map<string, string>;
  beforeAll(async () => {
    hub = await startHub(engine);
    orgs = await organizationIds(hub);
    userIds = await enrolStaff(hub, orgs);
  });
  afterAll(() => hub?.close());

  const orgId = (code: OrgCode) => orgs.get(code) ?? '';

  /** Where a transfer by `viewer` can go: an organization of its subtree that does not hold the case now. */
  const transferTarget = (viewer: Staff, c: MatrixCase) =>
    ORG_CODES.find((org) => inSubtreeOf(org, viewer.org) && org !== ownerOf(c));

  interface Work {
    name: string;
    input: (target: CaseView, viewer: Staff, c: MatrixCase) => Record<string, unknown>;
    /** What the viewer then sees on the case, or the error it gets when the move has nowhere to go. */
    outcome: (viewer: Staff, c: MatrixCase) => { error: string } | { case: Record<string, unknown> };
  }
  const WORK: Work[] = [
    {
      name: 'addCaseNote',
      input: (target) => ({ caseId: target.id, body: 'Working note', visibility: 'INTERNAL' }),
      outcome: () => ({ case: { status: 'NEW' } }),
    },
    {
      name: 'logCaseContact',
      input: (target) => ({ caseId: target.id, channel: 'PHONE', summary: 'Called the customer' }),
      outcome: () => ({ case: { status: 'NEW' } }),
    },
    {
      name: 'changeCaseStatus',
      input: (target) => ({ caseId: target.id, status: 'OPEN', expectedVersion: target.version }),
      outcome: () => ({ case: { status: 'OPEN' } }),
    },
    {
      name: 'assignCase',
      input: (target, viewer) => ({ caseId: target.id, userId: userIds.get(viewer.name) }),
      outcome: (viewer) => ({ case: { assignee: { email: viewer.email } } }),
    },
    {
      name: 'escalateCase',
      input: (target) => ({ caseId: target.id, reason: 'Needs the level above' }),
      outcome: (_viewer, c) => {
        const parent = PARENT[ownerOf(c)];
        return parent ? { case: { owner: { code: parent } } } : { error: 'ValidationError' };
      },
    },
    {
      name: 'transferCase',
      input: (target, viewer, c) => ({
        caseId: target.id,
        toOrganizationId: orgId(transferTarget(viewer, c) ?? viewer.org),
        reason: 'Better placed there',
      }),
      outcome: (viewer, c) => {
        const to = transferTarget(viewer, c);
        // A dealer holding the case has no one else in its subtree to hand it to.
        return to ? { case: { owner: { code: to } } } : { error: 'ValidationError' };
      },
    },
  ];

  for (const viewer of STAFF.filter((s) => s.role !== 'AUDITOR')) {
    for (const c of CASES.filter((candidate) => sees(viewer, candidate))) {
      for (const work of WORK) {
        const outcome = work.outcome(viewer, c);
        const expected = 'error' in outcome ? outcome.error : 'succeeds';
        it(`${viewer.name} (${viewer.role} at ${viewer.org}) ${work.name} on a case of ${c.label}: ${expected}`, async () => {
          // given a fresh case of that shape
          const target = await openMatrixCase(hub, orgs, c);
          // when the viewer works on it
          const result = await caseMutation(
            hub,
            await hub.login(viewer.email),
            work.name,
            work.input(target, viewer, c),
          );
          // then the change is made, one version up, and everyone who sees the case reads it so
          const stored = await caseByReference(hub, ADMIN.email, target.reference);
          if ('error' in outcome) {
            expect(result.__typename).toBe(outcome.error);
            expect(stored?.version).toBe(target.version);
            return;
          }
          expect(result.__typename).toMatch(/Payload$/);
          expect(result.case).toMatchObject({ ...outcome.case, version: target.version + 1 });
          expect(stored).toMatchObject({ ...outcome.case, version: target.version + 1 });
          // and the viewer still sees the case it worked on
          expect((await caseByReference(hub, viewer.email, target.reference))?.version).toBe(target.version + 1);
        });
      }
    }
  }
});
