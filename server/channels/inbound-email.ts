import { createHash } from 'node:crypto';
import type { AddressObject } from 'mailparser';
import { z } from 'zod';
import { writeCase, type EventDraft, type WriteDeps } from '../cases/write-path.js';
import type { Db } from '../db/database.js';
import type { CaseRow, OrganizationRow } from '../db/schema.js';
import { openCustomerCase } from './customer-case.js';

/** An inbound e-mail, whichever way it arrived (raw RFC 5322 or a provider's JSON). */
export interface InboundEmail {
  messageId: string;
  from: { address: string; name: string | null };
  /** Every address it was delivered to, lower case: To, Cc, Delivered-To, the provider's original recipient. */
  recipients: string[];
  subject: string;
  text: string;
  /** Message-IDs it answers (In-Reply-To and References). */
  inReplyTo: string[];
  attachments: { name: string; type: string; size: number }[];
}

/** Refused input: nothing is stored; `status` is the HTTP answer. */
export class InboundEmailError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const SUBJECT_MAX = 200;
const BODY_MAX = 10_000;
const EMAIL = z.email();

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const groups = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return groups.flatMap((g) => g.value.flatMap((a) => (a.address ? [a.address] : [])));
}

/** Message-ids in a header value such as `<a@x> <b@y>`. */
function messageIds(value: unknown): string[] {
  const text = Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
  return text.match(/<[^<>\s]+>/g) ?? [];
}

/** PostgreSQL cannot store the NUL character; a message that carries one (a broken encoding) keeps the rest. */
const storable = (value: string) => value.replaceAll('\0', '');

/** What both shapes share once read: checks, normalization, a stable id when the sender gave none. */
function inboundEmail(fields: {
  messageId: string | undefined;
  from: { address?: string | undefined; name?: string | undefined } | undefined;
  recipients: string[];
  subject: string | undefined;
  text: string | undefined;
  inReplyTo: string[];
  attachments: InboundEmail['attachments'];
  fingerprint: () => string;
}): InboundEmail {
  const from = storable(fields.from?.address ?? '')
    .trim()
    .toLowerCase();
  if (!from || !EMAIL.safeParse(from).success)
    throw new InboundEmailError(400, 'Malformed message: no valid From address');
  const recipients = [...new Set(fields.recipients.map((r) => storable(r).trim().toLowerCase()).filter(Boolean))];
  if (recipients.length === 0)
    throw new InboundEmailError(400, 'Malformed message: no recipient (To, Cc or Delivered-To)');
  const messageId = storable(fields.messageId ?? '').trim() || `<sha256.${fields.fingerprint()}@inbound.hub>`;
  if (messageId.length > 998) throw new InboundEmailError(400, 'Malformed message: Message-ID too long');
  return {
    messageId,
    from: { address: from, name: storable(fields.from?.name ?? '').trim() || null },
    recipients,
    subject: storable(fields.subject ?? '')
      .replace(/\s+/g, ' ')
      .trim(),
    text: storable(fields.text ?? '').trim(),
    inReplyTo: fields.inReplyTo.map(storable),
    attachments: fields.attachments.map(({ name, type, size }) => ({
      name: storable(name),
      type: storable(type),
      size,
    })),
  };
}

/** A raw RFC 5322 message, parsed with mailparser. */
export async function parseRawEmail(raw: Buffer): Promise<InboundEmail> {
  // Headers end at the first empty line; without one this is not a message.
  if (!/\r?\n\r?\n/.test(raw.subarray(0, 256_000).toString('latin1'))) {
    throw new InboundEmailError(400, 'Malformed message: no header section');
  }
  // Loaded on the first message: mailparser and its charset tables are not needed to start.
  const { simpleParser } = await import('mailparser');
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  const deliveredTo = [parsed.headers.get('delivered-to'), parsed.headers.get('x-original-to')].flatMap((v) =>
    typeof v === 'string' ? [v.replace(/^<|>$/g, '')] : [],
  );
  return inboundEmail({
    messageId: parsed.messageId,
    from: parsed.from?.value[0],
    recipients: [...addresses(parsed.to), ...addresses(parsed.cc), ...deliveredTo],
    subject: parsed.subject,
    text: parsed.text,
    inReplyTo: [...messageIds(parsed.inReplyTo), ...messageIds(parsed.references)],
    attachments: parsed.attachments.map((a) => ({
      name: a.filename ?? 'attachment',
      type: a.contentType,
      size: a.size,
    })),
    fingerprint: () => createHash('sha256').update(raw).digest('hex'),
  });
}

const postmarkAddress = z.object({ Email: z.string(), Name: z.string().nullish() });
/** Postmark's inbound webhook (https://postmarkapp.com/developer/webhooks/inbound-webhook), the fields used. */
const postmarkInbound = z.object({
  FromFull: postmarkAddress,
  ToFull: z.array(postmarkAddress).default([]),
  CcFull: z.array(postmarkAddress).default([]),
  OriginalRecipient: z.string().nullish(),
  Subject: z.string().nullish(),
  MessageID: z.string().nullish(),
  TextBody: z.string().nullish(),
  StrippedTextReply: z.string().nullish(),
  Headers: z.array(z.object({ Name: z.string(), Value: z.string() })).default([]),
  Attachments: z
    .array(z.object({ Name: z.string(), ContentType: z.string(), ContentLength: z.number().int().nonnegative() }))
    .default([]),
});

export function parsePostmarkEmail(json: unknown): InboundEmail {
  const result = postmarkInbound.safeParse(json);
  if (!result.success) {
    const where = result.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new InboundEmailError(400, `Malformed webhook payload: ${where}`);
  }
  const mail = result.data;
  const header = (name: string) => mail.Headers.find((h) => h.Name.toLowerCase() === name)?.Value;
  return inboundEmail({
    // The sender's own Message-ID (in Headers) is what a redelivery through another route shares.
    messageId: messageIds(header('message-id'))[0] ?? (mail.MessageID ? `<${mail.MessageID}@postmark>` : undefined),
    from: { address: mail.FromFull.Email, name: mail.FromFull.Name ?? undefined },
    recipients: [
      ...mail.ToFull.map((a) => a.Email),
      ...mail.CcFull.map((a) => a.Email),
      ...(mail.OriginalRecipient ? [mail.OriginalRecipient] : []),
    ],
    subject: mail.Subject ?? undefined,
    text: mail.StrippedTextReply || mail.TextBody || undefined,
    inReplyTo: [...messageIds(header('in-reply-to')), ...messageIds(header('references'))],
    attachments: mail.Attachments.map((a) => ({ name: a.Name, type: a.ContentType, size: a.ContentLength })),
    fingerprint: () => createHash('sha256').update(JSON.stringify(json)).digest('hex'),
  });
}

export type InboundOutcome =
  { outcome: 'ADDED_TO_CASE' | 'OPENED_CASE'; reference: string } | { outcome: 'DUPLICATE'; reference: string | null };

/** A reference such as ES-2026-000123 anywhere in the subject (typically `Re: [ES-2026-000123] ...`). */
const REFERENCE = /\b([A-Z0-9]+(?:-[A-Z0-9]+)*-\d{4}-\d{6})\b/gi;

/** Thrown inside a transaction to roll it back: this Message-ID was already taken in. */
class AlreadyReceived extends Error {}

async function claimMessage(trx: Db, email: InboundEmail, caseId: string): Promise<void> {
  const claimed = await trx
    .insertInto('inbound_emails')
    .values({ message_id: email.messageId, case_id: caseId, sender: email.from.address })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('message_id')
    .executeTakeFirst();
  if (!claimed) throw new AlreadyReceived();
}

/** The case a message answers: a reference in its subject, or one of our notifications it replies to. */
async function repliedCase(db: Db, email: InboundEmail): Promise<CaseRow | undefined> {
  const references = [...email.subject.matchAll(REFERENCE)].map((m) => (m[1] ?? '').toUpperCase());
  if (references.length > 0) {
    const row = await db.selectFrom('cases').selectAll().where('reference', 'in', references).executeTakeFirst();
    if (row) return row;
  }
  if (email.inReplyTo.length === 0) return undefined;
  return db
    .selectFrom('notification_outbox')
    .innerJoin('cases', 'cases.id', 'notification_outbox.case_id')
    .selectAll('cases')
    .where('notification_outbox.message_id', 'in', email.inReplyTo)
    .executeTakeFirst();
}

async function receivingOrganization(db: Db, email: InboundEmail): Promise<OrganizationRow | undefined> {
  return (
    db
      .selectFrom('organization_inbound_addresses')
      .innerJoin('organizations', 'organizations.id', 'organization_inbound_addresses.organization_id')
      .selectAll('organizations')
      .where('organization_inbound_addresses.address', 'in', email.recipients)
      .where('organizations.active', '=', true)
      // The most specific receiver wins when a message went to a dealer and its country alike.
      .orderBy(({ fn }) => fn('cardinality', ['organizations.path']), 'desc')
      .executeTakeFirst()
  );
}

function bodyOf(email: InboundEmail): string {
  const text = email.text || '(no text)';
  return text.length > BODY_MAX ? `${text.slice(0, BODY_MAX - 1)}…` : text;
}

/** A reply lands on its case: from the customer's own address it is their message (reopening a case that waits on them or was resolved); from anyone else, a contact staff see. */
async function addToCase(deps: WriteDeps, row: CaseRow, email: InboundEmail): Promise<InboundOutcome> {
  const written = await writeCase(
    deps,
    { caseId: row.id },
    {
      authorize: () => ({ userId: null, organizationId: null }),
      decide: async (current, _actor, trx) => {
        await claimMessage(trx, email, current.id);
        const customer = await trx
          .selectFrom('customers')
          .select('email')
          .where('id', '=', current.customer_id)
          .executeTakeFirstOrThrow();
        const data = {
          messageId: email.messageId,
          from: email.from.address,
          subject: email.subject,
          attachments: email.attachments,
        };
        if (customer.email !== email.from.address) {
          return {
            patch: {},
            events: [{ type: 'CONTACT_LOGGED', visibility: 'INTERNAL', channel: 'EMAIL', body: bodyOf(email), data }],
          };
        }
        const reopen = current.status === 'WAITING_ON_CUSTOMER' || current.status === 'RESOLVED';
        const events: EventDraft[] = [
          { type: 'CUSTOMER_MESSAGE', visibility: 'PUBLIC', channel: 'EMAIL', body: bodyOf(email), data },
        ];
        if (reopen) {
          events.push({ type: 'STATUS_CHANGED', visibility: 'PUBLIC', data: { from: current.status, to: 'OPEN' } });
        }
        return { patch: reopen ? { status: 'OPEN', resolved_at: null } : {}, events };
      },
    },
  );
  return { outcome: 'ADDED_TO_CASE', reference: written.case.reference };
}

/**
 * Takes in one message through the one write path: onto the case it answers,
 * or as a new case at the organization that received it. The same Message-ID
 * delivered again changes nothing.
 */
export async function receiveEmail(deps: WriteDeps, email: InboundEmail): Promise<InboundOutcome> {
  const known = await deps.db
    .selectFrom('inbound_emails')
    .innerJoin('cases', 'cases.id', 'inbound_emails.case_id')
    .select('cases.reference')
    .where('inbound_emails.message_id', '=', email.messageId)
    .executeTakeFirst();
  if (known) return { outcome: 'DUPLICATE', reference: known.reference };
  try {
    const answered = await repliedCase(deps.db, email);
    if (answered && answered.status !== 'CLOSED') return await addToCase(deps, answered, email);
    // A reply to a closed case starts a new one where the old one ended.
    const origin = answered
      ? await deps.db
          .selectFrom('organizations')
          .selectAll()
          .where('id', '=', answered.owner_organization_id)
          .executeTakeFirst()
      : await receivingOrganization(deps.db, email);
    if (!origin) {
      throw new InboundEmailError(422, `No organization receives e-mail at ${email.recipients.join(', ')}`);
    }
    const subject = email.subject.slice(0, SUBJECT_MAX) || '(no subject)';
    const opened = await openCustomerCase(deps, {
      origin,
      channel: 'EMAIL',
      customer: {
        name: (email.from.name ?? email.from.address.split('@')[0] ?? email.from.address).slice(0, 200),
        email: email.from.address,
      },
      subject,
      description: answered ? `${bodyOf(email)}\n\n(${answered.reference} was closed)` : bodyOf(email),
      openedData: { messageId: email.messageId, attachments: email.attachments, follows: answered?.reference ?? null },
      beforeEvents: (trx, row) => claimMessage(trx, email, row.id),
    });
    return { outcome: 'OPENED_CASE', reference: opened.case.reference };
  } catch (error) {
    if (error instanceof AlreadyReceived) return { outcome: 'DUPLICATE', reference: null };
    throw error;
  }
}
