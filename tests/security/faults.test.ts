import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, gqlAt, loginAt, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { subscribe, type Subscription } from '../support/sse.js';

/**
 * A PostgreSQL server of the test's own, so that the test can stop and start it
 * under a running hub. Needs the PostgreSQL binaries (CI installs them).
 */
function ownPostgres() {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  const bin = `/usr/lib/postgresql/${versions.at(-1)}/bin`;
  const dir = mkdtempSync(join(tmpdir(), 'hub-faults-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), 0);
  const run = (command: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, {
      cwd: '/',
      stdio: 'pipe',
    });
  let port = 0;
  return {
    async init() {
      port = await freePort();
      run(`${bin}/initdb`, ['-D', `${dir}/data`, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
      return `postgres://postgres@127.0.0.1:${port}/postgres`;
    },
    start: () =>
      run(`${bin}/pg_ctl`, [
        '-D',
        `${dir}/data`,
        '-l',
        `${dir}/log`,
        '-w',
        '-o',
        `-h 127.0.0.1 -p ${port} -k ${dir}`,
        'start',
      ]),
    stop: () => run(`${bin}/pg_ctl`, ['-D', `${dir}/data`, '-m', 'fast', '-w', 'stop']),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function until(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const NOTE =
  'mutation ($input: AddCaseNoteInput!) { addCaseNote(input: $input) { ... on AddCaseNotePayload { event { id } } } }';
const OPEN = 'mutation ($input: OpenCaseInput!) { openCase(input: $input) { ... on OpenCasePayload { case { id } } } }';

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL restarted under load', () => {
  const postgres = ownPostgres();
  let url: string;
  let hub: ServerProcess;
  let feed: Subscription | undefined;
  beforeAll(async () => {
    url = await postgres.init();
    postgres.start();
    hub = await startServerProcess(url);
  }, 120_000);
  afterAll(async () => {
    feed?.close();
    await hub?.stop();
    try {
      postgres.stop();
    } catch {
      // already stopped
    }
    postgres.remove();
  });

  it('keeps every acknowledged write, reports not-ready while the database is gone, recovers by itself, and the live feed has no gap', async () => {
    // given a Madrid agent's four cases and a country screen following every event
    const agent = await loginAt(hub, 'mad.agent@demo.test');
    const country = await loginAt(hub, 'es.agent@demo.test');
    const caseIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const opened = await gqlAt<{ openCase: { case: { id: string } } }>(
        hub,
        OPEN,
        { input: { channel: 'PHONE', customer: { name: `Caller ${i}` }, subject: 'Recall', description: 'Letter' } },
        agent,
      );
      caseIds.push(opened.openCase.case.id);
    }
    const direct = new pg.Client({ connectionString: url });
    await direct.connect();
    const start = Number((await direct.query('select last_event_id from case_event_log_head')).rows[0].last_event_id);
    await direct.end();
    feed = await subscribe(fetch, `${hub.url}/graphql`, {
      token: country,
      query: 'subscription { caseEvents { id } }',
      lastEventId: encodeGlobalID('CaseEvent', start),
    });

    // when 20 clients keep writing notes while PostgreSQL stops and starts again
    const acknowledged: string[] = [];
    let writing = true;
    const writers = Array.from({ length: 20 }, async (_, writer) => {
      for (let n = 0; writing; n++) {
        // During the outage a write fails (no data): not acknowledged, the writer tries again.
        const result = await gqlAt<{ addCaseNote: { event?: { id: string } } }>(
          hub,
          NOTE,
          { input: { caseId: caseIds[writer % 4], body: `writer ${writer} note ${n}`, visibility: 'INTERNAL' } },
          agent,
        ).catch(() => null);
        const id = result?.addCaseNote.event?.id;
        if (id) acknowledged.push(id);
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    const ready = async () => (await fetch(`${hub.url}/health/ready`).catch(() => null))?.status === 200;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    postgres.stop();
    // then the hub says it is not ready while the database is gone
    expect(await until(async () => !(await ready()), 10_000)).toBe(true);
    const acknowledgedBeforeOutage = acknowledged.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    postgres.start();
    // and it is ready again by itself, and takes writes again
    expect(await until(ready, 30_000), hub.output()).toBe(true);
    expect(await until(async () => acknowledged.length > acknowledgedBeforeOutage + 20, 30_000)).toBe(true);
    writing = false;
    await Promise.all(writers);

    // and every write the API acknowledged is in the database
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const stored = (await check.query('select id from case_events where id > $1 order by id', [start])).rows.map(
      (row: { id: string }) => encodeGlobalID('CaseEvent', Number(row.id)),
    );
    await check.end();
    expect(stored).toEqual(expect.arrayContaining(acknowledged));
    // and the screen that stayed connected received every stored event, once, in order
    const received: string[] = [];
    while (received.length < stored.length) {
      const message = await feed.next(10_000);
      if (!message?.id) break;
      received.push(message.id);
    }
    expect(received).toEqual(stored);
  }, 180_000);
});
