import { subject } from '@casl/ability';
import { z } from 'zod';
import { text } from '../cases/case.graphql.js';
import type { OrganizationRow } from '../db/schema.js';
import { builder } from '../graphql/builder.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../graphql/errors.js';
import { decodeId } from '../graphql/ids.js';
import {
  createOrganization,
  isValidTimeZone,
  moveOrganization,
  setOrganizationActive,
  updateOrganization,
} from './administration.js';
import { OrganizationKindEnum, OrganizationRef } from './organization.graphql.js';

/** The errors of every administration mutation. */
export const adminErrors = (name: string) => ({
  types: [ValidationError, NotFoundError, ForbiddenError],
  union: { name },
});

/** Codes are upper case, unique network-wide: letters and digits in groups joined by single dashes. */
const organizationFields = {
  code: z
    .string()
    .trim()
    .min(1, 'Enter a code')
    .max(32, 'At most 32 characters')
    .regex(/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/, 'Letters, digits and single dashes only, e.g. ES-MAD'),
  timeZone: z
    .string()
    .trim()
    .max(64)
    .refine(isValidTimeZone, 'Not a time zone; use an IANA name such as Europe/Madrid'),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'Two letters (ISO 3166), e.g. ES'),
};

const normalizeCode = (code: string) => code.trim().toUpperCase();
const normalizeCountry = (country: string | null | undefined) =>
  country === undefined ? undefined : country === null ? null : country.trim().toUpperCase();

builder.objectFields(OrganizationRef, (t) => ({
  viewerCanAdminister: t.boolean({
    description: 'Whether the viewer may rename, move, deactivate it and create organizations below it.',
    resolve: (org, _args, context) =>
      context.ability.can('administer', subject('Organization', { id: org.id, path: org.path })),
  }),
}));

const organizationPayload = (name: string) =>
  builder.objectRef<OrganizationRow>(name).implement({
    fields: (t) => ({ organization: t.field({ type: OrganizationRef, resolve: (org) => org }) }),
  });

const MoveOrganizationPayload = builder
  .objectRef<{ organization: OrganizationRow; casesReindexed: number }>('MoveOrganizationPayload')
  .implement({
    fields: (t) => ({
      organization: t.field({ type: OrganizationRef, resolve: (result) => result.organization }),
      casesReindexed: t.exposeInt('casesReindexed', {
        description: 'Cases whose visibility was recomputed for the new place in the tree.',
      }),
    }),
  });

builder.mutationFields((t) => ({
  createOrganization: t.fieldWithInput({
    type: organizationPayload('CreateOrganizationPayload'),
    description:
      'Adds an organization below a parent inside the viewer’s subtree (ADMIN). Countries sit below HQ; dealers below a country or a dealer group, at any depth.',
    errors: adminErrors('CreateOrganizationResult'),
    authScopes: { loggedIn: true },
    input: {
      parentId: t.input.id(),
      kind: t.input.field({ type: OrganizationKindEnum }),
      code: t.input.string({ validate: organizationFields.code, description: 'Unique network-wide, e.g. ES-MAD.' }),
      name: t.input.string({ validate: text.name }),
      timeZone: t.input.string({ validate: organizationFields.timeZone }),
      country: t.input.string({
        required: false,
        validate: organizationFields.country,
        description: 'ISO 3166 region for phone numbers; default: the parent’s.',
      }),
    },
    resolve: (_root, { input }, context) =>
      createOrganization(context, {
        ...input,
        parentId: decodeId(String(input.parentId), 'Organization'),
        code: normalizeCode(input.code),
        name: input.name.trim(),
        timeZone: input.timeZone.trim(),
        country: normalizeCountry(input.country),
      }),
  }),
  updateOrganization: t.fieldWithInput({
    type: organizationPayload('UpdateOrganizationPayload'),
    description: 'Renames an organization or changes its code, time zone or country (ADMIN in its subtree).',
    errors: adminErrors('UpdateOrganizationResult'),
    authScopes: { loggedIn: true },
    input: {
      id: t.input.id(),
      code: t.input.string({ required: false, validate: organizationFields.code }),
      name: t.input.string({ required: false, validate: text.name }),
      timeZone: t.input.string({ required: false, validate: organizationFields.timeZone }),
      country: t.input.string({ required: false, validate: organizationFields.country }),
    },
    resolve: (_root, { input }, context) =>
      updateOrganization(context, {
        id: decodeId(String(input.id), 'Organization'),
        code: input.code ? normalizeCode(input.code) : undefined,
        name: input.name?.trim() || undefined,
        timeZone: input.timeZone?.trim() || undefined,
        country: normalizeCountry(input.country),
      }),
  }),
  moveOrganization: t.fieldWithInput({
    type: MoveOrganizationPayload,
    description:
      'Moves an organization and its subtree below a new parent; both inside the viewer’s subtree, never the viewer’s own organization. Stored paths and case visibility follow in the same transaction; case histories and references stay as they were.',
    errors: adminErrors('MoveOrganizationResult'),
    authScopes: { loggedIn: true },
    input: { id: t.input.id(), newParentId: t.input.id() },
    resolve: (_root, { input }, context) =>
      moveOrganization(context, {
        id: decodeId(String(input.id), 'Organization'),
        newParentId: decodeId(String(input.newParentId), 'Organization'),
      }),
  }),
  deactivateOrganization: t.fieldWithInput({
    type: organizationPayload('DeactivateOrganizationPayload'),
    description: 'No new cases can be opened there; its cases stay visible and workable.',
    errors: adminErrors('DeactivateOrganizationResult'),
    authScopes: { loggedIn: true },
    input: { id: t.input.id() },
    resolve: (_root, { input }, context) =>
      setOrganizationActive(context, { id: decodeId(String(input.id), 'Organization'), active: false }),
  }),
  reactivateOrganization: t.fieldWithInput({
    type: organizationPayload('ReactivateOrganizationPayload'),
    errors: adminErrors('ReactivateOrganizationResult'),
    authScopes: { loggedIn: true },
    input: { id: t.input.id() },
    resolve: (_root, { input }, context) =>
      setOrganizationActive(context, { id: decodeId(String(input.id), 'Organization'), active: true }),
  }),
}));
