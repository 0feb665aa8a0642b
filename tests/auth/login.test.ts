import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../seeds/demo.js';
import { ENGINES, startHub, type GraphQLResponse, type TestHub } from '../support/hub.js';

const LOGIN = `mutation ($input: LoginInput!) {
  login(input: $input) {
    __typename
    ... on LoginPayload { token viewer { email memberships { role organization { code } } } }
    ... on Error { message }
  }
}`;
const VIEWER = '{ viewer { email } }';
const ORGANIZATIONS = '{ organizations { code } }';

describe.each(ENGINES)('login on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(engine);
  });
  afterAll(() => hub?.close());

  it.each(DEMO_USERS.map((u) => [u.email, u.memberships[0]]))(
    '%s logs in with the demo password',
    async (email, membership) => {
      const result = await hub.gql<{
        login: {
          __typename: string;
          viewer: { email: string; memberships: { role: string; organization: { code: string } }[] };
        };
      }>(LOGIN, { input: { email, password: 'demo-password' } });
      expect(result.data?.login.__typename).toBe('LoginPayload');
      expect(result.data?.login.viewer.email).toBe(email);
      expect(result.data?.login.viewer.memberships).toEqual([
        { role: membership?.role, organization: { code: membership?.organizationCode } },
      ]);
    },
  );

  it('gives the same answer for a wrong password and an unknown e-mail', async () => {
    const wrongPassword = await hub.gql<{ login: unknown }>(LOGIN, {
      input: { email: 'mad.agent@demo.test', password: 'nope' },
    });
    const unknownUser = await hub.gql<{ login: unknown }>(LOGIN, {
      input: { email: 'nobody@demo.test', password: 'nope' },
    });
    expect(wrongPassword.data?.login).toEqual({
      __typename: 'InvalidCredentialsError',
      message: 'Wrong e-mail or password',
    });
    expect(unknownUser.data?.login).toEqual(wrongPassword.data?.login);
  });

  it('refuses a blank e-mail with a validation error naming the field', async () => {
    const result = await hub.gql<{ login: { __typename: string; message: string } }>(LOGIN, {
      input: { email: ' ', password: 'x' },
    });
    expect(result.data?.login.__typename).toBe('ValidationError');
    expect(result.data?.login.message).toMatch(/email/);
  });

  it('refuses a NUL character in the e-mail or the password as bad input, not a server error', async () => {
    for (const input of [
      { email: 'mad.agent@demo.test\u0000', password: 'demo-password' },
      { email: 'mad.agent@demo.test', password: 'demo\u0000password' },
    ]) {
      const result = await hub.gql<{ login: { __typename: string; message: string } }>(LOGIN, { input });
      expect(result.errors).toBeUndefined();
      expect(result.data?.login.__typename).toBe('ValidationError');
    }
  });

  it('accepts the e-mail in any case and with spaces around it', async () => {
    const result = await hub.gql<{ login: { __typename: string } }>(LOGIN, {
      input: { email: '  MAD.Agent@Demo.test ', password: 'demo-password' },
    });
    expect(result.data?.login.__typename).toBe('LoginPayload');
  });

  it('knows the viewer from the bearer token, and nobody without one', async () => {
    const token = await hub.login('es.agent@demo.test');
    expect((await hub.gql(VIEWER, {}, token)).data).toEqual({ viewer: { email: 'es.agent@demo.test' } });
    expect((await hub.gql(VIEWER)).data).toEqual({ viewer: null });
  });

  it('asks for a login where one is needed', async () => {
    const result = await hub.gql(ORGANIZATIONS);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('stops accepting a token once it has expired', async () => {
    // given a session whose expiry has passed
    const token = await hub.login('bcn.agent@demo.test');
    const user = await hub.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'bcn.agent@demo.test')
      .executeTakeFirstOrThrow();
    await hub.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', user.id)
      .execute();
    // when it is used, then the request is anonymous
    expect((await hub.gql(VIEWER, {}, token)).data).toEqual({ viewer: null });
    expect((await hub.gql(ORGANIZATIONS, {}, token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('stops accepting a token after logout, while other sessions go on', async () => {
    const first = (
      await hub.gql<{ login: { token: string } }>(LOGIN, {
        input: { email: 'fr.agent@demo.test', password: 'demo-password' },
      })
    ).data?.login.token;
    const second = (
      await hub.gql<{ login: { token: string } }>(LOGIN, {
        input: { email: 'fr.agent@demo.test', password: 'demo-password' },
      })
    ).data?.login.token;
    expect((await hub.gql('mutation { logout }', {}, first)).data).toEqual({ logout: true });
    expect((await hub.gql(VIEWER, {}, first)).data).toEqual({ viewer: null });
    expect((await hub.gql(VIEWER, {}, second)).data).toEqual({ viewer: { email: 'fr.agent@demo.test' } });
  });

  it('stores only a hash of each token', async () => {
    const token = await hub.login('hq.admin@demo.test');
    const stored = await hub.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.some((s) => s.token_hash === token)).toBe(false);
  });
});

describe.each(ENGINES)('password guessing on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub(engine, { config: { failedLoginsPerAccount: 3, loginsPerClientPerMinute: 8 } });
  });
  afterAll(() => hub?.close());

  const attempt = (email: string, password: string) =>
    hub.gql<{ login: { __typename: string } | null }>(LOGIN, { input: { email, password } });

  it('locks an account after repeated wrong passwords, says when to retry, and leaves other accounts alone', async () => {
    // given three wrong passwords for Marta
    for (let i = 0; i < 3; i++)
      expect((await attempt('mad.agent@demo.test', `guess-${i}`)).data?.login?.__typename).toBe(
        'InvalidCredentialsError',
      );
    // when she (or the guesser) tries again, even with the right password
    const locked = await attempt('mad.agent@demo.test', 'demo-password');
    // then the answer is "too many attempts", with a retry time
    expect(locked.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(locked.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(60);
    // and another account still signs in from the same client
    expect((await attempt('bcn.agent@demo.test', 'demo-password')).data?.login?.__typename).toBe('LoginPayload');
  });

  it('slows down one client that tries many accounts, answering 429 with Retry-After', async () => {
    // given the attempts left for this client in this minute are spent (8 per minute here)
    for (let i = 0; i < 8; i++) await attempt(`nobody${i}@demo.test`, 'x');
    // when it tries once more
    const response = await hub.hub.fetch('http://hub.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOGIN, variables: { input: { email: 'es.agent@demo.test', password: 'x' } } }),
    });
    // then it is told to come back later
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await response.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });
});
