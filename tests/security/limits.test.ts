import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, MAX_REQUEST_BYTES } from '../../server/http/security.js';
import { startHub, type GraphQLResponse, type TestHub } from '../support/hub.js';

const post = (hub: TestHub, body: unknown, headers: Record<string, string> = {}) =>
  hub.hub.fetch('http://hub.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function errorsOf(response: Response) {
  return ((await response.json()) as GraphQLResponse).errors ?? [];
}

describe('limits on what one request may ask', () => {
  let hub: TestHub;
  let token: string;
  beforeAll(async () => {
    hub = await startHub('pglite');
    token = await hub.login('hq.admin@demo.test');
  });
  afterAll(() => hub?.close());

  const asAdmin = () => ({ authorization: `Bearer ${token}` });

  it('refuses a query nested deeper than 12 levels before running it', async () => {
    const chain = (parents: number) =>
      `{ viewer { memberships { organization { ${'parent { '.repeat(parents)}code${' }'.repeat(parents)} } } } }`;
    const [deep, tooDeep] = [chain(7), chain(12)];
    expect((await errorsOf(await post(hub, { query: deep }, asAdmin()))).length).toBe(0);
    const errors = await errorsOf(await post(hub, { query: tooDeep }, asAdmin()));
    expect(errors[0]?.message).toMatch(/depth/i);
  });

  it('refuses more than 15 aliases, and batched requests', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: viewer { email }`).join(' ');
    expect((await errorsOf(await post(hub, { query: `{ ${aliases} }` }, asAdmin())))[0]?.message).toMatch(/alias/i);
    const batch = await post(hub, [{ query: '{ viewer { email } }' }, { query: '{ viewer { email } }' }], asAdmin());
    expect(batch.status).toBeGreaterThanOrEqual(400);
    expect(batch.status).toBeLessThan(500);
  });

  it('refuses pages over 100 rows with a clear message', async () => {
    const response = await post(hub, { query: '{ cases(first: 101) { totalCount } }' }, asAdmin());
    const [error] = await errorsOf(response);
    expect(error?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(error?.message).toMatch(/100/);
  });

  it('refuses a body over the size limit with 413, before parsing it', async () => {
    const huge = JSON.stringify({ query: `{ viewer { email } } #${'x'.repeat(MAX_REQUEST_BYTES)}` });
    const response = await post(hub, huge, asAdmin());
    expect(response.status).toBe(413);
  });

  it('runs a GET only with the anti-CSRF header, so a cross-site link or image cannot', async () => {
    const url = `http://hub.test/graphql?query=${encodeURIComponent('{ viewer { email } }')}`;
    const headers = { accept: 'application/json', ...asAdmin() };
    const crossSite = await hub.hub.fetch(url, { headers });
    expect(crossSite.status).toBe(403);
    const ownClient = await hub.hub.fetch(url, { headers: { ...headers, [CSRF_HEADER]: '1' } });
    expect(await ownClient.json()).toEqual({ data: { viewer: { email: 'hq.admin@demo.test' } } });
  });
});

describe('in production', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub('pglite', { config: { production: true } });
  });
  afterAll(() => hub?.close());

  it('hides the schema: no introspection, no GraphiQL, no field suggestions', async () => {
    const introspection = await errorsOf(await post(hub, { query: '{ __schema { types { name } } }' }));
    expect(introspection[0]?.message).toMatch(/introspection/i);
    const page = await hub.hub.fetch('http://hub.test/graphql', { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/graphiql/i);
    const typo = await errorsOf(await post(hub, { query: '{ viewr { email } }' }));
    expect(typo[0]?.message).not.toMatch(/did you mean/i);
  });

  it('answers an unexpected failure with a request id and no internals', async () => {
    // given a database that is gone, when a signed-in query needs it
    await hub.database.close();
    const response = await post(hub, { query: '{ viewer { email } }' }, { authorization: 'Bearer whatever' });
    const [error] = await errorsOf(response);
    // then the client learns only that it failed, and which request to quote
    expect(error?.message).toMatch(/Unexpected error/);
    expect(error?.extensions?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(error)).not.toMatch(/stack|at .*\.ts|pglite|closed/i);
  });
});
