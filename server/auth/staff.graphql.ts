import { subject } from '@casl/ability';
import { z } from 'zod';
import { text, pageSize } from '../cases/case.graphql.js';
import { ROLES, type AdminChangeRow, type UserRow } from '../db/schema.js';
import { builder } from '../graphql/builder.js';
import { decodeId, decodeIdOrNull } from '../graphql/ids.js';
import { ValidationError } from '../graphql/errors.js';
import { adminErrors } from '../organizations/administration.graphql.js';
import { OrganizationRef } from '../organizations/organization.graphql.js';
import { adminChangesOf } from './admin-changes.js';
import {
  changePassword,
  deactivateUser,
  reactivateUser,
  grantRole,
  inviteUser,
  reissueInvitation,
  revokeRole,
  revokeUserSessions,
  setPassword,
} from './staff.js';
import { RoleEnum, UserRef } from './user.graphql.js';
import { staffOf } from './users.js';
import { storableString } from '../graphql/storable-string.js';

const email = storableString().trim().toLowerCase().max(254, 'At most 254 characters').email('Not an e-mail address');
const newPassword = z
  .string()
  .min(10, 'At least 10 characters')
  .max(1024, 'At most 1,024 characters')
  .refine((p) => p.trim().length > 0, 'Not only spaces');

builder.objectFields(UserRef, (t) => ({
  active: t.exposeBoolean('active', { description: 'False once deactivated: no login, no sessions.' }),
  invitationPending: t.boolean({
    description: 'Invited, and has not set a password yet.',
    resolve: (user) => user.password_hash === null,
  }),
}));

builder.objectFields(OrganizationRef, (t) => ({
  grantableRoles: t.field({
    type: [RoleEnum],
    description: 'The roles the viewer may grant or revoke here (none above their own).',
    resolve: (org, _args, context) =>
      ROLES.filter((role) => context.ability.can('grant', subject('Membership', { organizationPath: org.path, role }))),
  }),
  staff: t.connection(
    {
      type: UserRef,
      description: 'People holding a role here, by e-mail, as far as the viewer’s directory reaches.',
      resolve: async (org, args, context) => {
        const first = pageSize.parse(args.first ?? 50);
        const staff = staffOf(context.db, context.ability, org.id);
        const rows = await staff.page(first, args.after ?? null);
        const nodes = rows.slice(0, first);
        return {
          edges: nodes.map((node) => ({ cursor: node.email, node })),
          pageInfo: {
            hasNextPage: rows.length > first,
            hasPreviousPage: Boolean(args.after),
            startCursor: nodes[0]?.email ?? null,
            endCursor: nodes.at(-1)?.email ?? null,
          },
          totalCount: staff.count,
        };
      },
    },
    {
      name: 'StaffConnection',
      fields: (t) => ({
        totalCount: t.int({
          resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
        }),
      }),
    },
  ),
}));

const userPayload = (name: string) =>
  builder.objectRef<UserRow>(name).implement({
    fields: (t) => ({ user: t.field({ type: UserRef, resolve: (user) => user }) }),
  });

const membershipInput = (t: Parameters<Parameters<typeof builder.mutationFields>[0]>[0]) => ({
  userId: t.input.id(),
  organizationId: t.input.id(),
  role: t.input.field({ type: RoleEnum }),
});

function decodeMembership(input: { userId: string | number; organizationId: string | number; role: UserRole }) {
  return {
    userId: decodeId(String(input.userId), 'User'),
    organizationId: decodeId(String(input.organizationId), 'Organization'),
    role: input.role,
  };
}
type UserRole = (typeof ROLES)[number];

const invitationPayload = (name: string) =>
  builder.objectRef<{ user: UserRow; token: string; expiresAt: Date; showToken: boolean }>(name).implement({
    fields: (t) => ({
      user: t.field({ type: UserRef, resolve: (result) => result.user }),
      setPasswordToken: t.string({
        nullable: true,
        description:
          'The one-time token for `setPassword`, shown to the inviter outside production only (it will be e-mailed).',
        resolve: (result) => (result.showToken ? result.token : null),
      }),
      setPasswordTokenExpiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    }),
  });

const SetPasswordPayload = builder.objectRef<UserRow>('SetPasswordPayload').implement({
  fields: (t) => ({ email: t.exposeString('email', { description: 'Log in with it and the new password.' }) }),
});

const RevokeUserSessionsPayload = builder
  .objectRef<{ user: UserRow; revokedSessionCount: number }>('RevokeUserSessionsPayload')
  .implement({
    fields: (t) => ({
      user: t.field({ type: UserRef, resolve: (result) => result.user }),
      revokedSessionCount: t.exposeInt('revokedSessionCount'),
    }),
  });

builder.mutationFields((t) => ({
  inviteUser: t.fieldWithInput({
    type: invitationPayload('InviteUserPayload'),
    description:
      'Creates an account with one role and a one-time set-password token. ADMIN grants any role in their subtree; MANAGER grants AGENT and MANAGER.',
    errors: adminErrors('InviteUserResult'),
    authScopes: { loggedIn: true },
    input: {
      email: t.input.string({ validate: email }),
      name: t.input.string({ validate: text.name }),
      organizationId: t.input.id(),
      role: t.input.field({ type: RoleEnum }),
    },
    resolve: async (_root, { input }, context) => ({
      ...(await inviteUser(context, {
        ...input,
        email: input.email.trim().toLowerCase(),
        name: input.name.trim(),
        organizationId: decodeId(String(input.organizationId), 'Organization'),
      })),
      showToken: !context.config.production,
    }),
  }),
  reissueInvitation: t.fieldWithInput({
    type: invitationPayload('ReissueInvitationPayload'),
    description:
      'A new set-password token for someone invited who has not set a password yet; the earlier one stops working.',
    errors: adminErrors('ReissueInvitationResult'),
    authScopes: { loggedIn: true },
    input: { userId: t.input.id() },
    resolve: async (_root, { input }, context) => ({
      ...(await reissueInvitation(context, { userId: decodeId(String(input.userId), 'User') })),
      showToken: !context.config.production,
    }),
  }),
  setPassword: t.fieldWithInput({
    type: SetPasswordPayload,
    description: 'Sets the password with the token of an invitation; the token works once, until it expires.',
    errors: { types: [ValidationError], union: { name: 'SetPasswordResult' } },
    input: {
      token: t.input.string({ validate: storableString().min(1, 'Missing token').max(200) }),
      password: t.input.string({ validate: newPassword }),
    },
    resolve: (_root, { input }, context) => setPassword(context.db, input),
  }),
  changePassword: t.fieldWithInput({
    type: userPayload('ChangePasswordPayload'),
    description: 'Changes the viewer’s own password; their other sessions are signed out.',
    errors: adminErrors('ChangePasswordResult'),
    authScopes: { loggedIn: true },
    input: {
      currentPassword: t.input.string({ validate: storableString().min(1, 'Enter your current password').max(1024) }),
      newPassword: t.input.string({ validate: newPassword }),
    },
    resolve: (_root, { input }, context) => changePassword(context, input),
  }),
  grantRole: t.fieldWithInput({
    type: userPayload('GrantRolePayload'),
    description: 'A user may hold roles at several organizations. Never a role above the viewer’s own there.',
    errors: adminErrors('GrantRoleResult'),
    authScopes: { loggedIn: true },
    input: membershipInput(t),
    resolve: (_root, { input }, context) => grantRole(context, decodeMembership(input)),
  }),
  revokeRole: t.fieldWithInput({
    type: userPayload('RevokeRolePayload'),
    description:
      'The network always keeps an ADMIN at its root. The user’s live subscriptions restart with the rights left.',
    errors: adminErrors('RevokeRoleResult'),
    authScopes: { loggedIn: true },
    input: membershipInput(t),
    resolve: (_root, { input }, context) => revokeRole(context, decodeMembership(input)),
  }),
  deactivateUser: t.fieldWithInput({
    type: userPayload('DeactivateUserPayload'),
    description:
      'No more login; every session revoked and every live subscription closed at once. Only by someone who manages every role the user holds.',
    errors: adminErrors('DeactivateUserResult'),
    authScopes: { loggedIn: true },
    input: { userId: t.input.id() },
    resolve: (_root, { input }, context) => deactivateUser(context, { userId: decodeId(String(input.userId), 'User') }),
  }),
  reactivateUser: t.fieldWithInput({
    type: userPayload('ReactivateUserPayload'),
    description:
      'Lets a deactivated user sign in again with their password (someone invited gets a new link with reissueInvitation). Only by someone who manages every role the user holds.',
    errors: adminErrors('ReactivateUserResult'),
    authScopes: { loggedIn: true },
    input: { userId: t.input.id() },
    resolve: (_root, { input }, context) => reactivateUser(context, { userId: decodeId(String(input.userId), 'User') }),
  }),
  revokeUserSessions: t.fieldWithInput({
    type: RevokeUserSessionsPayload,
    description: 'Signs a user out everywhere (ADMIN over every role they hold); they can log in again.',
    errors: adminErrors('RevokeUserSessionsResult'),
    authScopes: { loggedIn: true },
    input: { userId: t.input.id() },
    resolve: (_root, { input }, context) =>
      revokeUserSessions(context, { userId: decodeId(String(input.userId), 'User') }),
  }),
}));

const AdminChangeFieldRef = builder
  .objectRef<{ field: string; before: unknown; after: unknown }>('AdminChangeField')
  .implement({
    description: 'One field of an administrative change, as JSON text.',
    fields: (t) => ({
      field: t.exposeString('field'),
      before: t.string({ nullable: true, resolve: (f) => (f.before === undefined ? null : JSON.stringify(f.before)) }),
      after: t.string({ nullable: true, resolve: (f) => (f.after === undefined ? null : JSON.stringify(f.after)) }),
    }),
  });

const AdminChangeRef = builder.objectRef<AdminChangeRow>('AdminChange').implement({
  description: 'An entry of the administration audit trail: who changed what, before and after.',
  fields: (t) => ({
    id: t.exposeID('id'),
    action: t.exposeString('action', {
      description:
        'ORGANIZATION_CREATED ORGANIZATION_UPDATED ORGANIZATION_MOVED ORGANIZATION_DEACTIVATED ORGANIZATION_REACTIVATED USER_INVITED INVITATION_REISSUED PASSWORD_SET PASSWORD_CHANGED ROLE_GRANTED ROLE_REVOKED USER_DEACTIVATED USER_REACTIVATED SESSIONS_REVOKED',
    }),
    at: t.expose('created_at', { type: 'DateTime' }),
    actor: t.field({
      type: UserRef,
      nullable: true,
      description: 'Null when outside the viewer’s directory.',
      resolve: (change, _args, context) =>
        change.actor_id ? context.loaders.readableUser.load(change.actor_id) : null,
    }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      resolve: (change, _args, context) =>
        change.organization_id ? context.loaders.readableOrganization.load(change.organization_id) : null,
    }),
    user: t.field({
      type: UserRef,
      nullable: true,
      resolve: (change, _args, context) => (change.user_id ? context.loaders.readableUser.load(change.user_id) : null),
    }),
    changes: t.field({
      type: [AdminChangeFieldRef],
      resolve: (change) => {
        const before = change.before ?? {};
        const after = change.after ?? {};
        return [...new Set([...Object.keys(before), ...Object.keys(after)])]
          .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
          .map((field) => ({ field, before: before[field], after: after[field] }));
      },
    }),
  }),
});

builder.queryField('adminChanges', (t) =>
  t.connection(
    {
      type: AdminChangeRef,
      description:
        'The administration audit trail (ADMIN and AUDITOR), newest first, for changes concerning the viewer’s subtrees (or that organization’s subtree).',
      authScopes: { loggedIn: true },
      args: { organizationId: t.arg.id({ required: false }) },
      resolve: async (_root, args, context) => {
        const first = pageSize.parse(args.first ?? 50);
        const after = args.after ? Number(args.after) : null;
        if (after !== null && !Number.isSafeInteger(after))
          throw ValidationError.field('after', 'Not a cursor of this list');
        const organizationId = args.organizationId
          ? (decodeIdOrNull(String(args.organizationId), 'Organization') ?? '00000000-0000-0000-0000-000000000000')
          : null;
        const trail = adminChangesOf(context.db, context.ability, organizationId);
        const rows = await trail.page(first, after);
        const nodes = rows.slice(0, first);
        return {
          edges: nodes.map((node) => ({ cursor: String(node.id), node })),
          pageInfo: {
            hasNextPage: rows.length > first,
            hasPreviousPage: after !== null,
            startCursor: nodes[0] ? String(nodes[0].id) : null,
            endCursor: nodes.at(-1) ? String(nodes.at(-1)?.id) : null,
          },
          totalCount: trail.count,
        };
      },
    },
    {
      name: 'AdminChangeConnection',
      fields: (t) => ({
        totalCount: t.int({
          resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
        }),
      }),
    },
  ),
);
