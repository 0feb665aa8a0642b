/**
 * Metrics benchmark: the HQ quality roll-up (HQ, every country, every dealer)
 * for one year, as one GraphQL request, over a generated network.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npm run bench:metrics -- --cases 1000000
 *
 * It creates (and drops) its own database on that server, generates
 * `--countries` countries of `--dealers` dealers each and `--cases` cases over
 * the last year in SQL (batched INSERT ... SELECT, with the per-case quality
 * figures the write path would have stored; the roll-up triggers are off
 * during the load and the cells recounted once after it, as seed:large does),
 * then times two requests through the real HTTP app in this process and
 * prints median and p95 of each:
 * - the HQ quality dashboard's own request (its document, imported from the
 *   web client) for the last 365 days in HQ's zone: HQ's figures, channel mix,
 *   monthly timeline, and the figures of every country;
 * - the same request for one country and its dealers (a drill-down click);
 * - the whole tree in one request: HQ, every country and every dealer, with
 *   every figure (time at each level included), over the last 365 days;
 * - openCase at a dealer, one at a time, with the roll-up triggers on and off.
 * `--keep` keeps the database, `--database NAME` times a kept one again.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { print } from 'graphql';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import pg from 'pg';
import { QualityMetricsDocument } from '../../clients/src/gql/graphql.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase, type Database } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { rebuildMetricRollups } from '../../server/analytics/metric-rollups.js';
import { createHub } from '../../server/http/app.js';
import { createCaseEventBus } from '../../server/realtime/event-bus.js';
import { DEMO_PASSWORD, seedDemoNetwork } from '../../seeds/demo.js';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    countries: { type: 'string', default: '20' },
    dealers: { type: 'string', default: '25' },
    runs: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
    database: { type: 'string' },
  },
});
const CASES = Number(args.cases);
const COUNTRIES = Number(args.countries);
const DEALERS = Number(args.dealers);
const RUNS = Number(args.runs);
const BATCH = 50_000;
const adminUrl = process.env.BENCH_DATABASE_URL;
if (!adminUrl) {
  console.error('Set BENCH_DATABASE_URL to a PostgreSQL server; the bench creates and drops its own database.');
  process.exit(2);
}

const ROLL_UP = `query ($org: ID, $from: DateTime!, $to: DateTime!) {
  metrics(organizationId: $org, from: $from, to: $to) { ...figures
    children { organization { code } ...figures children { organization { code } ...figures } } } }
  fragment figures on Metrics { casesOpened casesResolved backlog { total byStatus { status count } byAge { bucket count } }
    firstResponseMinutes { median p90 } resolutionMinutes { median p90 } slaCompliance escalationRate reopenRate
    csatAverage csatResponses qualityReviews byChannel { channel count } timeAtLevel { level medianMinutes } }`;

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Countries and dealers under the demo HQ; returns the dealers with their country. */
async function generateNetwork(database: Database): Promise<{ dealer: string; country: string; zone: string }[]> {
  const hq = await database.db
    .selectFrom('organizations')
    .select(['id', 'path'])
    .where('code', '=', 'HQ')
    .executeTakeFirstOrThrow();
  const dealers: { dealer: string; country: string; zone: string }[] = [];
  const rows = [];
  for (let c = 0; c < COUNTRIES; c += 1) {
    const country = randomUUID();
    const letters = String.fromCharCode(65 + Math.floor(c / 26), 65 + (c % 26));
    const zone = c % 2 ? 'Europe/Madrid' : 'Europe/Paris';
    rows.push({
      id: country,
      code: `B${letters}`,
      name: `Bench country ${letters}`,
      kind: 'COUNTRY' as const,
      parent_id: hq.id,
      path: [...hq.path, country],
      country_id: country,
      country: letters,
      time_zone: zone,
    });
    for (let d = 0; d < DEALERS; d += 1) {
      const dealer = randomUUID();
      rows.push({
        id: dealer,
        code: `B${letters}-${d}`,
        name: `Bench dealer ${letters} ${d}`,
        kind: 'DEALER' as const,
        parent_id: country,
        path: [...hq.path, country, dealer],
        country_id: country,
        country: letters,
        time_zone: zone,
      });
      dealers.push({ dealer, country, zone });
    }
  }
  await database.db.insertInto('organizations').values(rows).execute();
  return dealers;
}

/**
 * Cases over the last 365 days at random dealers: 30 % escalated to the country, 8 % reopened once, 85 % resolved
 * (most of them closed), 40 % of the resolved rated, the figures drawn as the write path would have stored them;
 * nothing happens after now (a recent case whose drawn resolution lies ahead is still open).
 */
async function generateCases(database: Database, dealers: { dealer: string; country: string }[], url: string) {
  // Its own connection: the app's pool has a statement timeout that a large batch on a busy machine can exceed.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const customer = await database.db
    .insertInto('customers')
    .values({ name: 'Bench customer', email: 'bench@example.test' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const dealerIds = dealers.map((d) => d.dealer);
  const countryIds = dealers.map((d) => d.country);
  // Counted once after the load (as seed:large does) rather than by the statement trigger of every batch.
  await client.query('alter table cases disable trigger metric_rollups_insert, disable trigger metric_backlog_insert');
  const started = Date.now();
  for (let offset = 0; offset < CASES; offset += BATCH) {
    const size = Math.min(BATCH, CASES - offset);
    const batch = sql`
      insert into cases (country_id, reference, access_code, subject, description, status, priority, channel,
        origin_organization_id, owner_organization_id, holder_ids, visible_to, customer_id, created_at, updated_at,
        first_responded_at, resolved_at, closed_at, rating, rated_at, first_response_minutes, resolution_minutes,
        sla_met, escalation_count, reopen_count, dealer_minutes, country_minutes)
      select country, 'BENCH-' || n, 'ACCESSCODE', 'Generated case ' || n, 'Generated for the metrics benchmark',
        case when resolved then (case when r3 < 0.7 and created + resolution + interval '7 days' < now()
          then 'CLOSED' else 'RESOLVED' end)
             when r3 < 0.4 then 'NEW' when r3 < 0.8 then 'OPEN' else 'WAITING_ON_CUSTOMER' end,
        (array['LOW','NORMAL','NORMAL','HIGH','URGENT'])[1 + floor(r4 * 5)::int],
        (array['WALK_IN','PHONE','EMAIL','WEB','CHAT','SOCIAL','EVENT'])[1 + floor(r5 * 7)::int],
        dealer, case when escalated then country else dealer end,
        case when escalated then array[dealer, country] else array[dealer] end, '{}', ${customer.id}::uuid,
        created, created,
        case when responded then created + response end,
        case when resolved then created + resolution end,
        case when resolved and r3 < 0.7 and created + resolution + interval '7 days' < now()
          then created + resolution + interval '7 days' end,
        case when rated then 1 + floor(r6 * 5)::int end,
        case when rated then created + resolution + interval '1 hour' end,
        case when responded then extract(epoch from response) / 60 * 0.3 end,
        case when resolved then extract(epoch from resolution) / 60 * 0.3 end,
        case when resolved then r6 < 0.82 end,
        case when escalated then 1 else 0 end,
        case when r7 < 0.08 then 1 else 0 end,
        case when resolved then extract(epoch from resolution) / 60 * (case when escalated then 0.1 else 0.3 end) end,
        case when resolved and escalated then extract(epoch from resolution) / 60 * 0.2 end
      from (
        select n, d.dealer, d.country, created, response, resolution, r3, r4, r5, r6, r7,
          r1 < 0.3 as escalated, r2 < 0.85 and created + resolution < now() as resolved,
          r2 < 0.95 and created + response < now() as responded,
          r2 < 0.85 and r6 < 0.4 and created + resolution + interval '1 hour' < now() as rated
        from (
          select n, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6,
            random() as r7, 1 + floor(random() * ${dealerIds.length})::int as pick,
            now() - random() * interval '365 days' as created,
            random() * interval '2 days' as response, random() * interval '10 days' as resolution
          from generate_series(${offset + 1}::int, ${offset + size}::int) as n
        ) drawn
        cross join lateral (select (${dealerIds}::uuid[])[pick] as dealer, (${countryIds}::uuid[])[pick] as country) d
      ) c`.compile(database.db);
    await client.query(batch.sql, [...batch.parameters]);
    const done = offset + size;
    const rate = Math.round(done / ((Date.now() - started) / 1000));
    console.log(
      `  ${done.toLocaleString('en')} / ${CASES.toLocaleString('en')} cases (${rate.toLocaleString('en')}/s)`,
    );
  }
  console.log('recounting the metric roll-up cells');
  const recount = Date.now();
  await rebuildMetricRollups(database.db);
  await client.query('alter table cases enable trigger metric_rollups_insert, enable trigger metric_backlog_insert');
  console.log(`  done in ${((Date.now() - recount) / 1000).toFixed(0)} s`);
  await client.query('vacuum analyze');
  await client.end();
}

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** Median, p95, min and max of `runs` timed calls, after three that warm the caches and the JIT. */
async function time(label: string, call: () => Promise<void>) {
  const timings: number[] = [];
  for (let run = -3; run < RUNS; run += 1) {
    const start = performance.now();
    await call();
    if (run >= 0) timings.push(performance.now() - start);
  }
  timings.sort((a, b) => a - b);
  console.log(`${label}, ${RUNS} runs:`);
  console.log(
    `  median ${percentile(timings, 0.5).toFixed(0)} ms, p95 ${percentile(timings, 0.95).toFixed(0)} ms, ` +
      `min ${timings[0]?.toFixed(0)} ms, max ${timings.at(-1)?.toFixed(0)} ms`,
  );
}

async function main() {
  const name = args.database ?? `hub_bench_metrics_${randomBytes(4).toString('hex')}`;
  if (!args.database) await withAdmin((client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl as string);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  const events = createCaseEventBus(database.db, {});
  try {
    console.log(`database ${name}: migrating`);
    await migrateToLatest(database.db);
    if (!args.database) {
      await seedDemoNetwork(database.db);
      const dealers = await generateNetwork(database);
      console.log(`network: ${COUNTRIES} generated countries × ${DEALERS} dealers (+ the demo network)`);
      console.log(`generating ${CASES.toLocaleString('en')} cases`);
      await generateCases(database, dealers, url.toString());
    }

    const hub = createHub({
      db: database.db,
      config: { ...loadConfig({}), seedDemo: true },
      events,
      isMigrated: () => true,
    });
    const post = async (query: string, variables: Record<string, unknown>, token?: string) => {
      const response = await hub.fetch('http://bench.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const result = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
      if (result.errors || !result.data?.metrics) throw new Error(JSON.stringify(result.errors));
      return result.data.metrics as { casesOpened: number; children: { children?: unknown[] }[] };
    };
    const login = await hub.fetch('http://bench.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation ($i: LoginInput!) { login(input: $i) { ... on LoginPayload { token } } }',
        variables: { i: { email: 'hq.quality@demo.test', password: DEMO_PASSWORD } },
      }),
    });
    const token = ((await login.json()) as { data?: { login?: { token?: string } } }).data?.login?.token;
    if (!token) throw new Error('login failed');

    // The dashboard's custom period of 365 whole days in HQ's zone, as the web client sends it.
    const hq = await database.db
      .selectFrom('organizations')
      .select('time_zone')
      .where('code', '=', 'HQ')
      .executeTakeFirstOrThrow();
    const today = DateTime.now().setZone(hq.time_zone).startOf('day');
    const dashboard = {
      organizationId: null,
      from: today.minus({ days: 364 }).toUTC().toISO(),
      to: today.plus({ days: 1 }).toUTC().toISO(),
      bucket: 'MONTH',
    };
    const now = new Date();
    const rollingYear = {
      org: null,
      from: new Date(now.getTime() - 365 * 86_400_000).toISOString(),
      to: now.toISOString(),
    };

    const first = await post(print(QualityMetricsDocument), dashboard, token);
    console.log(
      `HQ dashboard: ${first.casesOpened.toLocaleString('en')} cases opened in the year, ${first.children.length} countries`,
    );
    await time('HQ quality dashboard request (HQ + countries + monthly timeline), 365 days', async () => {
      await post(print(QualityMetricsDocument), dashboard, token);
    });
    // A click on a country in the dashboard: the same request for the busiest country and its dealers.
    const country = await database.db
      .selectFrom('organizations')
      .select('id')
      .where('kind', '=', 'COUNTRY')
      .orderBy(sql`(select count(*) from cases where cases.country_id = organizations.id)`, 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const drillDown = { ...dashboard, organizationId: encodeGlobalID('Organization', country.id) };
    await time('the same dashboard request for one country and its dealers (a drill-down click)', async () => {
      await post(print(QualityMetricsDocument), drillDown, token);
    });
    const tree = await post(ROLL_UP, rollingYear, token);
    const dealerCount = tree.children.reduce((sum, child) => sum + (child.children?.length ?? 0), 0);
    console.log(`whole tree: ${tree.children.length} countries, ${dealerCount} dealers in one request`);
    await time('HQ one-year roll-up of the whole tree (HQ + countries + dealers, every figure)', async () => {
      await post(ROLL_UP, rollingYear, token);
    });

    // What keeping the cells costs a write: a dealer's walk-ins, one at a time, with the roll-up triggers and without.
    const agentLogin = await hub.fetch('http://bench.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation ($i: LoginInput!) { login(input: $i) { ... on LoginPayload { token } } }',
        variables: { i: { email: 'mad.agent@demo.test', password: DEMO_PASSWORD } },
      }),
    });
    const agent = ((await agentLogin.json()) as { data?: { login?: { token?: string } } }).data?.login?.token;
    let walkIns = 0;
    const openCase = async () => {
      walkIns += 1;
      const response = await hub.fetch('http://bench.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}` },
        body: JSON.stringify({
          query: `mutation ($i: OpenCaseInput!) { openCase(input: $i) { __typename } }`,
          variables: {
            i: {
              channel: 'WALK_IN',
              subject: `Bench walk-in ${walkIns}`,
              description: 'Opened by npm run bench:metrics',
              customer: { name: 'Bench Walk-in', email: `bench.walkin.${walkIns}@example.test` },
            },
          },
        }),
      });
      const result = (await response.json()) as { data?: { openCase?: { __typename: string } } };
      if (result.data?.openCase?.__typename !== 'OpenCasePayload') throw new Error(JSON.stringify(result));
    };
    const triggers = ['metric_rollups_insert', 'metric_backlog_insert'];
    await time('openCase at a dealer, one at a time, roll-up cells kept', openCase);
    const switchTriggers = (on: boolean) =>
      sql.raw(`alter table cases ${triggers.map((t) => `${on ? 'enable' : 'disable'} trigger ${t}`).join(', ')}`);
    const offSince = new Date();
    await switchTriggers(false).execute(database.db);
    try {
      await time('openCase at a dealer, one at a time, roll-up triggers off (for comparison only)', openCase);
    } finally {
      await switchTriggers(true).execute(database.db);
      // The walk-ins opened meanwhile are counted now, as the triggers would have.
      const missed = sql`array(select c from cases c where c.created_at >= ${offSince.toISOString()}::timestamptz)`;
      await sql`select metric_rollups_apply(${missed}, '{}'::cases[]), metric_backlog_apply(${missed}, '{}'::cases[])`.execute(
        database.db,
      );
    }
  } finally {
    await events.close();
    await database.close();
    if (!args.keep && !args.database)
      await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`));
    else console.log(`kept database ${name}: --database ${name} times it again`);
  }
}

await main();
