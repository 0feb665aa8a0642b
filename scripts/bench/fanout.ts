/**
 * Fan-out benchmark: N SSE subscribers spread over two hub processes on one
 * PostgreSQL, M escalations written through both; reports the latency from each
 * escalation to each subscriber that may see it, lost, duplicated and leaked
 * deliveries, and the servers' memory.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npm run bench:fanout -- --subscribers 2000 --escalations 60 --rate 2
 *
 * It creates (and drops) its own database on that server.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request, type ClientRequest } from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { gqlAt, loginAt, startServerProcess, type ServerProcess } from '../../tests/support/server-process.js';

const { values: args } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '2000' },
    escalations: { type: 'string', default: '60' },
    rate: { type: 'string', default: '2' },
  },
});
const SUBSCRIBERS = Number(args.subscribers);
const ESCALATIONS = Number(args.escalations);
/** Escalations per second, sent on a steady beat through both processes. */
const RATE = Number(args.rate);
const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('Set BENCH_DATABASE_URL (or DATABASE_URL) to a PostgreSQL server; the bench creates its own database.');
  process.exit(2);
}

/** Users who see Madrid's cases, and users who must never hear of them. */
const WATCHERS = ['hq.admin@demo.test', 'hq.quality@demo.test', 'es.manager@demo.test', 'es.agent@demo.test'];
const OUTSIDERS = ['bcn.agent@demo.test', 'par.agent@demo.test'];
const SUBSCRIPTION = 'subscription { caseEvents { id type case { id reference status } } }';

interface Subscriber {
  watcher: boolean;
  /** ESCALATED events received: case id → arrival times (more than one is a duplicate). */
  arrivals: Map<string, number[]>;
  otherEvents: number;
  connected: Promise<void>;
  request: ClientRequest;
}

function openSubscriber(server: ServerProcess, token: string, watcher: boolean): Subscriber {
  let markConnected = () => {};
  const subscriber: Subscriber = {
    watcher,
    arrivals: new Map(),
    otherEvents: 0,
    connected: new Promise<void>((resolve) => (markConnected = resolve)),
    request: request(`${server.url}/graphql`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    }),
  };
  subscriber.request.on('response', (response) => {
    response.setEncoding('utf8');
    let buffer = '';
    response.on('data', (chunk: string) => {
      const now = performance.now();
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(':')) markConnected();
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (!data) continue;
        const event = (JSON.parse(data.slice(6)) as { data?: { caseEvents: { type: string; case: { id: string } } } })
          .data?.caseEvents;
        if (event?.type !== 'ESCALATED') {
          subscriber.otherEvents += 1;
          continue;
        }
        const times = subscriber.arrivals.get(event.case.id) ?? [];
        times.push(now);
        subscriber.arrivals.set(event.case.id, times);
      }
    });
  });
  subscriber.request.on('error', () => undefined); // closed at the end
  subscriber.request.end(JSON.stringify({ query: SUBSCRIPTION }));
  return subscriber;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function memoryOf(pid: number | undefined): Promise<{ rssMiB: number; peakRssMiB: number }> {
  const status = pid ? await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '') : '';
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rssMiB: Math.round(kib('VmRSS') / 1024), peakRssMiB: Math.round(kib('VmHWM') / 1024) };
}

async function main(url: string) {
  const name = `hub_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const benchUrl = new URL(url);
  benchUrl.pathname = `/${name}`;
  const servers: ServerProcess[] = [];
  const subscribers: Subscriber[] = [];
  try {
    console.log(`starting two hub processes on ${name}…`);
    servers.push(await startServerProcess(benchUrl.toString()));
    servers.push(await startServerProcess(benchUrl.toString()));
    const [a, b] = servers as [ServerProcess, ServerProcess];

    const writer = [await loginAt(a, 'mad.agent@demo.test'), await loginAt(b, 'mad.agent@demo.test')];
    console.log(`opening ${ESCALATIONS} Madrid cases…`);
    const caseIds: string[] = [];
    for (let i = 0; i < ESCALATIONS; i++) {
      const server = servers[i % 2] as ServerProcess;
      const data = await gqlAt<{ openCase: { case: { id: string } } }>(
        server,
        'mutation ($input: OpenCaseInput!) { openCase(input: $input) { ... on OpenCasePayload { case { id } } } }',
        {
          input: {
            channel: 'WALK_IN',
            customer: { name: `Bench customer ${i}` },
            subject: 'Bench case',
            description: 'Opened by the fan-out benchmark.',
          },
        },
        writer[i % 2],
      );
      caseIds.push(data.openCase.case.id);
    }

    console.log(`connecting ${SUBSCRIBERS} subscribers over both processes…`);
    const tokens = new Map<string, string>();
    for (const [index, server] of servers.entries())
      for (const email of [...WATCHERS, ...OUTSIDERS]) tokens.set(`${index}:${email}`, await loginAt(server, email));
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const outsider = i % 10 === 9; // one in ten must hear nothing
      const pool = outsider ? OUTSIDERS : WATCHERS;
      const email = pool[Math.floor(i / 2) % pool.length] as string;
      subscribers.push(
        openSubscriber(servers[i % 2] as ServerProcess, tokens.get(`${i % 2}:${email}`) ?? '', !outsider),
      );
    }
    await Promise.all(subscribers.map((s) => s.connected));
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let every stream attach to its bus

    console.log(`escalating ${ESCALATIONS} cases through both processes, ${RATE} per second…`);
    const sentAt = new Map<string, number>();
    const started = performance.now();
    const escalations: Promise<unknown>[] = [];
    for (const [index, caseId] of caseIds.entries()) {
      const due = started + (index * 1000) / RATE;
      if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
      sentAt.set(caseId, performance.now());
      escalations.push(
        gqlAt(
          servers[index % 2] as ServerProcess,
          'mutation ($input: EscalateCaseInput!) { escalateCase(input: $input) { __typename } }',
          { input: { caseId, reason: 'Needs the country office' } },
          writer[index % 2],
        ),
      );
    }
    await Promise.all(escalations);
    const writeSeconds = (performance.now() - started) / 1000;

    const expected = subscribers.filter((s) => s.watcher).length * ESCALATIONS;
    const deliveredOnce = () => subscribers.reduce((sum, s) => sum + (s.watcher ? s.arrivals.size : 0), 0);
    const deadline = Date.now() + 30_000;
    while (deliveredOnce() < expected && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1000)); // late duplicates would show up here

    const latencies: number[] = [];
    let duplicated = 0;
    let leaked = 0;
    for (const subscriber of subscribers) {
      for (const [caseId, times] of subscriber.arrivals) {
        if (!subscriber.watcher) leaked += times.length;
        duplicated += times.length - 1;
        const sent = sentAt.get(caseId);
        const first = times[0];
        if (sent !== undefined && first !== undefined) latencies.push(first - sent);
      }
    }
    latencies.sort((x, y) => x - y);
    const memory = await Promise.all(servers.map((server) => memoryOf(server.pid)));
    const result = {
      date: new Date().toISOString(),
      subscribers: SUBSCRIBERS,
      escalations: ESCALATIONS,
      ratePerSecond: RATE,
      writesPerSecond: Math.round(ESCALATIONS / writeSeconds),
      expectedDeliveries: expected,
      delivered: deliveredOnce(),
      lost: expected - deliveredOnce(),
      duplicated,
      leakedToOutsiders: leaked,
      latencyMs: {
        p50: Math.round(percentile(latencies, 50)),
        p95: Math.round(percentile(latencies, 95)),
        p99: Math.round(percentile(latencies, 99)),
        max: Math.round(latencies.at(-1) ?? NaN),
      },
      servers: memory.map((m, i) => ({ process: i === 0 ? 'A' : 'B', ...m })),
    };
    console.log('\nFan-out: escalation sent → event received by each subscriber that may see it');
    console.table({
      subscribers: result.subscribers,
      escalations: result.escalations,
      'escalations/s asked': result.ratePerSecond,
      'escalations/s done': result.writesPerSecond,
      'p50 ms': result.latencyMs.p50,
      'p95 ms': result.latencyMs.p95,
      'p99 ms': result.latencyMs.p99,
      'max ms': result.latencyMs.max,
      lost: result.lost,
      duplicated: result.duplicated,
      'leaked to outsiders': result.leakedToOutsiders,
    });
    console.table(result.servers);
    await mkdir('scripts/bench/results', { recursive: true });
    await writeFile('scripts/bench/results/fanout.json', `${JSON.stringify(result, null, 2)}\n`);
    console.log('written to scripts/bench/results/fanout.json');
  } catch (error) {
    for (const [i, server] of servers.entries())
      console.error(`--- process ${i === 0 ? 'A' : 'B'} said:\n${server.output().slice(-4000)}`);
    throw error;
  } finally {
    subscribers.forEach((s) => s.request.destroy());
    await Promise.all(servers.map((server) => server.stop()));
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main(adminUrl);
