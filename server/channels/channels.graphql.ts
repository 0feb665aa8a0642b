import { subject } from '@casl/ability';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { CaseEventRef, text } from '../cases/case.graphql.js';
import type { CaseRow, OrganizationRow } from '../db/schema.js';
import { builder } from '../graphql/builder.js';
import { NotFoundError, ValidationError } from '../graphql/errors.js';
import { decodeId, decodeIdOrNull } from '../graphql/ids.js';
import { adminErrors } from '../organizations/administration.graphql.js';
import { OrganizationKindEnum, OrganizationRef } from '../organizations/organization.graphql.js';
import { contactFormOrganizations, submitContactForm } from './contact-form.js';
import { inboundAddressesOf, MAX_INBOUND_ADDRESSES, setInboundAddresses } from './inbound-addresses.js';
import { LANGUAGES } from './templates.js';
import { storableString } from '../graphql/storable-string.js';

builder.objectFields(OrganizationRef, (t) => ({
  inboundEmailAddresses: t.stringList({
    nullable: true,
    description:
      'Addresses at which it receives customer e-mail (see POST /inbound/email); null unless the viewer may administer it.',
    resolve: (org, _args, context) =>
      context.ability.can('administer', subject('Organization', { id: org.id, path: org.path }))
        ? inboundAddressesOf(context.db, org.id)
        : null,
  }),
}));

interface EmailAttachment {
  name: string;
  type: string;
  size: number;
}

const EmailAttachmentRef = builder.objectRef<EmailAttachment>('EmailAttachment').implement({
  description: 'A file that came with an e-mail: listed, not stored.',
  fields: (t) => ({
    name: t.exposeString('name'),
    contentType: t.exposeString('type'),
    size: t.exposeInt('size', { description: 'Bytes.' }),
  }),
});

builder.objectFields(CaseEventRef, (t) => ({
  emailAttachments: t.field({
    type: [EmailAttachmentRef],
    description: 'Events that came by e-mail: the files it carried (empty otherwise).',
    resolve: (event) => (Array.isArray(event.data.attachments) ? (event.data.attachments as EmailAttachment[]) : []),
  }),
}));

const SetInboundEmailAddressesPayload = builder
  .objectRef<OrganizationRow>('SetInboundEmailAddressesPayload')
  .implement({ fields: (t) => ({ organization: t.field({ type: OrganizationRef, resolve: (org) => org }) }) });

const LanguageEnum = builder.enumType('NotificationLanguage', {
  description: 'Languages customer e-mails are written in.',
  values: LANGUAGES.map((l) => l.toUpperCase()),
});

const ContactFormOrganizationRef = builder.objectRef<OrganizationRow>('ContactFormOrganization').implement({
  description: 'A country office or dealer a customer may write to from the public form.',
  fields: (t) => ({
    id: t.id({ description: 'Its Organization global ID.', resolve: (org) => encodeGlobalID('Organization', org.id) }),
    parentId: t.id({
      nullable: true,
      resolve: (org) => (org.parent_id ? encodeGlobalID('Organization', org.parent_id) : null),
    }),
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    kind: t.field({ type: OrganizationKindEnum, resolve: (org) => org.kind }),
    country: t.exposeString('country', { nullable: true }),
  }),
});

const ContactFormPayload = builder.objectRef<CaseRow>('SubmitContactFormPayload').implement({
  description: 'What the customer keeps to follow the case on the status page (also sent by e-mail).',
  fields: (t) => ({
    reference: t.exposeString('reference'),
    accessCode: t.exposeString('access_code'),
  }),
});

builder.queryField('contactFormOrganizations', (t) =>
  t.field({
    type: [ContactFormOrganizationRef],
    description: 'For the public contact form, no login: every active country office and dealer, by code.',
    resolve: (_root, _args, context) => contactFormOrganizations(context),
  }),
);

builder.mutationFields((t) => ({
  setInboundEmailAddresses: t.fieldWithInput({
    type: SetInboundEmailAddressesPayload,
    description:
      'Replaces the addresses at which an organization receives customer e-mail (ADMIN in its subtree). A new e-mail to one of them opens a case there.',
    errors: adminErrors('SetInboundEmailAddressesResult'),
    authScopes: { loggedIn: true },
    input: {
      organizationId: t.input.id(),
      addresses: t.input.stringList({
        validate: z
          .array(storableString().max(254))
          .max(MAX_INBOUND_ADDRESSES, `At most ${MAX_INBOUND_ADDRESSES} addresses`),
      }),
    },
    resolve: (_root, { input }, context) =>
      setInboundAddresses(context, {
        organizationId: decodeId(String(input.organizationId), 'Organization'),
        addresses: input.addresses,
      }),
  }),
  submitContactForm: t.fieldWithInput({
    type: ContactFormPayload,
    description:
      'The public contact form, no login: opens a WEB case at a country office or dealer from contactFormOrganizations. Rate limited per client like the status page (RATE_LIMITED error, HTTP 429).',
    errors: { types: [ValidationError, NotFoundError], union: { name: 'SubmitContactFormResult' } },
    input: {
      organizationId: t.input.id(),
      name: t.input.string({ validate: text.name }),
      email: t.input.string({ validate: storableString().trim().min(1, 'Enter your e-mail address').max(254) }),
      phone: t.input.string({
        required: false,
        description: 'Optional; read in the organization’s country when it has no prefix, stored as E.164.',
      }),
      subject: t.input.string({ validate: text.subject }),
      message: t.input.string({ validate: text.description }),
      language: t.input.field({
        type: LanguageEnum,
        required: false,
        description: 'The language the customer wants e-mails in; default: the country’s.',
      }),
    },
    resolve: (_root, { input }, context) =>
      submitContactForm(context, {
        ...input,
        phone: input.phone ?? null,
        // Decoded after the attempt is counted: garbage ids spend the limit too.
        organizationId: decodeIdOrNull(String(input.organizationId), 'Organization'),
        language: input.language?.toLowerCase() ?? null,
      }),
  }),
}));
