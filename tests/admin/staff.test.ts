import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../server/auth/sessions.js';
import { organizationIds } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';
import { subscribe, type Subscription } from '../support/sse.js';
import { adminMutation, adminOk, inviteAndLogIn, NEW_PASSWORD } from './admin-support.js';

const VIEWER = '{ viewer { email memberships { organization { code } role } } }';
const CASE_EVENTS = 'subscription { caseEvents { id type } }';

describe.each(ENGINES)('staff administration on %s', (engine) => {
  let hub: TestHub;
  let ids: Map<string, string>;
  const open: Subscription[] = [];
  beforeAll(async () => {
    hub = await startHub(engine);
    ids = await organizationIds(hub);
  });
  afterAll(async () => {
    open.forEach((s) => s.close());
    await hub?.close();
  });

  async function userId(email: string): Promise<string> {
    const row = await hub.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    return Buffer.from(`User:${row.id}`).toString('base64');
  }

  async function loginResult(email: string, password: string) {
    const result = await hub.gql<{ login: { __typename: string } }>(
      'mutation ($input: LoginInput!) { login(input: $input) { __typename } }',
      { input: { email, password } },
    );
    return result.data?.login.__typename;
  }

  async function liveFeed(token: string) {
    const subscription = await subscribe(
      (url, init) => Promise.resolve(hub.hub.fetch(url, init)),
      'http://hub.test/graphql',
      {
        token,
        query: CASE_EVENTS,
      },
    );
    open.push(subscription);
    return subscription;
  }

  it('an invitee sets a password with the one-time token and logs in; the token works once', async () => {
    // given Spain's manager invites an agent for Madrid
    const manager = await hub.login('es.manager@demo.test');
    const invited = await adminOk(hub, manager, 'inviteUser', {
      email: '  Nuria.Agent@Demo.test ',
      name: 'Nuria Agent',
      organizationId: ids.get('ES-MAD'),
      role: 'AGENT',
    });
    expect(invited.user).toMatchObject({
      email: 'nuria.agent@demo.test',
      active: true,
      memberships: [{ organization: { code: 'ES-MAD' }, role: 'AGENT' }],
    });
    const token = invited.setPasswordToken as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // the database keeps only the token's hash
    const stored = await hub.database.db.selectFrom('password_tokens').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).toContain(hashToken(token));
    expect(stored.map((s) => s.token_hash)).not.toContain(token);
    // before setting a password, no login
    expect(await loginResult('nuria.agent@demo.test', NEW_PASSWORD)).toBe('InvalidCredentialsError');
    // a password too short is refused and the token still works afterwards
    const short = await adminMutation(hub, undefined, 'setPassword', { token, password: 'short' });
    expect(short.fieldErrors?.[0]?.path).toEqual(['password']);
    // when the invitee sets a password
    const set = await adminOk(hub, undefined, 'setPassword', { token, password: NEW_PASSWORD });
    expect(set.email).toBe('nuria.agent@demo.test');
    // then they log in and are Madrid's agent
    const viewer = await hub.gql(VIEWER, {}, await hub.login('nuria.agent@demo.test'));
    expect(viewer.data).toEqual({
      viewer: { email: 'nuria.agent@demo.test', memberships: [{ organization: { code: 'ES-MAD' }, role: 'AGENT' }] },
    });
    // and the same token does not work twice
    const again = await adminMutation(hub, undefined, 'setPassword', { token, password: 'someone-elses-password' });
    expect(again.fieldErrors?.[0]?.path).toEqual(['token']);
    expect(await loginResult('nuria.agent@demo.test', 'someone-elses-password')).toBe('InvalidCredentialsError');
    // and the e-mail cannot be invited a second time
    const twice = await adminMutation(hub, manager, 'inviteUser', {
      email: 'nuria.agent@demo.test',
      name: 'Nuria Again',
      organizationId: ids.get('ES-BCN'),
      role: 'AGENT',
    });
    expect(twice.fieldErrors?.[0]?.path).toEqual(['email']);
  });

  it('an expired or unknown token sets no password; a reissued link does, and replaces the old one', async () => {
    const invited = await adminOk(hub, await hub.login('es.manager@demo.test'), 'inviteUser', {
      email: 'late.agent@demo.test',
      name: 'Late Agent',
      organizationId: ids.get('ES-BCN'),
      role: 'AGENT',
    });
    // given the invitation's validity ran out (INVITATION_TTL_HOURS later)
    await hub.database.db
      .updateTable('password_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', hashToken(invited.setPasswordToken as string))
      .execute();
    const expired = await adminMutation(hub, undefined, 'setPassword', {
      token: invited.setPasswordToken,
      password: NEW_PASSWORD,
    });
    const unknown = await adminMutation(hub, undefined, 'setPassword', {
      token: 'not-a-token',
      password: NEW_PASSWORD,
    });
    // then both are refused alike, and no login works
    expect(expired.fieldErrors).toEqual(unknown.fieldErrors);
    expect(expired.fieldErrors?.[0]?.path).toEqual(['token']);
    expect(await loginResult('late.agent@demo.test', NEW_PASSWORD)).toBe('InvalidCredentialsError');
    // when an agent asks for a new link, nothing; when the manager does, a new token
    const userId = invited.user?.id;
    const byAgent = await adminMutation(hub, await hub.login('bcn.agent@demo.test'), 'reissueInvitation', { userId });
    expect(byAgent.__typename).toBe('ForbiddenError');
    const manager = await hub.login('es.manager@demo.test');
    const first = await adminOk(hub, manager, 'reissueInvitation', { userId });
    const second = await adminOk(hub, manager, 'reissueInvitation', { userId });
    // then only the newest link works
    const superseded = await adminMutation(hub, undefined, 'setPassword', {
      token: first.setPasswordToken,
      password: NEW_PASSWORD,
    });
    expect(superseded.fieldErrors?.[0]?.path).toEqual(['token']);
    await adminOk(hub, undefined, 'setPassword', { token: second.setPasswordToken, password: NEW_PASSWORD });
    expect(await loginResult('late.agent@demo.test', NEW_PASSWORD)).toBe('LoginPayload');
    // and once a password is set there is nothing to reissue
    expect((await adminMutation(hub, manager, 'reissueInvitation', { userId })).fieldErrors?.[0]?.path).toEqual([
      'userId',
    ]);
  });

  it('a manager grants AGENT and MANAGER in their subtree only; nobody grants above their own role', async () => {
    const { userId: recruit } = await inviteAndLogIn(hub, 'es.manager@demo.test', {
      email: 'recruit@demo.test',
      organizationId: ids.get('ES-MAD') as string,
      role: 'AGENT',
    });
    const grantAs = async (token: string, organization: string, role: string, user = recruit) =>
      (await adminMutation(hub, token, 'grantRole', { userId: user, organizationId: ids.get(organization), role }))
        .__typename;
    const manager = await hub.login('es.manager@demo.test');
    expect(await grantAs(manager, 'ES-BCN', 'AGENT')).toBe('GrantRolePayload');
    expect(await grantAs(manager, 'ES-MAD', 'MANAGER')).toBe('GrantRolePayload');
    // above their own role, or a role they do not hold: refused
    expect(await grantAs(manager, 'ES-MAD', 'ADMIN')).toBe('ForbiddenError');
    expect(await grantAs(manager, 'ES', 'ADMIN')).toBe('ForbiddenError');
    expect(await grantAs(manager, 'ES-MAD', 'AUDITOR')).toBe('ForbiddenError');
    const invitingAnAdmin = await adminMutation(hub, manager, 'inviteUser', {
      email: 'sneaky@demo.test',
      name: 'Sneaky',
      organizationId: ids.get('ES'),
      role: 'ADMIN',
    });
    expect(invitingAnAdmin.__typename).toBe('ForbiddenError');
    // outside their subtree: France is not found, headquarters (an ancestor) is forbidden
    expect(await grantAs(manager, 'FR', 'AGENT')).toBe('NotFoundError');
    expect(await grantAs(manager, 'HQ', 'AGENT')).toBe('ForbiddenError');
    // a user outside their directory is not found, like an unknown id
    expect(await grantAs(manager, 'ES-MAD', 'AGENT', await userId('par.agent@demo.test'))).toBe('NotFoundError');
    expect(await grantAs(manager, 'ES-MAD', 'AGENT', await userId('hq.admin@demo.test'))).toBe('NotFoundError');
    // agents and auditors grant nothing
    expect(await grantAs(await hub.login('mad.agent@demo.test'), 'ES-MAD', 'AGENT')).toBe('ForbiddenError');
    expect(await grantAs(await hub.login('hq.quality@demo.test'), 'ES-MAD', 'AGENT')).toBe('ForbiddenError');
    // an administrator grants any role in their subtree
    const admin = await hub.login('hq.admin@demo.test');
    expect(await grantAs(admin, 'ES', 'ADMIN')).toBe('GrantRolePayload');
    expect(await grantAs(admin, 'FR', 'AUDITOR')).toBe('GrantRolePayload');
    // a manager revokes the roles they could grant, not the others
    const revokeAs = async (token: string, organization: string, role: string) =>
      (await adminMutation(hub, token, 'revokeRole', { userId: recruit, organizationId: ids.get(organization), role }))
        .__typename;
    expect(await revokeAs(manager, 'ES', 'ADMIN')).toBe('ForbiddenError');
    expect(await revokeAs(manager, 'ES-BCN', 'AGENT')).toBe('RevokeRolePayload');
    expect(await revokeAs(admin, 'ES', 'ADMIN')).toBe('RevokeRolePayload');
    const roles = await hub.gql(VIEWER, {}, await hub.login('recruit@demo.test'));
    expect(roles.data).toEqual({
      viewer: {
        email: 'recruit@demo.test',
        memberships: [
          { organization: { code: 'FR' }, role: 'AUDITOR' },
          { organization: { code: 'ES-MAD' }, role: 'AGENT' },
          { organization: { code: 'ES-MAD' }, role: 'MANAGER' },
        ],
      },
    });
  });

  it('a dealer never sees another dealer’s staff, nor the country’s; the country sees its dealers’ staff', async () => {
    const STAFF =
      'query ($id: ID!) { node(id: $id) { ... on Organization { staff { totalCount edges { node { email } } } } } }';
    type Staff = { node: { staff: { totalCount: number; edges: { node: { email: string } }[] } } | null };
    const staffOf = async (email: string, code: string) =>
      (await hub.gql<Staff>(STAFF, { id: ids.get(code) }, await hub.login(email))).data?.node;
    expect((await staffOf('es.agent@demo.test', 'ES-MAD'))?.staff.edges.map((e) => e.node.email)).toContain(
      'mad.agent@demo.test',
    );
    expect(await staffOf('bcn.agent@demo.test', 'ES-MAD')).toBeNull();
    expect(await staffOf('par.agent@demo.test', 'ES-MAD')).toBeNull();
    // the country is readable (an ancestor) but its staff directory is not
    expect((await staffOf('mad.agent@demo.test', 'ES'))?.staff).toEqual({ totalCount: 0, edges: [] });
    const lookup = await hub.gql<{ node: unknown }>(
      'query ($id: ID!) { node(id: $id) { ... on User { email } } }',
      { id: await userId('bcn.agent@demo.test') },
      await hub.login('mad.agent@demo.test'),
    );
    expect(lookup.data?.node).toBeNull();
  });

  it('deactivating a user signs them out at once and closes their live subscription; bystanders stay connected', async () => {
    // given an agent and a colleague both watching Madrid's events
    const { userId: leaver, token } = await inviteAndLogIn(hub, 'es.manager@demo.test', {
      email: 'leaver@demo.test',
      organizationId: ids.get('ES-MAD') as string,
      role: 'AGENT',
    });
    const second = await hub.login('leaver@demo.test', NEW_PASSWORD, { fresh: true });
    const leaverFeed = await liveFeed(token);
    const colleagueFeed = await liveFeed(await hub.login('mad.agent@demo.test'));
    // the ones who may not: an agent, a manager of another dealer's subtree does not exist here, oneself
    expect(
      (await adminMutation(hub, await hub.login('bcn.agent@demo.test'), 'deactivateUser', { userId: leaver }))
        .__typename,
    ).toBe('NotFoundError');
    expect(
      (await adminMutation(hub, await hub.login('mad.agent@demo.test'), 'deactivateUser', { userId: leaver }))
        .__typename,
    ).toBe('ForbiddenError');
    expect((await adminMutation(hub, token, 'deactivateUser', { userId: leaver })).__typename).toBe('ValidationError');
    expect(await leaverFeed.ended(200)).toBe(false);
    // when Spain's manager deactivates them
    const deactivated = await adminOk(hub, await hub.login('es.manager@demo.test'), 'deactivateUser', {
      userId: leaver,
    });
    expect(deactivated.user?.active).toBe(false);
    // then their subscription closes, both tokens stop working, and they cannot log in again
    expect(await leaverFeed.ended(2000)).toBe(true);
    expect((await hub.gql(VIEWER, {}, token)).data).toEqual({ viewer: null });
    expect((await hub.gql(VIEWER, {}, second)).data).toEqual({ viewer: null });
    expect(await loginResult('leaver@demo.test', NEW_PASSWORD)).toBe('InvalidCredentialsError');
    // and the colleague is still connected
    expect(await colleagueFeed.ended(300)).toBe(false);
  });

  it('a manager cannot deactivate someone who holds a role they do not manage', async () => {
    const { userId: boss } = await inviteAndLogIn(hub, 'hq.admin@demo.test', {
      email: 'es.boss@demo.test',
      organizationId: ids.get('ES') as string,
      role: 'ADMIN',
    });
    const refused = await adminMutation(hub, await hub.login('es.manager@demo.test'), 'deactivateUser', {
      userId: boss,
    });
    expect(refused.__typename).toBe('ForbiddenError');
    expect(await loginResult('es.boss@demo.test', NEW_PASSWORD)).toBe('LoginPayload');
  });

  it('a revoked role closes the holder’s live subscriptions without signing them out', async () => {
    const { userId: helper, token } = await inviteAndLogIn(hub, 'es.manager@demo.test', {
      email: 'helper@demo.test',
      organizationId: ids.get('ES-MAD') as string,
      role: 'AGENT',
    });
    await adminOk(hub, await hub.login('es.manager@demo.test'), 'grantRole', {
      userId: helper,
      organizationId: ids.get('ES-BCN'),
      role: 'AGENT',
    });
    const feed = await liveFeed(token);
    await adminOk(hub, await hub.login('es.manager@demo.test'), 'revokeRole', {
      userId: helper,
      organizationId: ids.get('ES-BCN'),
      role: 'AGENT',
    });
    expect(await feed.ended(2000)).toBe(true);
    expect((await hub.gql(VIEWER, {}, token)).data).toEqual({
      viewer: { email: 'helper@demo.test', memberships: [{ organization: { code: 'ES-MAD' }, role: 'AGENT' }] },
    });
  });

  it('a password change needs the current one and signs out the other sessions, not this one', async () => {
    const { token: here } = await inviteAndLogIn(hub, 'es.manager@demo.test', {
      email: 'changer@demo.test',
      organizationId: ids.get('ES-BCN') as string,
      role: 'AGENT',
    });
    const elsewhere = await hub.login('changer@demo.test', NEW_PASSWORD, { fresh: true });
    const elsewhereFeed = await liveFeed(elsewhere);
    const wrong = await adminMutation(hub, here, 'changePassword', {
      currentPassword: 'not-my-password',
      newPassword: 'a-brand-new-password',
    });
    expect(wrong.fieldErrors?.[0]?.path).toEqual(['currentPassword']);
    await adminOk(hub, here, 'changePassword', { currentPassword: NEW_PASSWORD, newPassword: 'a-brand-new-password' });
    expect(await elsewhereFeed.ended(2000)).toBe(true);
    expect((await hub.gql(VIEWER, {}, elsewhere)).data).toEqual({ viewer: null });
    expect((await hub.gql<{ viewer: { email: string } }>(VIEWER, {}, here)).data?.viewer.email).toBe(
      'changer@demo.test',
    );
    expect(await loginResult('changer@demo.test', NEW_PASSWORD)).toBe('InvalidCredentialsError');
    expect(await loginResult('changer@demo.test', 'a-brand-new-password')).toBe('LoginPayload');
  });

  it('an administrator signs a user out everywhere; a manager cannot', async () => {
    const { userId: target, token } = await inviteAndLogIn(hub, 'es.manager@demo.test', {
      email: 'signed.out@demo.test',
      organizationId: ids.get('ES-BCN') as string,
      role: 'AGENT',
    });
    const feed = await liveFeed(token);
    const byManager = await adminMutation(hub, await hub.login('es.manager@demo.test'), 'revokeUserSessions', {
      userId: target,
    });
    expect(byManager.__typename).toBe('ForbiddenError');
    expect(
      (await adminMutation(hub, await hub.login('fr.agent@demo.test'), 'revokeUserSessions', { userId: target }))
        .__typename,
    ).toBe('NotFoundError');
    expect(await feed.ended(200)).toBe(false);
    const byAdmin = await adminOk(hub, await hub.login('hq.admin@demo.test'), 'revokeUserSessions', { userId: target });
    expect(byAdmin.revokedSessionCount).toBe(1);
    expect(await feed.ended(2000)).toBe(true);
    expect((await hub.gql(VIEWER, {}, token)).data).toEqual({ viewer: null });
    expect(await loginResult('signed.out@demo.test', NEW_PASSWORD)).toBe('LoginPayload');
  });

  it('the network keeps its last administrator, even when two remove each other at once', async () => {
    const hqAdmin = await hub.login('hq.admin@demo.test');
    const self = await userId('hq.admin@demo.test');
    // the only root administrator cannot drop the role
    const alone = await adminMutation(hub, hqAdmin, 'revokeRole', {
      userId: self,
      organizationId: ids.get('HQ'),
      role: 'ADMIN',
    });
    expect(alone.fieldErrors?.[0]?.message).toMatch(/last administrator/);
    // given a second root administrator
    const { userId: other, token: otherToken } = await inviteAndLogIn(hub, 'hq.admin@demo.test', {
      email: 'hq.admin2@demo.test',
      organizationId: ids.get('HQ') as string,
      role: 'ADMIN',
    });
    // when both remove each other at the same moment
    const results = await Promise.all([
      adminMutation(hub, hqAdmin, 'revokeRole', { userId: other, organizationId: ids.get('HQ'), role: 'ADMIN' }),
      adminMutation(hub, otherToken, 'deactivateUser', { userId: self }),
    ]);
    // then exactly one succeeded and an administrator remains
    expect(results.filter((r) => r.__typename.endsWith('Payload'))).toHaveLength(1);
    const remaining = await hub.database.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
      .select('users.email')
      .where('organizations.code', '=', 'HQ')
      .where('memberships.role', '=', 'ADMIN')
      .where('users.active', '=', true)
      .execute();
    expect(remaining).toHaveLength(1);
  });
});
