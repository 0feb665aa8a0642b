import { createServer, type AddressInfo, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { retryDelayMs, runOutboxPass, type OutboxDeps } from '../../server/channels/outbox-worker.js';
import { caseMutation, openCaseAs } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';
import { INBOUND_SECRET, caseEvents, postInbound, rawEmail, startSmtpServer, type TestSmtpServer } from './support.js';

const PUBLIC_URL = 'https://help.acme.test';

describe.each(ENGINES)('customer notifications (%s)', (engine) => {
  let hub: TestHub;
  let smtp: TestSmtpServer;
  let outbox: OutboxDeps;
  /** Each test's passes run later than the previous test's retries could be due. */
  let clock = Date.parse('2030-01-01T00:00:00Z');

  beforeAll(async () => {
    hub = await startHub(engine, { config: { inboundEmailSecret: INBOUND_SECRET, publicUrl: PUBLIC_URL } });
    smtp = await startSmtpServer();
    outbox = {
      db: hub.database.db,
      config: { smtpUrl: smtp.url, mailFrom: 'Acme Help <help@acme.test>', publicUrl: PUBLIC_URL },
    };
  });
  afterEach(() => {
    smtp.refuse(false);
    smtp.received.length = 0;
    clock += 24 * 3600_000;
  });
  afterAll(async () => {
    await smtp.close();
    await hub.close();
  });

  /** Sends everything due, so a test starts from an empty outbox and a clean mailbox. */
  async function drain() {
    await runOutboxPass(outbox, new Date(clock));
    smtp.received.length = 0;
  }

  it('a public note sends one e-mail in the customer’s language with the reference and the status-page link', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test', {
      customer: { name: 'Ana García', email: 'ana.note@example.com' },
    });
    await drain();
    const agent = await hub.login('mad.agent@demo.test');

    await caseMutation(hub, agent, 'addCaseNote', {
      caseId: opened.id,
      body: 'Internal: check the gearbox',
      visibility: 'INTERNAL',
    });
    await caseMutation(hub, agent, 'addCaseNote', {
      caseId: opened.id,
      body: 'Su coche está listo el lunes.',
      visibility: 'PUBLIC',
    });
    const outcome = await runOutboxPass(outbox, new Date(clock));
    await runOutboxPass(outbox, new Date(clock + 3600_000));

    expect(outcome.sent).toBe(1);
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.to && 'text' in mail.to ? mail.to.text : null).toBe('ana.note@example.com');
    expect(mail?.subject).toBe(`[${opened.reference}] Nueva respuesta en su caso`);
    expect(mail?.text).toContain('Hola, Ana García:');
    expect(mail?.text).toContain('Su coche está listo el lunes.');
    expect(mail?.text).not.toContain('Internal');
    expect(mail?.text).toContain(`${PUBLIC_URL}/status#reference=${opened.reference}&code=${opened.accessCode}`);
  });

  it('a French dealer’s customer is written to in French, and resolving sends exactly one e-mail', async () => {
    const opened = await openCaseAs(hub, 'par.agent@demo.test', {
      customer: { name: 'Claire Martin', email: 'claire@example.fr' },
    });
    await runOutboxPass(outbox, new Date(clock));
    expect(smtp.received.map((m) => m.subject)).toEqual([
      `[${opened.reference}] Nous avons bien reçu votre demande : Noisy gearbox`,
    ]);
    expect(smtp.received[0]?.text).toContain(`Code d’accès: ${opened.accessCode}`);
    smtp.received.length = 0;

    await caseMutation(hub, await hub.login('par.agent@demo.test'), 'changeCaseStatus', {
      caseId: opened.id,
      status: 'RESOLVED',
    });
    await runOutboxPass(outbox, new Date(clock));
    await runOutboxPass(outbox, new Date(clock + 3600_000));

    expect(smtp.received.map((m) => m.subject)).toEqual([`[${opened.reference}] Votre dossier est résolu`]);
  });

  it('a reply to the notification e-mail threads back to its case by Message-ID', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test', {
      customer: { name: 'Pablo', email: 'pablo@example.com' },
    });
    await caseMutation(hub, await hub.login('mad.agent@demo.test'), 'changeCaseStatus', {
      caseId: opened.id,
      status: 'WAITING_ON_CUSTOMER',
      note: '¿Nos envía una foto del salpicadero?',
      noteVisibility: 'PUBLIC',
    });
    await drain();
    await caseMutation(hub, await hub.login('mad.agent@demo.test'), 'addCaseNote', {
      caseId: opened.id,
      body: 'Gracias.',
      visibility: 'PUBLIC',
    });
    await runOutboxPass(outbox, new Date(clock));
    const sent = smtp.received[0];
    expect(sent?.messageId).toMatch(new RegExp(`^<${opened.reference}\\.\\d+@acme\\.test>$`));

    const response = await postInbound(
      hub,
      rawEmail({
        from: 'pablo@example.com',
        to: 'help@acme.test',
        subject: 'Re: your case',
        text: 'Here is the photo.',
        inReplyTo: sent?.messageId ?? '',
      }),
    );

    expect(response.body).toEqual({ outcome: 'ADDED_TO_CASE', reference: opened.reference });
    const events = await caseEvents(hub, opened.reference);
    expect(events.filter((e) => e.type === 'STATUS_CHANGED').map((e) => e.toStatus)).toEqual([
      'WAITING_ON_CUSTOMER',
      'OPEN',
    ]);
  });

  it('a refusing SMTP server gets the e-mail again later, and it is sent once when it recovers', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test', {
      customer: { name: 'Iker', email: 'iker@example.com' },
    });
    await drain();
    await caseMutation(hub, await hub.login('mad.agent@demo.test'), 'addCaseNote', {
      caseId: opened.id,
      body: 'Recambio pedido.',
      visibility: 'PUBLIC',
    });
    smtp.refuse(true);

    const refused = await runOutboxPass(outbox, new Date(clock));
    smtp.refuse(false);
    const tooSoon = await runOutboxPass(outbox, new Date(clock + retryDelayMs(1) - 1000));
    const retried = await runOutboxPass(outbox, new Date(clock + retryDelayMs(1)));
    const afterwards = await runOutboxPass(outbox, new Date(clock + 24 * 3600_000));

    expect(refused).toEqual({ sent: 0, logged: 0, failed: 1 });
    expect(tooSoon.sent + tooSoon.failed).toBe(0);
    expect(retried.sent).toBe(1);
    expect(afterwards.sent + afterwards.failed).toBe(0);
    expect(smtp.received.map((m) => m.text?.includes('Recambio pedido.'))).toEqual([true]);
  });

  it('an e-mail claimed by a worker that hangs before sending is sent once by the next pass after its lease', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test', {
      customer: { name: 'Nora', email: 'nora@example.com' },
    });
    await drain();
    await caseMutation(hub, await hub.login('mad.agent@demo.test'), 'addCaseNote', {
      caseId: opened.id,
      body: 'Cita confirmada.',
      visibility: 'PUBLIC',
    });
    // A worker stuck on an SMTP server that accepts the connection and never answers: it claimed
    // the e-mail after the commit and never sends it, as if its process had died there.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const stuckTransport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: (silent.address() as AddressInfo).port,
      greetingTimeout: 120_000,
    });
    const stuck = runOutboxPass({ ...outbox, transport: stuckTransport }, new Date(clock));
    await expect.poll(() => sockets.size).toBe(1);

    const later = await runOutboxPass(outbox, new Date(clock + 10 * 60_000));
    for (const socket of sockets) socket.destroy();
    const stuckOutcome = await stuck;
    await new Promise((resolve) => silent.close(resolve));
    const afterwards = await runOutboxPass(outbox, new Date(clock + 24 * 3600_000));

    expect(later.sent).toBe(1);
    expect(stuckOutcome).toEqual({ sent: 0, logged: 0, failed: 1 });
    expect(afterwards.sent + afterwards.failed).toBe(0);
    expect(smtp.received.map((m) => m.text?.includes('Cita confirmada.'))).toEqual([true]);
  });

  it('without SMTP_URL the e-mail is written to the log and not retried', async () => {
    await openCaseAs(hub, 'mad.agent@demo.test', { customer: { name: 'Sin correo', email: 'log@example.com' } });
    const disabled: OutboxDeps = { ...outbox, config: { ...outbox.config, smtpUrl: undefined } };

    const first = await runOutboxPass(disabled, new Date(clock));
    const second = await runOutboxPass(disabled, new Date(clock + 24 * 3600_000));

    expect(first.logged).toBeGreaterThanOrEqual(1);
    expect(second.logged).toBe(0);
    expect(smtp.received).toHaveLength(0);
  });
});
