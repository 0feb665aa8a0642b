import { sql } from 'kysely';
import { ROLES, type Role, type UserRow } from '../db/schema.js';
import { builder } from '../graphql/builder.js';
import { parseUuid } from '../graphql/ids.js';
import { loadRequired } from '../graphql/loaders.js';
import { ErrorInterface } from '../graphql/error-types.js';
import { InvalidCredentialsError, ValidationError } from '../graphql/errors.js';
import { consume, countAttempt, refuseIfSpent } from '../http/rate-limits.js';
import { OrganizationRef } from '../organizations/organization.graphql.js';
import { ORGANIZATION_FIELDS } from '../organizations/organizations.js';
import { login } from './login.js';
import { accessibleBy } from './scope.js';
import { revokeSession } from './sessions.js';
import { viewerContext } from './viewer-context.js';
import { storableString } from '../graphql/storable-string.js';

export const RoleEnum = builder.enumType('Role', {
  description: 'What a membership allows in its organization’s subtree.',
  values: ROLES,
});

const MembershipRef = builder.objectRef<{ organizationId: string; role: Role }>('Membership').implement({
  description: 'A role a user holds at an organization.',
  fields: (t) => ({
    organization: t.field({
      type: OrganizationRef,
      resolve: (m, _args, context) => loadRequired(context.loaders.organization, m.organizationId),
    }),
    role: t.field({ type: RoleEnum, resolve: (m) => m.role }),
  }),
});

export const UserRef = builder.objectRef<UserRow>('User');

builder.node(UserRef, {
  id: { resolve: (user) => user.id, parse: parseUuid },
  loadMany: (ids, context) => Promise.all(ids.map((id) => context.loaders.readableUser.load(id))),
  description: 'A member of staff.',
  fields: (t) => ({
    email: t.exposeString('email'),
    name: t.exposeString('name'),
    memberships: t.field({
      type: [MembershipRef],
      description: 'Roles held at organizations the viewer may read.',
      resolve: async (user, _args, context) => {
        const rows = await context.db
          .selectFrom('memberships')
          .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
          .select(['memberships.organization_id as organizationId', 'memberships.role'])
          .where('memberships.user_id', '=', user.id)
          .where(accessibleBy(context.ability, 'read', 'Organization', ORGANIZATION_FIELDS))
          .orderBy(sql`array_length(organizations.path, 1)`)
          .orderBy('memberships.role')
          .execute();
        return rows;
      },
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description: 'The logged-in user; null when not logged in.',
    resolve: (_root, _args, context) => (context.viewer ? context.loaders.readableUser.load(context.viewer.id) : null),
  }),
);

builder.objectType(InvalidCredentialsError, {
  name: 'InvalidCredentialsError',
  description: 'Wrong e-mail or password (the same for both, on purpose).',
  interfaces: [ErrorInterface],
});

const LoginPayload = builder.objectRef<{ token: string; expiresAt: Date; user: UserRow }>('LoginPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send as `Authorization: Bearer <token>`.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    viewer: t.field({ type: UserRef, resolve: (payload) => payload.user }),
  }),
});

builder.mutationField('login', (t) =>
  t.fieldWithInput({
    type: LoginPayload,
    errors: { types: [InvalidCredentialsError, ValidationError], union: { name: 'LoginResult' } },
    input: {
      email: t.input.string({ validate: storableString().trim().min(1, 'Enter your e-mail').max(254) }),
      password: t.input.string({ validate: storableString().min(1, 'Enter your password').max(1024) }),
    },
    resolve: async (_root, { input }, context) => {
      const account = input.email.trim().toLowerCase();
      const { loginsPerClient, failedLoginsPerAccount } = context.rateLimits;
      await consume(loginsPerClient, context.clientKey);
      await refuseIfSpent(failedLoginsPerAccount, account);
      const result = await login(context.db, input, context.config.sessionTtlHours).catch(async (error: unknown) => {
        if (error instanceof InvalidCredentialsError) await countAttempt(failedLoginsPerAccount, account);
        throw error;
      });
      await failedLoginsPerAccount.delete(account);
      // The rest of this request (the payload's viewer) sees what the new session allows.
      Object.assign(context, viewerContext(context.db, result.viewer));
      return result;
    },
  }),
);

builder.mutationField('logout', (t) =>
  t.boolean({
    description: 'Ends the current session; its token stops working at once.',
    authScopes: { loggedIn: true },
    resolve: async (_root, _args, context) => {
      if (context.viewer) await revokeSession(context, context.viewer.sessionId);
      return true;
    },
  }),
);
