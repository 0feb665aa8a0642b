import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseByReference, caseMutation, openCaseAs, organizationIds } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';
import { INBOUND_SECRET, caseEvents, postInbound, rawEmail, setInboundAddresses, storedCounts } from './support.js';

describe.each(ENGINES)('inbound e-mail (%s)', (engine) => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startHub(engine, { config: { inboundEmailSecret: INBOUND_SECRET, inboundEmailMaxBytes: 50_000 } });
    const ids = await organizationIds(hub);
    await setInboundAddresses(hub, ids.get('ES-MAD') ?? '', ['Madrid@Dealers.test']);
    await setInboundAddresses(hub, ids.get('ES') ?? '', ['hola@acme-spain.test']);
  });
  afterAll(() => hub.close());

  async function resolvedCaseOf(email: string) {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test', { customer: { name: 'Ana García', email } });
    const resolved = await caseMutation(hub, await hub.login('mad.agent@demo.test'), 'changeCaseStatus', {
      caseId: opened.id,
      status: 'RESOLVED',
    });
    expect(resolved.case?.status).toBe('RESOLVED');
    return opened;
  }

  it('a customer reply with the reference in the subject lands on the case as EMAIL and reopens it', async () => {
    const opened = await resolvedCaseOf('ana.reply@example.com');

    const response = await postInbound(
      hub,
      rawEmail({
        from: 'Ana García <Ana.Reply@example.com>',
        to: 'madrid@dealers.test',
        subject: `Re: [${opened.reference}] Su caso está resuelto`,
        text: 'The noise is back since yesterday.',
        attachment: { name: 'noise.m4a', type: 'audio/mp4', content: 'not really audio' },
      }),
    );

    expect(response).toEqual({ status: 200, body: { outcome: 'ADDED_TO_CASE', reference: opened.reference } });
    const after = await caseByReference(hub, 'mad.agent@demo.test', opened.reference);
    expect(after?.status).toBe('OPEN');
    const events = await caseEvents(hub, opened.reference);
    const message = events.find((e) => e.type === 'CUSTOMER_MESSAGE');
    expect(message).toMatchObject({
      channel: 'EMAIL',
      visibility: 'PUBLIC',
      body: 'The noise is back since yesterday.',
    });
    expect(message?.emailAttachments).toEqual([{ name: 'noise.m4a', contentType: 'audio/mp4', size: 16 }]);
    expect(events.filter((e) => e.type === 'STATUS_CHANGED').map((e) => e.toStatus)).toEqual(['RESOLVED', 'OPEN']);
  });

  it('someone other than the customer writing about a case is logged for staff, without reopening it', async () => {
    const opened = await resolvedCaseOf('ana.other@example.com');

    const response = await postInbound(
      hub,
      rawEmail({
        from: 'stranger@elsewhere.test',
        to: 'madrid@dealers.test',
        subject: `About ${opened.reference}`,
        text: 'I am her neighbour.',
      }),
    );

    expect(response.body.outcome).toBe('ADDED_TO_CASE');
    expect((await caseByReference(hub, 'mad.agent@demo.test', opened.reference))?.status).toBe('RESOLVED');
    const contact = (await caseEvents(hub, opened.reference)).find((e) => e.type === 'CONTACT_LOGGED');
    expect(contact).toMatchObject({ channel: 'EMAIL', visibility: 'INTERNAL', body: 'I am her neighbour.' });
  });

  it('a new e-mail to a dealer’s address opens a case at that dealer for the existing customer', async () => {
    const earlier = await openCaseAs(hub, 'mad.agent@demo.test', {
      customer: { name: 'Luis Pérez', email: 'luis@example.com' },
    });

    const response = await postInbound(
      hub,
      rawEmail({
        from: 'Luis P <luis@example.com>',
        to: 'Madrid Centro <madrid@dealers.test>',
        subject: 'Brake light stays on',
        text: 'The brake warning light does not go off.',
      }),
    );

    expect(response.status).toBe(200);
    expect(response.body.outcome).toBe('OPENED_CASE');
    const opened = await caseByReference(hub, 'mad.agent@demo.test', String(response.body.reference));
    expect(opened).toMatchObject({
      channel: 'EMAIL',
      status: 'NEW',
      subject: 'Brake light stays on',
      originOrganization: { code: 'ES-MAD' },
      customer: { name: 'Luis Pérez', email: 'luis@example.com' },
    });
    expect(opened?.customer).toEqual(earlier.customer);
    // Barcelona does not see a case that arrived in Madrid.
    expect(await caseByReference(hub, 'bcn.agent@demo.test', String(response.body.reference))).toBeNull();
  });

  it('the Postmark webhook shape opens a case at the country whose address received it, listing attachments', async () => {
    const payload = {
      FromFull: { Email: 'marta@example.com', Name: 'Marta Ruiz' },
      ToFull: [{ Email: 'hola@acme-spain.test', Name: '' }],
      OriginalRecipient: 'hola@acme-spain.test',
      Subject: 'Warranty question',
      MessageID: '7f2c0f3e-postmark',
      TextBody: 'Is the battery covered for eight years?',
      Headers: [{ Name: 'Message-ID', Value: '<warranty-1@example.com>' }],
      Attachments: [{ Name: 'invoice.pdf', Content: 'JVBERi0=', ContentType: 'application/pdf', ContentLength: 5 }],
    };

    const response = await postInbound(hub, JSON.stringify(payload), { contentType: 'application/json' });

    expect(response.body.outcome).toBe('OPENED_CASE');
    const reference = String(response.body.reference);
    const opened = await caseByReference(hub, 'es.agent@demo.test', reference);
    expect(opened).toMatchObject({ originOrganization: { code: 'ES' }, customer: { name: 'Marta Ruiz' } });
    const [first] = await caseEvents(hub, reference);
    expect(first).toMatchObject({ type: 'OPENED', channel: 'EMAIL' });
    expect(first?.emailAttachments).toEqual([{ name: 'invoice.pdf', contentType: 'application/pdf', size: 5 }]);
  });

  it('a message with NUL characters (a broken encoding) opens its case with the rest of its text', async () => {
    const payload = {
      FromFull: { Email: 'nul@example.com', Name: 'Nu\u0000ria' },
      ToFull: [{ Email: 'hola@acme-spain.test', Name: '' }],
      Subject: 'Broken\u0000 encoding',
      MessageID: 'nul-postmark',
      TextBody: 'Half a line\u0000 and the rest.',
      Headers: [{ Name: 'Message-ID', Value: '<nul-1@example.com>' }],
      Attachments: [{ Name: 'scan\u0000.pdf', Content: 'JVBERi0=', ContentType: 'application/pdf', ContentLength: 5 }],
    };

    const response = await postInbound(hub, JSON.stringify(payload), { contentType: 'application/json' });

    expect(response.body.outcome).toBe('OPENED_CASE');
    const opened = await caseByReference(hub, 'es.agent@demo.test', String(response.body.reference));
    expect(opened).toMatchObject({ subject: 'Broken encoding', customer: { name: 'Nuria' } });
    const [first] = await caseEvents(hub, String(response.body.reference));
    expect(first?.emailAttachments).toEqual([{ name: 'scan.pdf', contentType: 'application/pdf', size: 5 }]);
  });

  it('the same message delivered twice makes one change', async () => {
    const mail = rawEmail({
      from: 'twice@example.com',
      to: 'madrid@dealers.test',
      subject: 'Delivered twice',
      text: 'Once is enough.',
      messageId: '<same-message@example.com>',
    });
    const first = await postInbound(hub, mail);
    const before = await storedCounts(hub);

    const again = await postInbound(hub, mail);

    expect(first.body.outcome).toBe('OPENED_CASE');
    expect(again).toEqual({ status: 200, body: { outcome: 'DUPLICATE', reference: first.body.reference } });
    expect(await storedCounts(hub)).toEqual(before);
  });

  it('a redelivered reply adds one message to its case', async () => {
    const opened = await openCaseAs(hub, 'mad.agent@demo.test', {
      customer: { name: 'Eva', email: 'eva@example.com' },
    });
    const mail = rawEmail({
      from: 'eva@example.com',
      to: 'madrid@dealers.test',
      subject: `Re: [${opened.reference}]`,
      text: 'Thanks!',
    });

    await Promise.all([postInbound(hub, mail), postInbound(hub, mail)]);

    const messages = (await caseEvents(hub, opened.reference)).filter((e) => e.type === 'CUSTOMER_MESSAGE');
    expect(messages).toHaveLength(1);
  });

  it('a wrong or missing secret is refused with 401 and nothing is stored', async () => {
    const before = await storedCounts(hub);
    const mail = rawEmail({ from: 'x@example.com', to: 'madrid@dealers.test', subject: 'Hi', text: 'Hello' });

    const wrong = await postInbound(hub, mail, { secret: 'not-the-secret' });
    const missing = await postInbound(hub, mail, { secret: null });

    expect([wrong.status, missing.status]).toEqual([401, 401]);
    expect(await storedCounts(hub)).toEqual(before);
  });

  it('oversized and malformed messages are refused with a reason and nothing is stored', async () => {
    const before = await storedCounts(hub);

    const huge = await postInbound(
      hub,
      rawEmail({ from: 'x@example.com', to: 'madrid@dealers.test', subject: 'Big', text: 'x'.repeat(60_000) }),
    );
    const noHeaders = await postInbound(hub, 'just some words, no headers at all');
    const noFrom = await postInbound(hub, 'To: madrid@dealers.test\r\nSubject: who am I\r\n\r\nHello\r\n');
    const badJson = await postInbound(hub, '{"FromFull": 1', { contentType: 'application/json' });
    const wrongShape = await postInbound(hub, JSON.stringify({ Subject: 'no sender' }), {
      contentType: 'application/json',
    });
    const unknownAddress = await postInbound(
      hub,
      rawEmail({ from: 'x@example.com', to: 'nobody@nowhere.test', subject: 'Hi', text: 'Hello' }),
    );

    expect(huge.status).toBe(413);
    expect(huge.body.error).toMatch(/too large/);
    expect([noHeaders.status, noFrom.status, badJson.status, wrongShape.status]).toEqual([400, 400, 400, 400]);
    expect(noFrom.body.error).toMatch(/From/);
    expect(wrongShape.body.error).toMatch(/FromFull/);
    expect(unknownAddress.status).toBe(422);
    expect(unknownAddress.body.error).toMatch(/nobody@nowhere.test/);
    expect(await storedCounts(hub)).toEqual(before);
  });

  it('inbound addresses are set by administrators only', async () => {
    const ids = await organizationIds(hub);
    const result = await hub.gql<{ setInboundEmailAddresses: { __typename: string } }>(
      `mutation ($input: SetInboundEmailAddressesInput!) { setInboundEmailAddresses(input: $input) { __typename } }`,
      { input: { organizationId: ids.get('ES-MAD'), addresses: ['mine@dealers.test'] } },
      await hub.login('mad.agent@demo.test'),
    );
    expect(result.data?.setInboundEmailAddresses.__typename).toBe('ForbiddenError');

    const taken = await hub.gql<{ setInboundEmailAddresses: { __typename: string } }>(
      `mutation ($input: SetInboundEmailAddressesInput!) { setInboundEmailAddresses(input: $input) { __typename } }`,
      { input: { organizationId: ids.get('ES-BCN'), addresses: ['madrid@dealers.test'] } },
      await hub.login('hq.admin@demo.test'),
    );
    expect(taken.data?.setInboundEmailAddresses.__typename).toBe('ValidationError');
  });
});
