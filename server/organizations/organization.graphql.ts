import { ORGANIZATION_KINDS, type OrganizationRow } from '../db/schema.js';
import { builder } from '../graphql/builder.js';
import { parseUuid } from '../graphql/ids.js';
import { childrenOf, listOrganizations } from './organizations.js';

export const OrganizationKindEnum = builder.enumType('OrganizationKind', {
  description: 'The level of an organization: HQ is third line, a country second, a dealer first.',
  values: ORGANIZATION_KINDS,
});

/** Resolving an organization by id (node, parent) is scoped to what the viewer may read. */
export const OrganizationRef = builder.objectRef<OrganizationRow>('Organization');

builder.node(OrganizationRef, {
  id: { resolve: (org) => org.id, parse: parseUuid },
  loadMany: (ids, context) => Promise.all(ids.map((id) => context.loaders.readableOrganization.load(id))),
  description: 'A node of the network tree: HQ, a country office, a dealer (or a deeper level).',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Unique network-wide, e.g. `ES-MAD`.' }),
    name: t.exposeString('name'),
    kind: t.field({ type: OrganizationKindEnum, resolve: (org) => org.kind }),
    timeZone: t.exposeString('time_zone', { description: 'IANA time zone used for its business hours and dates.' }),
    country: t.exposeString('country', {
      nullable: true,
      description: 'ISO 3166 region, the default for phone numbers.',
    }),
    active: t.exposeBoolean('active'),
    parent: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'Null at the root, or when the viewer may not read it.',
      resolve: (org, _args, context) =>
        org.parent_id ? context.loaders.readableOrganization.load(org.parent_id) : null,
    }),
    ancestors: t.field({
      type: [OrganizationRef],
      description:
        'The organizations above it the viewer may read, root first (itself excluded): where a case it holds can escalate to.',
      resolve: async (org, _args, context) =>
        (await Promise.all(org.path.slice(0, -1).map((id) => context.loaders.readableOrganization.load(id)))).filter(
          (ancestor) => ancestor !== null,
        ),
    }),
    children: t.field({
      type: [OrganizationRef],
      description: 'Children inside the viewer’s subtrees.',
      resolve: (org, _args, context) => childrenOf(context.db, context.ability, org.id),
    }),
  }),
});

builder.queryField('organizations', (t) =>
  t.field({
    type: [OrganizationRef],
    description: 'The viewer’s subtrees: its organizations and everything below them, root first.',
    authScopes: { loggedIn: true },
    resolve: (_root, _args, context) => listOrganizations(context.db, context.ability),
  }),
);
