import { request } from 'node:http';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { freshDatabase } from '../support/hub.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { subscribe } from '../support/sse.js';

/** One request on a connection of its own, so that the cluster may hand it to any process. */
function once<T>(url: string, body?: unknown, token?: string): Promise<{ status: number; json: T }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: body ? 'POST' : 'GET',
      agent: false,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as T }));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('WORKERS=2: several API processes on one port', () => {
  let database: Database;
  let hub: ServerProcess;
  beforeAll(async () => {
    database = await freshDatabase('postgres');
    hub = await startServerProcess(database.pool?.options.connectionString ?? '', undefined, { WORKERS: '2' });
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await database?.close();
  });

  it('spreads connections over the processes, and a screen on one hears every change made through the others', async () => {
    // given two processes answering on the same port (the second may still be starting)
    const pids = new Set<number>();
    for (const deadline = Date.now() + 30_000; pids.size < 2 && Date.now() < deadline;) {
      pids.add((await once<{ pid: number }>(`${hub.url}/health/live`)).json.pid);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(pids.size).toBe(2);
    const login = async (email: string) =>
      (
        await once<{ data: { login: { token: string } } }>(`${hub.url}/graphql`, {
          query: 'mutation ($input: LoginInput!) { login(input: $input) { ... on LoginPayload { token } } }',
          variables: { input: { email, password: DEMO_PASSWORD } },
        })
      ).json.data.login.token;
    const agent = await login('mad.agent@demo.test');
    const opened = await once<{ data: { openCase: { case: { id: string } } } }>(
      `${hub.url}/graphql`,
      {
        query:
          'mutation ($input: OpenCaseInput!) { openCase(input: $input) { ... on OpenCasePayload { case { id } } } }',
        variables: { input: { channel: 'PHONE', customer: { name: 'Iris' }, subject: 'Horn', description: 'Silent' } },
      },
      agent,
    );
    const caseId = opened.json.data.openCase.case.id;
    const head = await database.db.selectFrom('case_event_log_head').select('last_event_id').executeTakeFirstOrThrow();
    const screen = await subscribe(fetch, `${hub.url}/graphql`, {
      token: await login('es.agent@demo.test'),
      query: 'subscription { caseEvents { id } }',
      lastEventId: encodeGlobalID('CaseEvent', head.last_event_id),
    });
    // when 30 notes are written, each on a new connection (so through either process)
    const written: string[] = [];
    for (let n = 0; n < 30; n++) {
      const note = await once<{ data: { addCaseNote: { event: { id: string } } } }>(
        `${hub.url}/graphql`,
        {
          query:
            'mutation ($input: AddCaseNoteInput!) { addCaseNote(input: $input) { ... on AddCaseNotePayload { event { id } } } }',
          variables: { input: { caseId, body: `note ${n}`, visibility: 'INTERNAL' } },
        },
        agent,
      );
      written.push(note.json.data.addCaseNote.event.id);
    }
    // then the screen receives all of them, once, in order
    const received: string[] = [];
    while (received.length < written.length) {
      const message = await screen.next(5000);
      if (!message?.id) break;
      received.push(message.id);
    }
    screen.close();
    expect(received).toEqual(written);
  }, 120_000);
});
