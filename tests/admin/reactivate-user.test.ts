import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationIds } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';
import { adminMutation, adminOk, inviteAndLogIn, NEW_PASSWORD } from './admin-support.js';

describe.each(ENGINES)('reactivating a user on %s', (engine) => {
  let hub: TestHub;
  let ids: Map<string, string>;
  beforeAll(async () => {
    hub = await startHub(engine);
    ids = await organizationIds(hub);
  });
  afterAll(async () => {
    await hub?.close();
  });

  async function loginResult(email: string) {
    const result = await hub.gql<{ login: { __typename: string } }>(
      'mutation ($input: LoginInput!) { login(input: $input) { __typename } }',
      { input: { email, password: NEW_PASSWORD } },
    );
    return result.data?.login.__typename;
  }

  async function reactivations(userId: string) {
    const id = Buffer.from(userId, 'base64')
      .toString()
      .replace(/^User:/, '');
    return hub.database.db
      .selectFrom('admin_changes')
      .select(['action', 'after'])
      .where('user_id', '=', id)
      .where('action', '=', 'USER_REACTIVATED')
      .execute();
  }

  it('a manager reactivates a deactivated agent of their subtree, who can log in again; others may not', async () => {
    // given a Madrid agent Spain's manager deactivated
    const manager = await hub.login('es.manager@demo.test');
    const { userId } = await inviteAndLogIn(hub, 'es.manager@demo.test', {
      email: 'returner@demo.test',
      organizationId: ids.get('ES-MAD') as string,
      role: 'AGENT',
    });
    await adminOk(hub, manager, 'deactivateUser', { userId });
    expect(await loginResult('returner@demo.test')).toBe('InvalidCredentialsError');

    // when a sibling dealer's agent, or a colleague agent, tries to reactivate them
    const sibling = await adminMutation(hub, await hub.login('bcn.agent@demo.test'), 'reactivateUser', { userId });
    const colleague = await adminMutation(hub, await hub.login('mad.agent@demo.test'), 'reactivateUser', { userId });
    // then the sibling does not even find them, the colleague is refused, and they stay out
    expect(sibling.__typename).toBe('NotFoundError');
    expect(colleague.__typename).toBe('ForbiddenError');
    expect(await loginResult('returner@demo.test')).toBe('InvalidCredentialsError');
    expect(await reactivations(userId)).toEqual([]);

    // when Spain's manager reactivates them
    const reactivated = await adminOk(hub, manager, 'reactivateUser', { userId });
    // then they are active, log in with their password, and the audit trail says who brought them back
    expect(reactivated.user).toMatchObject({ email: 'returner@demo.test', active: true });
    expect(await loginResult('returner@demo.test')).toBe('LoginPayload');
    expect(await reactivations(userId)).toEqual([{ action: 'USER_REACTIVATED', after: { active: true } }]);
  });

  it('a manager cannot reactivate someone who holds a role they do not manage', async () => {
    // given an administrator of Spain whom HQ deactivated
    const hqAdmin = await hub.login('hq.admin@demo.test');
    const { userId } = await inviteAndLogIn(hub, 'hq.admin@demo.test', {
      email: 'es.formeradmin@demo.test',
      organizationId: ids.get('ES') as string,
      role: 'ADMIN',
    });
    await adminOk(hub, hqAdmin, 'deactivateUser', { userId });
    // when Spain's manager tries to bring them back
    const refused = await adminMutation(hub, await hub.login('es.manager@demo.test'), 'reactivateUser', { userId });
    // then it is refused and they stay out, while HQ's administrator may (the negative twin)
    expect(refused.__typename).toBe('ForbiddenError');
    expect(await loginResult('es.formeradmin@demo.test')).toBe('InvalidCredentialsError');
    await adminOk(hub, hqAdmin, 'reactivateUser', { userId });
    expect(await loginResult('es.formeradmin@demo.test')).toBe('LoginPayload');
  });
});
