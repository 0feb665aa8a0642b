/**
 * A large network and case history in PostgreSQL, for the benchmarks:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:54329/bench_large \
 *     npm run seed:large -- --countries 40 --dealers 5000 --cases 1000000 [--reset] [--seed 1]
 *
 * The database is migrated and gets the demo network (HQ, its SLA settings,
 * the demo users), then `--countries` countries with `--dealers` dealers in
 * all (bigger and smaller countries, some dealers grouped under a dealer
 * group), their staff, customers and `--cases` cases with their event
 * histories (see case-stories.ts), streamed with COPY.
 *
 * The load writes what the write path and the triggers would have written,
 * computed here: `visible_to` (every holder's ancestors-or-self), the per-case
 * quality figures (from the real SLA clock), reference counters, and event ids
 * in commit (time) order from `case_event_log_head`, which it then advances.
 * Per-row triggers and foreign-key checks are skipped during the COPY
 * (session_replication_role = replica, which needs a superuser) and the
 * secondary indexes are dropped and rebuilt afterwards: that is what makes it
 * fast. Run it with no hub attached to the database.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { rebuildMetricRollups } from '../../server/analytics/metric-rollups.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import type { OrganizationKind, Role } from '../../server/db/schema.js';
import { loadSettingsSnapshot, type SettingsSnapshot } from '../../server/sla/settings.js';
import { DEMO_PASSWORD, seedDemoNetwork } from '../../seeds/demo.js';
import {
  BusinessTimeTable,
  clockFigures,
  fastFigures,
  pickOne,
  seededRandom,
  tellCaseStory,
  type CaseFigures,
  type StoryCase,
  type StoryOrganization,
  type StoryStep,
  type StoryUser,
} from './case-stories.js';

const { values: args } = parseArgs({
  options: {
    countries: { type: 'string', default: '40' },
    dealers: { type: 'string', default: '5000' },
    cases: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    reset: { type: 'boolean', default: false },
  },
});
const COUNTRIES = Number(args.countries);
const DEALERS = Number(args.dealers);
const CASES = Number(args.cases);
const DAY = 86_400_000;

const databaseUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
if (!databaseUrl?.startsWith('postgres')) {
  console.error(
    'seed:large loads PostgreSQL only: set DATABASE_URL (or BENCH_DATABASE_URL) to a postgres:// URL, e.g.\n' +
      '  DATABASE_URL=postgres://postgres@127.0.0.1:54329/bench_large npm run seed:large -- --reset\n' +
      'The embedded PGlite database (no DATABASE_URL) is not meant for millions of cases.',
  );
  process.exit(2);
}
if (COUNTRIES < 1 || COUNTRIES > COUNTRY_LIST().length || DEALERS < COUNTRIES || CASES < 1) {
  console.error(`--countries 1..${COUNTRY_LIST().length}, --dealers at least one per country, --cases at least 1`);
  process.exit(2);
}

/** ISO codes and time zones of the generated countries (the demo network already has ES and FR). */
function COUNTRY_LIST(): [string, string][] {
  return [
    ['DE', 'Europe/Berlin'],
    ['IT', 'Europe/Rome'],
    ['GB', 'Europe/London'],
    ['PT', 'Europe/Lisbon'],
    ['NL', 'Europe/Amsterdam'],
    ['BE', 'Europe/Brussels'],
    ['AT', 'Europe/Vienna'],
    ['CH', 'Europe/Zurich'],
    ['PL', 'Europe/Warsaw'],
    ['CZ', 'Europe/Prague'],
    ['SE', 'Europe/Stockholm'],
    ['NO', 'Europe/Oslo'],
    ['DK', 'Europe/Copenhagen'],
    ['FI', 'Europe/Helsinki'],
    ['IE', 'Europe/Dublin'],
    ['GR', 'Europe/Athens'],
    ['HU', 'Europe/Budapest'],
    ['RO', 'Europe/Bucharest'],
    ['BG', 'Europe/Sofia'],
    ['HR', 'Europe/Zagreb'],
    ['SK', 'Europe/Bratislava'],
    ['SI', 'Europe/Ljubljana'],
    ['LT', 'Europe/Vilnius'],
    ['LV', 'Europe/Riga'],
    ['EE', 'Europe/Tallinn'],
    ['LU', 'Europe/Luxembourg'],
    ['TR', 'Europe/Istanbul'],
    ['US', 'America/New_York'],
    ['CA', 'America/Toronto'],
    ['MX', 'America/Mexico_City'],
    ['BR', 'America/Sao_Paulo'],
    ['AR', 'America/Argentina/Buenos_Aires'],
    ['CL', 'America/Santiago'],
    ['JP', 'Asia/Tokyo'],
    ['KR', 'Asia/Seoul'],
    ['AU', 'Australia/Sydney'],
    ['NZ', 'Pacific/Auckland'],
    ['ZA', 'Africa/Johannesburg'],
    ['MA', 'Africa/Casablanca'],
    ['AE', 'Asia/Dubai'],
    ['IN', 'Asia/Kolkata'],
    ['SG', 'Asia/Singapore'],
  ];
}

const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Carla',
  'David',
  'Eva',
  'Felix',
  'Greta',
  'Hugo',
  'Ines',
  'Jonas',
  'Karin',
  'Luis',
  'Maria',
  'Nils',
  'Olga',
  'Pedro',
  'Rosa',
  'Simon',
  'Tanja',
  'Ugo',
  'Vera',
  'Wim',
  'Yara',
  'Zoe',
];
const LAST_NAMES = [
  'Almeida',
  'Berg',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Horvat',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Muller',
  'Novak',
  'Olsen',
  'Rossi',
  'Schmidt',
  'Silva',
  'Weber',
  'Young',
];
const SUBJECTS = [
  'Engine warning light',
  'Brake noise',
  'Infotainment freezes',
  'Delivery delayed',
  'Invoice question',
  'Paint damage at delivery',
  'Air conditioning weak',
  'Recall appointment',
  'Battery drains overnight',
  'Warranty claim refused',
  'Test drive follow-up',
  'Service appointment',
  'Window does not close',
  'Tyre pressure alert',
];
const MODELS = ['City', 'Sport', 'Estate', 'SUV', 'Van', 'EV'];

/** COPY's text format: tabs between fields, \N for null, backslash escapes. */
function copyField(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value;
}
const copyLine = (fields: (string | number | boolean | null)[]) => fields.map(copyField).join('\t') + '\n';
const pgArray = (ids: string[]) => `{${ids.join(',')}}`;
const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Buffers COPY rows and writes them in large chunks, waiting when PostgreSQL is behind. */
class CopyWriter {
  private buffer: string[] = [];
  private size = 0;
  private readonly stream: Writable;
  private readonly done: Promise<unknown>;
  constructor(client: pg.PoolClient, statement: string) {
    this.stream = client.query(copyFrom(statement));
    this.done = once(this.stream, 'finish');
  }
  async write(line: string): Promise<void> {
    this.buffer.push(line);
    this.size += line.length;
    if (this.size >= 1 << 18) await this.flush();
  }
  private async flush(): Promise<void> {
    if (!this.size) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await this.done;
  }
}

/** Steps waiting for their id, earliest first: ids follow time across all cases, as commits would. */
class StepQueue {
  private heap: { at: number; seq: number; caseRef: LoadedCase; step: StoryStep }[] = [];
  private seq = 0;
  get size() {
    return this.heap.length;
  }
  push(caseRef: LoadedCase, step: StoryStep) {
    const item = { at: step.at.getTime(), seq: this.seq++, caseRef, step };
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }
  peekAt(): number {
    return this.heap[0]?.at ?? Infinity;
  }
  pop() {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top && last && heap.length) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }
}
const before = (a: { at: number; seq: number }, b: { at: number; seq: number }) =>
  a.at < b.at || (a.at === b.at && a.seq < b.seq);

interface LoadedCase {
  id: string;
  countryId: string;
}

interface Network {
  hq: StoryOrganization;
  organizations: Map<string, StoryOrganization>;
  /** Where cases are opened, with cumulative weights for drawing. */
  origins: StoryOrganization[];
  cumulative: Float64Array;
  countryCodes: Map<string, string>;
}

async function loadNetwork(client: pg.PoolClient, random: () => number): Promise<Network> {
  const { rows: hqRows } = await client.query<{ id: string; path: string[] }>(
    `select id, path from organizations where code = 'HQ'`,
  );
  const hqRow = hqRows[0];
  if (!hqRow) throw new Error('The demo network (HQ) is missing');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const organizations = new Map<string, StoryOrganization>();
  const orgLines: string[] = [];
  const userLines: string[] = [];
  const membershipLines: string[] = [];
  let userCount = 0;
  const addStaff = (organization: StoryOrganization, code: string, agents: number, managers: number) => {
    const make = (role: Role, n: number): StoryUser => {
      const id = randomUUID();
      const name = `${pickOne(random, FIRST_NAMES)} ${pickOne(random, LAST_NAMES)}`;
      userLines.push(copyLine([id, `${role.toLowerCase()}${n}.${code.toLowerCase()}@bench.test`, name, passwordHash]));
      membershipLines.push(copyLine([id, organization.id, role]));
      userCount += 1;
      return { id, name };
    };
    for (let n = 1; n <= agents; n++) organization.agents.push(make('AGENT', n));
    for (let n = 1; n <= managers; n++) organization.managers.push(make('MANAGER', n));
  };
  const addOrganization = (
    kind: OrganizationKind,
    code: string,
    name: string,
    parent: StoryOrganization,
    countryId: string | null,
    country: string,
    zone: string,
  ) => {
    const id = randomUUID();
    const organization: StoryOrganization = {
      id,
      kind,
      path: [...parent.path, id],
      parentId: parent.id,
      countryId: countryId ?? id,
      agents: [],
      managers: [],
    };
    organizations.set(id, organization);
    orgLines.push(
      copyLine([id, code, name, kind, parent.id, pgArray(organization.path), countryId ?? id, country, zone]),
    );
    return organization;
  };

  const hq: StoryOrganization = {
    id: hqRow.id,
    kind: 'HQ',
    path: hqRow.path,
    parentId: null,
    countryId: hqRow.id,
    agents: [],
    managers: [],
  };
  organizations.set(hq.id, hq);
  addStaff(hq, 'hq', 6, 2);

  const origins: StoryOrganization[] = [];
  const weights: number[] = [];
  const countryCodes = new Map<string, string>();
  const countryWeights = Array.from({ length: COUNTRIES }, (_, i) => 1 / (i + 1) ** 0.7);
  const weightSum = countryWeights.reduce((a, b) => a + b, 0);
  let dealersLeft = DEALERS;
  for (let c = 0; c < COUNTRIES; c++) {
    const [iso2, zone] = COUNTRY_LIST()[c]!;
    const country = addOrganization('COUNTRY', iso2, `Acme ${iso2}`, hq, null, iso2, zone);
    countryCodes.set(country.id, iso2);
    addStaff(country, iso2, 4, 2);
    // The country office takes some cases itself (its hotline).
    origins.push(country);
    weights.push(2);
    const dealers =
      c === COUNTRIES - 1
        ? dealersLeft
        : Math.max(
            1,
            Math.min(dealersLeft - (COUNTRIES - 1 - c), Math.round((DEALERS * countryWeights[c]!) / weightSum)),
          );
    dealersLeft -= dealers;
    // About one dealer in six belongs to a dealer group of 2-6 dealers.
    let group: StoryOrganization | null = null;
    let groupLeft = 0;
    let groups = 0;
    for (let d = 1; d <= dealers; d++) {
      if (!groupLeft && random() < 0.04 && dealers - d > 2) {
        groups += 1;
        const code = `${iso2}-G${String(groups).padStart(3, '0')}`;
        group = addOrganization('DEALER', code, `Acme ${iso2} dealer group ${groups}`, country, country.id, iso2, zone);
        addStaff(group, code, 2, 1);
        groupLeft = 2 + Math.floor(random() * 5);
      }
      const parent = groupLeft && group ? group : country;
      if (groupLeft) groupLeft -= 1;
      const code = `${iso2}-${String(d).padStart(4, '0')}`;
      const dealer = addOrganization('DEALER', code, `Acme ${iso2} dealer ${d}`, parent, country.id, iso2, zone);
      addStaff(dealer, code, 2, 1);
      origins.push(dealer);
      weights.push(0.2 + random() * 1.8);
    }
  }
  const cumulative = new Float64Array(weights.length);
  weights.reduce((sum, weight, i) => (cumulative[i] = sum + weight), 0);

  await copyRows(
    client,
    'organizations (id, code, name, kind, parent_id, path, country_id, country, time_zone)',
    orgLines,
  );
  await copyRows(client, 'users (id, email, name, password_hash)', userLines);
  await copyRows(client, 'memberships (user_id, organization_id, role)', membershipLines);
  console.log(
    `network: ${COUNTRIES} countries, ${organizations.size - 1 - COUNTRIES} dealers and dealer groups, ` +
      `${userCount.toLocaleString('en')} staff (password: ${DEMO_PASSWORD})`,
  );
  return { hq, organizations, origins, cumulative, countryCodes };
}

async function copyRows(client: pg.PoolClient, target: string, lines: string[]) {
  const writer = new CopyWriter(client, `copy ${target} from stdin`);
  for (const line of lines) await writer.write(line);
  await writer.end();
}

function drawOrigin(network: Network, random: () => number): StoryOrganization {
  const { cumulative, origins } = network;
  const roll = random() * cumulative[cumulative.length - 1]!;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[mid]! < roll) low = mid + 1;
    else high = mid;
  }
  return origins[low]!;
}

/** Every holder's ancestors-or-self, distinct and sorted as the database's trigger stores them. */
function visibleTo(kase: StoryCase, organizations: Map<string, StoryOrganization>): string[] {
  const ids = new Set<string>();
  for (const holder of kase.holderIds) for (const id of organizations.get(holder)!.path) ids.add(id);
  return [...ids].sort();
}

function assertSameFigures(fast: CaseFigures, clock: CaseFigures) {
  const pairs: [number | boolean | null, number | boolean | null][] = [
    [fast.firstResponseMinutes, clock.firstResponseMinutes],
    [fast.resolutionMinutes, clock.resolutionMinutes],
    [fast.slaMet, clock.slaMet],
    [fast.levels.DEALER, clock.levels.DEALER],
    [fast.levels.COUNTRY, clock.levels.COUNTRY],
    [fast.levels.HQ, clock.levels.HQ],
  ];
  const same = ([a, b]: (typeof pairs)[number]) =>
    typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < 1e-6 : a === b;
  if (!pairs.every(same)) throw new Error(`Figures differ from the SLA clock: ${JSON.stringify({ fast, clock })}`);
}

async function resetDatabase(url: string) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`--reset needs a plain database name, not "${name}"`);
  target.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  console.log(`database ${name}: dropped and created`);
}

/** Secondary indexes of the bulk tables: dropped for the load, rebuilt after (much faster than row by row). */
async function secondaryIndexes(client: pg.PoolClient): Promise<{ name: string; definition: string }[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `select indexname as name, indexdef as definition from pg_indexes
     where schemaname = 'public' and tablename in ('cases', 'case_events', 'customers')
       and indexname not in (select conname from pg_constraint)`,
  );
  return rows;
}

async function main() {
  const url = databaseUrl as string;
  const started = Date.now();
  if (args.reset) await resetDatabase(url);
  const database = await openDatabase({ databaseUrl: url, dataDir: '' });
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  try {
    await migrateToLatest(database.db);
    await seedDemoNetwork(database.db);
    const existing = await database.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    if (Number(existing.count) > 0) {
      throw new Error('This database already has cases: run with --reset to start from an empty database');
    }
    const random = seededRandom(Number(args.seed));
    const setup = await pool.connect();
    let network: Network;
    let indexes: { name: string; definition: string }[];
    let head: number;
    try {
      const { rows } = await setup.query<{ rolsuper: boolean }>(
        'select rolsuper from pg_roles where rolname = current_user',
      );
      if (!rows[0]?.rolsuper) {
        throw new Error('seed:large needs a superuser connection: it loads with triggers and foreign-key checks off');
      }
      network = await loadNetwork(setup, random);
      indexes = await secondaryIndexes(setup);
      for (const index of indexes) await setup.query(`drop index ${index.name}`);
      const headRow = await setup.query<{ last_event_id: string }>('select last_event_id from case_event_log_head');
      head = Number(headRow.rows[0]?.last_event_id ?? 0);
    } finally {
      setup.release();
    }
    const snapshot = await loadSettingsSnapshot(database.db, [...network.organizations.keys()]);

    const loaded = await loadCases(pool, network, snapshot, random, head);

    console.log(`rebuilding ${indexes.length} indexes`);
    const indexStarted = Date.now();
    await inParallel(indexes, 2, async (index) => {
      const client = await pool.connect();
      try {
        await client.query(`set maintenance_work_mem = '512MB'`);
        await client.query(index.definition);
      } finally {
        client.release();
      }
    });
    console.log(`  indexes rebuilt in ${((Date.now() - indexStarted) / 1000).toFixed(0)} s`);

    const client = await pool.connect();
    try {
      await client.query('begin');
      for (const [key, last] of loaded.referenceCounters) {
        const [countryId, year] = key.split(':');
        await client.query(
          `insert into case_reference_counters (country_id, year, last_value) values ($1, $2, $3)
           on conflict (country_id, year) do update set last_value = greatest(case_reference_counters.last_value, $3)`,
          [countryId, Number(year), last],
        );
      }
      // The log's head moves past the loaded events, unless a writer took ids meanwhile.
      const moved = await client.query('update case_event_log_head set last_event_id = $1 where last_event_id = $2', [
        loaded.lastEventId,
        head,
      ]);
      if (moved.rowCount !== 1) throw new Error('case_event_log_head moved during the load: was a hub running on it?');
      await client.query('commit');

      // COPY ran with triggers off, so the metric roll-ups are counted now, from the loaded cases.
      console.log('rebuilding the metric roll-ups from the loaded cases');
      const rollupsStarted = Date.now();
      await rebuildMetricRollups(database.db);
      console.log(`metric roll-ups rebuilt in ${((Date.now() - rollupsStarted) / 1000).toFixed(0)} s`);

      console.log('checking visible_to against the tree (as the trigger derives it)');
      const { rows: wrong } = await client.query<{ count: string }>(
        `select count(*) from cases
         where visible_to <> array(select distinct ancestor from organizations, unnest(organizations.path) as ancestor
                                   where organizations.id = any(cases.holder_ids) order by ancestor)`,
      );
      if (Number(wrong[0]?.count) !== 0) throw new Error(`${wrong[0]?.count} cases have a wrong visible_to`);
      console.log('vacuum analyze');
      await client.query(
        'vacuum (analyze) organizations, users, memberships, customers, cases, case_events, metric_cells, metric_histograms',
      );
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `done in ${seconds.toFixed(0)} s: ${CASES.toLocaleString('en')} cases, ` +
        `${(loaded.lastEventId - head).toLocaleString('en')} events (ids ${head + 1}..${loaded.lastEventId}), ` +
        `${loaded.customers.toLocaleString('en')} customers`,
    );
  } finally {
    await pool.end();
    await database.close();
  }
}

async function inParallel<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) await run(item);
    }),
  );
}

async function loadCases(
  pool: pg.Pool,
  network: Network,
  snapshot: SettingsSnapshot,
  random: () => number,
  head: number,
) {
  const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
  for (const client of clients) {
    await client.query(`set session_replication_role = replica; set synchronous_commit = off`);
  }
  // On failure the connections are dropped (a COPY in progress cannot be returned to the pool).
  try {
    const [caseClient, eventClient, customerClient] = clients as [pg.PoolClient, pg.PoolClient, pg.PoolClient];
    const caseWriter = new CopyWriter(
      caseClient,
      `copy cases (id, country_id, reference, access_code, subject, description, status, priority, channel,
      origin_organization_id, owner_organization_id, holder_ids, visible_to, assignee_id, customer_id, version,
      created_at, updated_at, first_responded_at, resolved_at, closed_at, rating, rating_comment, rated_at,
      first_response_minutes, resolution_minutes, sla_met, escalation_count, reopen_count,
      dealer_minutes, country_minutes, hq_minutes) from stdin`,
    );
    const eventWriter = new CopyWriter(
      eventClient,
      `copy case_events (id, case_id, country_id, type, actor_id, actor_role, organization_id, channel, visibility,
      body, data, created_at) from stdin`,
    );
    const customerWriter = new CopyWriter(
      customerClient,
      'copy customers (id, name, email, phone, created_at, updated_at) from stdin',
    );

    const now = new Date();
    const start = now.getTime() - 365 * DAY;
    const slot = (365 * DAY) / CASES;
    const queue = new StepQueue();
    const businessTime = new BusinessTimeTable(start, now.getTime());
    let eventId = head;
    const referenceCounters = new Map<string, number>();
    const customerIds: string[] = [];
    const accessAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

    const bar = new cliProgress.SingleBar(
      {
        format:
          'cases {bar} {percentage}% {value}/{total} | {events} events, {eventRate} events/s | ' +
          'elapsed {duration_formatted} | ETA {eta_formatted}',
        etaBuffer: 50,
        fps: 2,
        // Without a terminal (CI, a log file) a line every ten seconds.
        noTTYOutput: true,
        notTTYSchedule: 10_000,
      },
      cliProgress.Presets.shades_classic,
    );
    const loadStarted = Date.now();
    bar.start(CASES, 0, { events: 0, eventRate: 0 });

    const emitUntil = async (until: number) => {
      while (queue.size && queue.peekAt() <= until) {
        const { caseRef, step } = queue.pop()!;
        const createdAt = step.at.toISOString();
        for (const event of step.events) {
          eventId += 1;
          await eventWriter.write(
            copyLine([
              eventId,
              caseRef.id,
              caseRef.countryId,
              event.type,
              step.actor.userId,
              step.actor.role,
              step.actor.organizationId,
              event.channel,
              event.visibility,
              event.body,
              JSON.stringify(event.data),
              createdAt,
            ]),
          );
        }
      }
    };

    for (let n = 0; n < CASES; n++) {
      const createdAt = new Date(start + (n + random()) * slot);
      await emitUntil(createdAt.getTime() - 1);
      const origin = drawOrigin(network, random);
      const kase = tellCaseStory(random, origin, network.organizations, createdAt, now);
      const id = randomUUID();
      const countryId = origin.countryId;
      const year = createdAt.getUTCFullYear();
      const counterKey = `${countryId}:${year}`;
      const counter = (referenceCounters.get(counterKey) ?? 0) + 1;
      referenceCounters.set(counterKey, counter);
      const reference = `${network.countryCodes.get(countryId)}-${year}-${String(counter).padStart(6, '0')}`;

      let customerId: string;
      if (customerIds.length && random() < 0.3) customerId = pickOne(random, customerIds);
      else {
        customerId = randomUUID();
        const k = customerIds.length;
        customerIds.push(customerId);
        const first = pickOne(random, FIRST_NAMES);
        const last = pickOne(random, LAST_NAMES);
        const email = random() < 0.8 ? `${first}.${last}.${k}@example.test`.toLowerCase() : null;
        const phone = random() < 0.7 ? `+4930${String(k).padStart(8, '0')}` : null;
        const at = createdAt.toISOString();
        await customerWriter.write(copyLine([customerId, `${first} ${last}`, email, phone, at, at]));
      }

      let accessCode = '';
      for (let i = 0; i < 10; i++) accessCode += accessAlphabet[Math.floor(random() * accessAlphabet.length)];
      const figures = fastFigures(kase, snapshot, network.organizations, businessTime);
      // One case in a thousand is also counted by the real SLA clock: the figures must agree.
      if (n % 1000 === 0) assertSameFigures(figures, clockFigures(kase, snapshot, network.organizations));
      await caseWriter.write(
        copyLine([
          id,
          countryId,
          reference,
          accessCode,
          `${pickOne(random, SUBJECTS)} (${pickOne(random, MODELS)})`,
          'Reported by the customer; details in the history.',
          kase.status,
          kase.priority,
          kase.channel,
          kase.originId,
          kase.ownerId,
          pgArray(kase.holderIds),
          pgArray(visibleTo(kase, network.organizations)),
          kase.assigneeId,
          customerId,
          kase.version,
          iso(kase.createdAt),
          iso(kase.updatedAt),
          iso(kase.firstRespondedAt),
          iso(kase.resolvedAt),
          iso(kase.closedAt),
          kase.rating,
          kase.ratingComment,
          iso(kase.ratedAt),
          figures.firstResponseMinutes,
          figures.resolutionMinutes,
          figures.slaMet,
          kase.escalationCount,
          kase.reopenCount,
          figures.levels.DEALER,
          figures.levels.COUNTRY,
          figures.levels.HQ,
        ]),
      );
      const caseRef = { id, countryId };
      for (const step of kase.steps) queue.push(caseRef, step);
      if (n % 2000 === 1999) {
        const seconds = (Date.now() - loadStarted) / 1000;
        bar.update(n + 1, {
          events: (eventId - head).toLocaleString('en'),
          eventRate: Math.round((eventId - head) / seconds).toLocaleString('en'),
        });
      }
    }
    await emitUntil(Infinity);
    bar.update(CASES, { events: (eventId - head).toLocaleString('en') });
    bar.stop();
    await Promise.all([caseWriter.end(), eventWriter.end(), customerWriter.end()]);
    for (const client of clients) {
      await client.query('reset session_replication_role');
      client.release();
    }
    console.log(`  loaded in ${((Date.now() - loadStarted) / 1000).toFixed(0)} s`);
    return { lastEventId: eventId, referenceCounters, customers: customerIds.length };
  } catch (error) {
    for (const client of clients) client.release(error as Error);
    throw error;
  }
}

await main();
