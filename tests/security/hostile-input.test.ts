import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseAs } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';

const schema = buildSchema(readFileSync('schema/schema.graphql', 'utf8'));
const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});

/** Strings a hostile client would try: empty, blank, huge, control characters, injections, look-alike ids. */
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', "' or 1=1 --", '<script>alert(1)</script>', '%', '_', '\\'),
  fc.constantFrom('ES-MAD', 'ES-MAD2', 'ES-2026-000001', 'ES-2026-0000', '00000000-0000-0000-0000-000000000000'),
  fc.string({ minLength: 20_001, maxLength: 21_000 }),
);

describe.each(ENGINES)('hostile input to every mutation on %s', (engine) => {
  let hub: TestHub;
  let token: string;
  /** Ids a client might paste: its own case, another branch's, organizations and users, and garbage. */
  let knownIds: string[];
  beforeAll(async () => {
    hub = await startHub(engine, {
      config: { loginsPerClientPerMinute: 100_000, publicLookupsPerClientPerMinute: 100_000 },
    });
    token = await hub.login('mad.agent@demo.test');
    const own = await openCaseAs(hub, 'mad.agent@demo.test');
    const other = await openCaseAs(hub, 'bcn.agent@demo.test');
    const orgs = await hub.gql<{ organizations: { id: string }[] }>(
      '{ organizations { id } }',
      {},
      await hub.login('hq.admin@demo.test'),
    );
    knownIds = [own.id, other.id, ...(orgs.data?.organizations.map((o) => o.id) ?? [])];
  });
  afterAll(() => hub?.close());

  function valueFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
    if (isNonNullType(type)) return valueFor(type.ofType, depth);
    const nullable = (arbitrary: fc.Arbitrary<unknown>) => fc.oneof({ weight: 6, arbitrary }, fc.constant(null));
    if (isListType(type)) return nullable(fc.array(valueFor(type.ofType, depth + 1), { maxLength: 4 }));
    if (isEnumType(type)) return nullable(fc.constantFrom(...type.getValues().map((v) => v.name)));
    if (isInputObjectType(type)) {
      if (depth > 3) return fc.constant(null);
      const fields = Object.values(type.getFields());
      return nullable(fc.record(Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, depth + 1)]))));
    }
    if (isScalarType(type)) {
      switch (type.name) {
        case 'Int':
          return nullable(fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1, 2 ** 31 - 1, -(2 ** 31))));
        case 'Float':
          return nullable(fc.double({ noNaN: true }));
        case 'Boolean':
          return nullable(fc.boolean());
        case 'ID':
          return nullable(fc.oneof(fc.constantFrom(...knownIds), hostileString));
        case 'DateTime':
          return nullable(
            fc.oneof(
              fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
              hostileString,
            ),
          );
        default:
          return nullable(hostileString);
      }
    }
    return fc.constant(null);
  }

  /** What a half-done write would change. */
  async function footprint() {
    const { rows } = await sql<{ cases: number; events: number; versions: number; customers: number }>`
      select (select count(*) from cases)::int as cases, (select count(*) from case_events)::int as events,
             (select coalesce(sum(version), 0) from cases)::int as versions, (select count(*) from customers)::int as customers
    `.execute(hub.database.db);
    return rows[0];
  }

  it.each(mutations.map((m) => [m.name, m]))(
    '%s never answers 5xx, and a refused change stores nothing',
    async (_name, mutation) => {
      const args = mutation.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
      const call = mutation.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
      const selection = getNamedType(mutation.type).name === 'Boolean' ? '' : '{ __typename }';
      const query = `mutation${args ? `(${args})` : ''} { ${mutation.name}${call ? `(${call})` : ''} ${selection} }`;
      const variables = fc.record(Object.fromEntries(mutation.args.map((arg) => [arg.name, valueFor(arg.type)])));
      await fc.assert(
        fc.asyncProperty(variables, async (vars) => {
          const before = await footprint();
          const response = await hub.hub.fetch('http://hub.test/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query, variables: vars }),
          });
          expect(response.status).toBeLessThan(500);
          const body = (await response.json()) as {
            data?: Record<string, { __typename?: string } | boolean | null> | null;
            errors?: { extensions?: { code?: string } }[];
          };
          expect(body.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('INTERNAL_SERVER_ERROR');
          const result = body.data?.[mutation.name];
          const refused = !result || (typeof result === 'object' && /Error$/.test(result.__typename ?? ''));
          if (refused) expect(await footprint()).toEqual(before);
        }),
        { numRuns: 25, seed: 20261122 },
      );
    },
    60_000,
  );
});
