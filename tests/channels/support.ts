import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { TestHub } from '../support/hub.js';

export interface TestSmtpServer {
  url: string;
  /** Every message accepted, parsed, in arrival order. */
  received: ParsedMail[];
  /** While true, every message is refused with a temporary error (451). */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

/** A real SMTP server (nodemailer's smtp-server) on a free loopback port. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  let refusing = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusing) {
          callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            received.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse: (on) => (refusing = on),
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

export const INBOUND_SECRET = 'inbound-test-secret';

/** POSTs to the inbound e-mail endpoint as a mail provider would. */
export async function postInbound(
  hub: TestHub,
  body: string,
  options: { contentType?: string; secret?: string | null } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const secret = options.secret === undefined ? INBOUND_SECRET : options.secret;
  const response = await hub.hub.fetch('http://hub.test/inbound/email', {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'message/rfc822',
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let messages = 0;

/** A raw RFC 5322 message. */
export function rawEmail(fields: {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  attachment?: { name: string; type: string; content: string };
}): string {
  messages += 1;
  const boundary = 'hub-test-boundary';
  const headers = [
    `From: ${fields.from}`,
    `To: ${fields.to}`,
    `Subject: ${fields.subject}`,
    `Date: Mon, 23 Nov 2026 10:00:00 +0100`,
    `Message-ID: ${fields.messageId ?? `<test-${messages}-${Date.now()}@customer.test>`}`,
    ...(fields.inReplyTo ? [`In-Reply-To: ${fields.inReplyTo}`, `References: ${fields.inReplyTo}`] : []),
    'MIME-Version: 1.0',
  ];
  if (!fields.attachment) {
    return [...headers, 'Content-Type: text/plain; charset=utf-8', '', fields.text, ''].join('\r\n');
  }
  return [
    ...headers,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    fields.text,
    `--${boundary}`,
    `Content-Type: ${fields.attachment.type}; name="${fields.attachment.name}"`,
    `Content-Disposition: attachment; filename="${fields.attachment.name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(fields.attachment.content).toString('base64'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** What the change-tracking tables hold: compared before and after a refused request. */
export async function storedCounts(hub: TestHub) {
  const db = hub.database.db;
  const count = async (table: 'cases' | 'case_events' | 'inbound_emails' | 'customers' | 'notification_outbox') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    cases: await count('cases'),
    events: await count('case_events'),
    inbound: await count('inbound_emails'),
    customers: await count('customers'),
    outbox: await count('notification_outbox'),
  };
}

export async function setInboundAddresses(hub: TestHub, organizationId: string, addresses: string[]) {
  const result = await hub.gql<{ setInboundEmailAddresses: { __typename: string } }>(
    `mutation ($input: SetInboundEmailAddressesInput!) { setInboundEmailAddresses(input: $input) { __typename } }`,
    { input: { organizationId, addresses } },
    await hub.login('hq.admin@demo.test'),
  );
  if (result.data?.setInboundEmailAddresses.__typename !== 'SetInboundEmailAddressesPayload') {
    throw new Error(`setInboundEmailAddresses failed: ${JSON.stringify(result)}`);
  }
}

export interface EventView {
  type: string;
  channel: string | null;
  visibility: string;
  body: string | null;
  toStatus: string | null;
  emailAttachments: { name: string; contentType: string; size: number }[];
}

export async function caseEvents(hub: TestHub, reference: string): Promise<EventView[]> {
  const result = await hub.gql<{ case: { events: { edges: { node: EventView }[] } } | null }>(
    `query ($r: String!) { case(reference: $r) { events(first: 100) { edges { node {
      type channel visibility body toStatus emailAttachments { name contentType size } } } } } }`,
    { r: reference },
    await hub.login('hq.admin@demo.test'),
  );
  if (!result.data?.case) throw new Error(`case ${reference}: ${JSON.stringify(result)}`);
  return result.data.case.events.edges.map((e) => e.node);
}
