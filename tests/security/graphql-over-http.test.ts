import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from '../support/hub.js';

describe('GraphQL over HTTP compliance (graphql-http server audit)', () => {
  let hub: TestHub;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    hub = await startHub('pglite');
    server = createServer(hub.hub);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await hub?.close();
  });

  it('passes every MUST of the spec against the running server', async () => {
    const results = await auditServer({ url });
    const failedMusts = results
      .filter((result) => result.status !== 'ok' && result.name.startsWith('MUST'))
      .map((result) => `${result.name}: ${'reason' in result ? result.reason : ''}`);
    expect(failedMusts).toEqual([]);
    expect(results.filter((result) => result.name.startsWith('MUST')).length).toBeGreaterThan(10);
  });
});
