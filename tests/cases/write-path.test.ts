import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeQuietResolvedCases } from '../../server/cases/auto-close.js';
import { caseByReference, caseMutation, openCaseAs } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';

const HISTORY = `query ($r: String!) { case(reference: $r) {
  version
  events(first: 100) { edges { node { type actor { email } actorRole organization { code } channel at } } }
} }`;

interface HistoryEntry {
  type: string;
  actor: { email: string } | null;
  actorRole: string | null;
  organization: { code: string } | null;
  channel: string | null;
  at: string;
}

describe.each(ENGINES)('the one write path on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(engine);
  });
  afterAll(() => hub?.close());

  async function history(reference: string) {
    const result = await hub.gql<{ case: { version: number; events: { edges: { node: HistoryEntry }[] } } }>(
      HISTORY,
      { r: reference },
      await hub.login('hq.quality@demo.test'),
    );
    if (!result.data?.case) throw new Error(JSON.stringify(result));
    return { version: result.data.case.version, entries: result.data.case.events.edges.map((e) => e.node) };
  }

  it('every change is one version up and leaves its entries in the history: who, for which organization, through which channel, when', async () => {
    // given a case opened at Madrid
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    const mad = await hub.login('mad.agent@demo.test');
    const es = await hub.login('es.agent@demo.test');
    const manager = await hub.login('es.manager@demo.test');
    const esAgentId = (await hub.gql<{ viewer: { id: string } }>('{ viewer { id } }', {}, es)).data?.viewer.id;
    const customer = (body: string) =>
      hub.gql('mutation ($input: AddPublicMessageInput!) { addPublicMessage(input: $input) { status } }', {
        input: { reference: opened.reference, accessCode: opened.accessCode, body },
      });
    // when staff at two levels and the customer change it, one change after the other
    const changes: [() => Promise<unknown>, Omit<HistoryEntry, 'at'>[]][] = [
      [
        () => caseMutation(hub, es, 'addCaseNote', { caseId: opened.id, body: 'Seen', visibility: 'INTERNAL' }),
        [
          {
            type: 'NOTE_ADDED',
            actor: { email: 'es.agent@demo.test' },
            actorRole: 'AGENT',
            organization: { code: 'ES' },
            channel: null,
          },
        ],
      ],
      [
        () => caseMutation(hub, es, 'logCaseContact', { caseId: opened.id, channel: 'PHONE', summary: 'Called' }),
        [
          {
            type: 'CONTACT_LOGGED',
            actor: { email: 'es.agent@demo.test' },
            actorRole: 'AGENT',
            organization: { code: 'ES' },
            channel: 'PHONE',
          },
        ],
      ],
      [
        () => caseMutation(hub, manager, 'assignCase', { caseId: opened.id, userId: esAgentId }),
        [
          {
            type: 'ASSIGNED',
            actor: { email: 'es.manager@demo.test' },
            actorRole: 'MANAGER',
            organization: { code: 'ES' },
            channel: null,
          },
        ],
      ],
      [
        () => caseMutation(hub, mad, 'changeCaseStatus', { caseId: opened.id, status: 'RESOLVED', note: 'Fixed' }),
        [
          {
            type: 'STATUS_CHANGED',
            actor: { email: 'mad.agent@demo.test' },
            actorRole: 'AGENT',
            organization: { code: 'ES-MAD' },
            channel: null,
          },
          {
            type: 'NOTE_ADDED',
            actor: { email: 'mad.agent@demo.test' },
            actorRole: 'AGENT',
            organization: { code: 'ES-MAD' },
            channel: null,
          },
        ],
      ],
      [
        () => customer('Still noisy'),
        [
          { type: 'CUSTOMER_MESSAGE', actor: null, actorRole: null, organization: null, channel: 'WEB' },
          { type: 'STATUS_CHANGED', actor: null, actorRole: null, organization: null, channel: null },
        ],
      ],
      [
        () => caseMutation(hub, mad, 'escalateCase', { caseId: opened.id, reason: 'Country, please' }),
        [
          {
            type: 'ESCALATED',
            actor: { email: 'mad.agent@demo.test' },
            actorRole: 'AGENT',
            organization: { code: 'ES-MAD' },
            channel: null,
          },
        ],
      ],
    ];
    let { version, entries } = await history(opened.reference);
    expect(version).toBe(opened.version);
    expect(entries).toEqual([
      expect.objectContaining({
        type: 'OPENED',
        actor: { email: 'mad.agent@demo.test' },
        organization: { code: 'ES-MAD' },
        channel: 'WALK_IN',
      }),
    ]);
    for (const [change, expected] of changes) {
      const before = new Date(Date.now() - 1000).toISOString();
      await change();
      const after = await history(opened.reference);
      // then each change is exactly one version, with exactly its entries, stamped with the time it was made
      expect(after.version).toBe(version + 1);
      const added = after.entries.slice(entries.length);
      expect(added.map(({ at: _at, ...entry }) => entry)).toEqual(expected);
      for (const entry of added) expect(entry.at >= before).toBe(true);
      ({ version, entries } = after);
    }
  });

  it('closing a quiet resolved case by itself is one version and one STATUS_CHANGED entry without a person', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test');
    await caseMutation(hub, await hub.login('mad.agent@demo.test'), 'changeCaseStatus', {
      caseId: opened.id,
      status: 'RESOLVED',
    });
    const before = await history(opened.reference);
    await closeQuietResolvedCases(
      { db: hub.database.db, events: hub.events },
      new Date(Date.now() + 30 * 86_400_000),
      7,
    );
    const after = await history(opened.reference);
    expect(after.version).toBe(before.version + 1);
    expect(after.entries.slice(before.entries.length).map(({ at: _at, ...entry }) => entry)).toEqual([
      { type: 'STATUS_CHANGED', actor: null, actorRole: null, organization: null, channel: null },
    ]);
    expect((await caseByReference(hub, 'mad.agent@demo.test', opened.reference))?.status).toBe('CLOSED');
  });
});

describe('who writes cases', () => {
  /** The write path, and the one administrative statement that re-derives visibility after a subtree moves. */
  const WRITERS = ['server/cases/write-path.ts', 'server/cases/open-case.ts', 'server/organizations/administration.ts'];
  const WRITES = [
    /(insertInto|updateTable|deleteFrom)\(\s*['"](cases|case_events)['"]/,
    /\b(insert\s+into|update|delete\s+from)\s+(cases|case_events)\b/i,
  ];

  function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? sourceFiles(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [join(dir, entry.name)]
          : [],
    );
  }

  it('no server module outside the write path inserts, updates or deletes cases or their history', () => {
    const writers = sourceFiles('server')
      .filter((file) => WRITES.some((pattern) => pattern.test(readFileSync(file, 'utf8'))))
      .map((file) => relative('.', file));
    expect(writers.sort()).toEqual([...WRITERS].sort());
  });
});
