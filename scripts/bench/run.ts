/**
 * The benchmarks of the large data set (load it first with `npm run seed:large`):
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:54329/bench_large npm run bench [-- --only case,list,open,cold]
 *
 * - case: `case(reference)` as a dealer agent, 32 connections, after a warm-up,
 *   through the hub and through a bare node:http + pg server running the same
 *   SQL (raw-case-server.ts); the ratio hub/raw.
 * - list: a country user's `cases(first: 50)` over the country's whole
 *   subtree, one request at a time: p50/p95/p99, and the plan of its SQL
 *   (EXPLAIN ANALYZE, BUFFERS).
 * - open: `openCase` at 32 connections with SSE subscribers listening
 *   (caseEvents), the rate sustained, the events the subscribers received, and
 *   what the database sessions waited on meanwhile.
 * - cold: `npm start` on an empty embedded database until /health/ready, median of `--runs` (5), against the
 *   server run from its sources by tsx; needs no DATABASE_URL (`npm run bench -- --only cold`).
 *
 * Each prints a table and writes scripts/bench/results/<name>.json, with the
 * machine's load average while it ran (other work on the machine skews them).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { viewerForToken } from '../../server/auth/sessions.js';
import { viewerContext } from '../../server/auth/viewer-context.js';
import { listCases } from '../../server/cases/case-queries.js';
import { SCHEDULER_LOCK_KEY } from '../../server/sla/scheduler.js';
import type { DB } from '../../server/db/schema.js';
import type { HubContext } from '../../server/graphql/context.js';
import {
  freePort,
  gqlAt,
  loginAt,
  startServerProcess,
  type ServerProcess,
} from '../../tests/support/server-process.js';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string', default: 'case,list,open,cold' },
    connections: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '10' },
    duration: { type: 'string', default: '20' },
    subscribers: { type: 'string', default: '50' },
    runs: { type: 'string', default: '5' },
  },
});
const ONLY = new Set(args.only.split(','));
const CONNECTIONS = Number(args.connections);
const WARMUP_S = Number(args.warmup);
const DURATION_S = Number(args.duration);
const SUBSCRIBERS = Number(args.subscribers);
const COLD_RUNS = Number(args.runs);
const RESULTS_DIR = new URL('./results/', import.meta.url);

// The cold start needs no data set; the others run against the large one.
const ON_LARGE_DATA_SET = ['case', 'list', 'open'].some((name) => ONLY.has(name));
const databaseUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || '';
if (ON_LARGE_DATA_SET && !databaseUrl.startsWith('postgres')) {
  console.error(
    'npm run bench measures PostgreSQL with the large data set: set DATABASE_URL (or BENCH_DATABASE_URL) to the ' +
      'database loaded by `npm run seed:large`. The embedded PGlite database is not what these numbers are about.',
  );
  process.exit(2);
}
const url = databaseUrl;

async function loadAverage(): Promise<number[]> {
  const text = await readFile('/proc/loadavg', 'utf8').catch(() => '');
  return text.split(' ').slice(0, 3).map(Number);
}

async function report(name: string, rows: Record<string, string | number>[], details: Record<string, unknown>) {
  console.log(`\n${name}`);
  console.table(rows);
  await mkdir(RESULTS_DIR, { recursive: true });
  const result = { name, measuredAt: new Date().toISOString(), loadAverage: await loadAverage(), rows, ...details };
  await writeFile(new URL(`${name}.json`, RESULTS_DIR), JSON.stringify(result, null, 2) + '\n');
}

function hub(env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServerProcess(url, undefined, { SEED_DEMO: '0', LOG_LEVEL: 'warn', ...env });
}

/** A dealer with many cases, one of its agents, references it may read; and the biggest country's agent. */
async function pickSubjects(pool: pg.Pool) {
  const dealer = await pool.query<{ id: string; code: string }>(
    `select o.id, o.code from organizations o
     join (select origin_organization_id as id, count(*) as n from cases group by 1) c on c.id = o.id
     where o.kind = 'DEALER' and exists (select 1 from memberships m where m.organization_id = o.id and m.role = 'AGENT')
     order by c.n desc limit 1`,
  );
  const dealerRow = dealer.rows[0];
  if (!dealerRow) throw new Error('No dealers: load the data set with `npm run seed:large` first');
  const references = await pool.query<{ reference: string }>(
    `select reference from cases where visible_to @> array[$1]::uuid[] order by random() limit 2000`,
    [dealerRow.id],
  );
  const country = await pool.query<{ id: string; code: string }>(
    `select o.id, o.code from organizations o
     join (select country_id as id, count(*) as n from cases group by 1) c on c.id = o.id
     order by c.n desc limit 1`,
  );
  const countryRow = country.rows[0]!;
  const email = (organizationId: string) =>
    pool
      .query<{ email: string }>(
        `select u.email from users u join memberships m on m.user_id = u.id
         where m.organization_id = $1 and m.role = 'AGENT' order by u.email limit 1`,
        [organizationId],
      )
      .then((result) => result.rows[0]!.email);
  // Staff who see the dealer's cases from above: its country office and HQ.
  const observers = await pool.query<{ email: string }>(
    `select u.email from users u join memberships m on m.user_id = u.id join organizations o on o.id = m.organization_id
     where m.role = 'AGENT' and u.email like '%@bench.test'
       and o.id in (select unnest(path[1:2]) from organizations where id = $1)
     order by u.email`,
    [dealerRow.id],
  );
  return {
    dealer: { ...dealerRow, agent: await email(dealerRow.id), references: references.rows.map((r) => r.reference) },
    country: { ...countryRow, agent: await email(countryRow.id) },
    observers: observers.rows.map((r) => r.email),
  };
}

type Subjects = Awaited<ReturnType<typeof pickSubjects>>;

function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** A warm-up run, then the measured run, with the same requests. */
async function measure(options: autocannon.Options): Promise<autocannon.Result> {
  await cannon({ ...options, duration: WARMUP_S });
  return cannon({ ...options, duration: DURATION_S });
}

const cyclingBodies = (bodies: string[]) => {
  let next = 0;
  return (request: autocannon.Request) => ({ ...request, body: bodies[next++ % bodies.length] });
};

const latencyRow = (label: string, result: autocannon.Result) => ({
  server: label,
  'requests/s': Math.round(result.requests.average),
  'p50 ms': result.latency.p50,
  'p99 ms': result.latency.p99,
  errors: result.errors + result.non2xx + result.timeouts,
  requests: result.requests.total,
});

const CASE_QUERY = `query CaseByReference($reference: String!) {
  case(reference: $reference) { id reference subject status priority channel createdAt updatedAt version }
}`;

async function benchCase(subjects: Subjects) {
  const api = await hub();
  let raw: { stop(): Promise<void> } | undefined;
  try {
    const token = await loginAt(api, subjects.dealer.agent);
    const references = subjects.dealer.references;
    const probe = await gqlAt<{ case: { reference: string } | null }>(api, CASE_QUERY, { reference: references[0] });
    if (probe.case !== null) throw new Error('an anonymous request read a case');
    const seen = await gqlAt<{ case: { reference: string } | null }>(
      api,
      CASE_QUERY,
      { reference: references[0] },
      token,
    );
    if (seen.case?.reference !== references[0]) throw new Error(`the dealer agent cannot read ${references[0]}`);

    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const loadBefore = await loadAverage();
    const apiResult = await measure({
      url: `${api.url}/graphql`,
      connections: CONNECTIONS,
      requests: [
        {
          method: 'POST',
          headers,
          setupRequest: cyclingBodies(
            references.map((reference) => JSON.stringify({ query: CASE_QUERY, variables: { reference } })),
          ),
        },
      ],
    });
    await api.stop();

    const rawPort = await freePort();
    raw = await startRawServer(rawPort, token);
    const rawResult = await measure({
      url: `http://127.0.0.1:${rawPort}/case`,
      connections: CONNECTIONS,
      requests: [
        {
          method: 'POST',
          headers,
          setupRequest: cyclingBodies(references.map((reference) => JSON.stringify({ reference }))),
        },
      ],
    });
    const ratio = apiResult.requests.average / rawResult.requests.average;
    await report(
      'case-by-reference',
      [
        latencyRow('hub (GraphQL)', apiResult),
        latencyRow('bare node:http + pg', rawResult),
        { server: 'ratio hub/raw', 'requests/s': ratio.toFixed(2) },
      ],
      {
        dealer: subjects.dealer.code,
        connections: CONNECTIONS,
        warmupSeconds: WARMUP_S,
        durationSeconds: DURATION_S,
        ratio,
        loadAverageBefore: loadBefore,
        // The levers under measurement, as the hub process read them.
        sessionCacheMs: process.env.SESSION_CACHE_MS ?? 'default',
        preparedStatements: process.env.DATABASE_PREPARED_STATEMENTS ?? 'default',
      },
    );
  } finally {
    await api.stop();
    await raw?.stop();
  }
}

async function startRawServer(port: number, token: string): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/raw-case-server.ts'], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: url, BENCH_TOKEN: token },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`raw server exited (${code})`)));
  });
  return {
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

const LIST_QUERY = `query CountryCases($first: Int!) {
  cases(first: $first) { edges { cursor node { id reference subject status priority updatedAt } } pageInfo { hasNextPage endCursor } }
}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function benchList(subjects: Subjects) {
  const api = await hub();
  try {
    const token = await loginAt(api, subjects.country.agent);
    const once = async () => {
      const started = performance.now();
      const data = await gqlAt<{ cases: { edges: unknown[] } }>(api, LIST_QUERY, { first: 50 }, token);
      if (data.cases.edges.length !== 50) throw new Error('expected a full page');
      return performance.now() - started;
    };
    for (const end = Date.now() + Math.min(WARMUP_S, 5) * 1000; Date.now() < end;) await once();
    const timings: number[] = [];
    for (const end = Date.now() + Math.min(DURATION_S, 15) * 1000; Date.now() < end;) timings.push(await once());
    timings.sort((a, b) => a - b);

    const plan = await explainList(token);
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the page's SQL for ${subjects.country.agent}:\n${plan.text}`);
    await report(
      'country-cases-page',
      [
        {
          country: subjects.country.code,
          requests: timings.length,
          'p50 ms': Number(percentile(timings, 50).toFixed(1)),
          'p95 ms': Number(percentile(timings, 95).toFixed(1)),
          'p99 ms': Number(percentile(timings, 99).toFixed(1)),
          'seq scan of cases': plan.seqScanOfCases ? 'YES' : 'no',
        },
      ],
      { sql: plan.sql, plan: plan.text },
    );
  } finally {
    await api.stop();
  }
}

/** The SQL `cases(first: 50)` runs for this viewer, from the hub's own code, and its plan. */
async function explainList(token: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const captured: CompiledQuery[] = [];
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  try {
    const viewer = await viewerForToken(db, token);
    if (!viewer) throw new Error('the country agent has no session');
    captured.length = 0;
    await listCases({ db, ...viewerContext(db, viewer) } as unknown as HubContext, {}, { first: 50 }, null);
    const query = captured.at(-1)!;
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, buffers) ${query.sql}`,
      query.parameters as unknown[],
    );
    const text = rows.map((row) => row['QUERY PLAN']).join('\n');
    return { sql: query.sql, text, seqScanOfCases: /Seq Scan on cases\b/.test(text) };
  } finally {
    await db.destroy();
  }
}

const OPEN_CASE = `mutation OpenCase($input: OpenCaseInput!) {
  openCase(input: $input) { __typename ... on OpenCasePayload { case { id reference } } }
}`;
const SUBSCRIPTION = 'subscription { caseEvents { id type case { id } } }';

/** An SSE subscriber counting the events it hears. */
function subscribe(server: ServerProcess, token: string) {
  const state = { events: 0, connected: false, request: undefined as ClientRequest | undefined };
  state.request = httpRequest(`${server.url}/graphql`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
  });
  state.request.on('response', (response) => {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      state.connected = true;
      state.events += chunk.split('\n').filter((line) => line.startsWith('data: ')).length;
    });
  });
  state.request.on('error', () => undefined);
  state.request.end(JSON.stringify({ query: SUBSCRIPTION }));
  return state;
}

async function benchOpen(subjects: Subjects) {
  const api = await hub();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const subscribers: ReturnType<typeof subscribe>[] = [];
  try {
    const token = await loginAt(api, subjects.dealer.agent);
    const observerTokens = await Promise.all(subjects.observers.slice(0, 10).map((email) => loginAt(api, email)));
    for (let i = 0; i < SUBSCRIBERS; i++) subscribers.push(subscribe(api, observerTokens[i % observerTokens.length]!));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const bodies = Array.from({ length: 1000 }, (_, i) =>
      JSON.stringify({
        query: OPEN_CASE,
        variables: {
          input: {
            channel: 'PHONE',
            subject: `Bench openCase ${i}`,
            description: 'Opened by npm run bench',
            customer: { name: 'Bench Customer', email: `bench.open.${i % 100}@example.test` },
          },
        },
      }),
    );
    const options: autocannon.Options = {
      url: `${api.url}/graphql`,
      connections: CONNECTIONS,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          setupRequest: cyclingBodies(bodies),
        },
      ],
    };
    await cannon({ ...options, duration: Math.min(WARMUP_S, 5) });
    const count = async () =>
      Number(
        (await pool.query<{ n: string }>(`select count(*) as n from cases where subject like 'Bench openCase %'`))
          .rows[0]!.n,
      );
    const casesBefore = await count();
    const heard = subscribers.reduce((sum, s) => sum + s.events, 0);
    const waits = new Map<string, number>();
    const sampler = setInterval(() => {
      void pool
        .query<{ wait: string; n: string }>(
          `select coalesce(wait_event_type || ':' || wait_event, state) as wait, count(*) as n from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle' group by 1`,
        )
        .then(({ rows }) => rows.forEach((row) => waits.set(row.wait, (waits.get(row.wait) ?? 0) + Number(row.n))))
        .catch(() => undefined);
    }, 250);
    const started = performance.now();
    const result = await cannon({ ...options, duration: DURATION_S });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const opened = (await count()) - casesBefore;
    const delivered = subscribers.reduce((sum, s) => sum + s.events, 0) - heard;
    const topWaits = [...waits.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
    await report(
      'open-case',
      [
        {
          'opened/s': Math.round(opened / seconds),
          'p50 ms': result.latency.p50,
          'p99 ms': result.latency.p99,
          subscribers: subscribers.filter((s) => s.connected).length,
          'events delivered': delivered,
          'expected deliveries': opened * subscribers.length,
          errors: result.errors + result.non2xx + result.timeouts,
        },
      ],
      {
        connections: CONNECTIONS,
        durationSeconds: DURATION_S,
        opened,
        databaseWaitSamples: Object.fromEntries(topWaits),
      },
    );
    console.log('database sessions, sampled every 250 ms (what they were doing or waiting on):');
    console.table(topWaits.map(([wait, samples]) => ({ wait, samples })));
  } finally {
    for (const subscriber of subscribers) subscriber.request?.destroy();
    await api.stop();
    await pool.end();
  }
}

/** Seconds from spawning `command` until /health/ready answers 200, on an empty embedded database. */
async function secondsToReady(command: string, commandArgs: string[]): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hub-cold-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, commandArgs, {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return (performance.now() - started) / 1000;
      if (child.exitCode !== null) throw new Error(`${command} ${commandArgs.join(' ')} exited`);
      if (performance.now() - started > 120_000) throw new Error('not ready within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * `npm start` on an empty embedded database, after the build `npm ci` makes (made fresh first, and not
 * counted), against the server run from its sources by tsx (no bundle, no migrated template) in the same
 * conditions; runs alternate, so both see the same load.
 */
async function benchCold() {
  await new Promise((resolve, reject) =>
    spawn(process.execPath, ['scripts/build.js'], { stdio: 'inherit' }).once('exit', (code) =>
      code === 0 ? resolve(code) : reject(new Error('the build failed')),
    ),
  );
  const variants = [
    { command: 'npm start (the build)', run: () => secondsToReady('npm', ['start']) },
    {
      command: 'tsx server/main.ts (sources)',
      run: () => secondsToReady(process.execPath, ['--import', 'tsx', 'server/main.ts']),
    },
  ];
  const seconds = variants.map(() => [] as number[]);
  const loads: number[] = [];
  for (let run = 0; run < COLD_RUNS; run++) {
    for (const [i, variant] of variants.entries()) {
      seconds[i]!.push(await variant.run());
      loads.push((await loadAverage())[0] ?? 0);
    }
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  const round = (value: number) => Number(value.toFixed(2));
  await report(
    'cold-start',
    variants.map((variant, i) => ({
      command: variant.command,
      runs: COLD_RUNS,
      'median s to ready': round(median(seconds[i]!)),
      'min s': round(Math.min(...seconds[i]!)),
      'max s': round(Math.max(...seconds[i]!)),
    })),
    { seconds: Object.fromEntries(variants.map((variant, i) => [variant.command, seconds[i]])), loads },
  );
  console.log(`load average (1 min) after each run: ${loads.join(' ')}`);
}

if (ON_LARGE_DATA_SET) {
  // The hub's SLA scheduler would spend the measurements catching up on the loaded history (the load writes
  // no SLA_WARNING / SLA_BREACHED events): the bench holds the scheduler's lock, so every hub skips its passes.
  const schedulerLock = new pg.Client({ connectionString: url });
  await schedulerLock.connect();
  await schedulerLock.query('select pg_advisory_lock($1)', [SCHEDULER_LOCK_KEY]);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const subjects = await pickSubjects(pool).finally(() => pool.end());
  console.log(
    `dealer ${subjects.dealer.code} (${subjects.dealer.agent}), country ${subjects.country.code} (${subjects.country.agent}); ` +
      `load average ${(await loadAverage()).join(' ')}`,
  );
  if (ONLY.has('case')) await benchCase(subjects);
  if (ONLY.has('list')) await benchList(subjects);
  if (ONLY.has('open')) await benchOpen(subjects);
  await schedulerLock.end();
}
if (ONLY.has('cold')) await benchCold();
