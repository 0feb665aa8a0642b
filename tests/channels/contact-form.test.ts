import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { runOutboxPass } from '../../server/channels/outbox-worker.js';
import { caseByReference } from '../support/cases.js';
import { ENGINES, startHub, type GraphQLResponse, type TestHub } from '../support/hub.js';
import { caseEvents, startSmtpServer, storedCounts, type TestSmtpServer } from './support.js';

const SUBMIT = `mutation ($input: SubmitContactFormInput!) { submitContactForm(input: $input) {
  __typename
  ... on SubmitContactFormPayload { reference accessCode }
  ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }
} }`;

interface SubmitResult {
  submitContactForm: {
    __typename: string;
    reference?: string;
    accessCode?: string;
    message?: string;
    fieldErrors?: { path: string[]; message: string }[];
  };
}

describe.each(ENGINES)('public contact form (%s)', (engine) => {
  let hub: TestHub;
  let smtp: TestSmtpServer;
  let madrid: string;

  beforeAll(async () => {
    hub = await startHub(engine, { config: { ...loadConfig({}), publicLookupsPerClientPerMinute: 4 } });
    smtp = await startSmtpServer();
    const organizations = await hub.gql<{ contactFormOrganizations: { id: string; code: string; kind: string }[] }>(
      '{ contactFormOrganizations { id code kind } }',
    );
    const codes = organizations.data?.contactFormOrganizations.map((o) => o.code);
    expect(codes).toEqual(['ES', 'ES-BCN', 'ES-MAD', 'FR', 'FR-PAR']);
    madrid = organizations.data?.contactFormOrganizations.find((o) => o.code === 'ES-MAD')?.id ?? '';
  });
  afterAll(async () => {
    await smtp.close();
    await hub.close();
  });

  const submit = (input: Record<string, unknown>): Promise<GraphQLResponse<SubmitResult>> =>
    hub.gql<SubmitResult>(SUBMIT, {
      input: {
        organizationId: madrid,
        name: 'Jane Doe',
        email: 'jane@example.com',
        subject: 'Rattle in the dashboard',
        message: 'Since the last service the dashboard rattles over bumps.',
        ...input,
      },
    });

  it('a customer without an account opens a WEB case at the dealer and gets the reference and code on screen and by e-mail', async () => {
    const result = await submit({ language: 'EN', phone: '612 345 678' });

    const answer = result.data?.submitContactForm;
    expect(answer?.reference).toMatch(/^ES-\d{4}-\d{6}$/);
    const opened = await caseByReference(hub, 'mad.agent@demo.test', answer?.reference ?? '');
    expect(opened).toMatchObject({
      channel: 'WEB',
      status: 'NEW',
      accessCode: answer?.accessCode,
      originOrganization: { code: 'ES-MAD' },
      // A phone without a prefix is read in the dealer's country.
      customer: { name: 'Jane Doe', email: 'jane@example.com', phone: '+34612345678' },
    });
    expect((await caseEvents(hub, answer?.reference ?? ''))[0]).toMatchObject({ type: 'OPENED', channel: 'WEB' });

    await runOutboxPass(
      { db: hub.database.db, config: { smtpUrl: smtp.url, mailFrom: 'help@acme.test', publicUrl: 'https://h.test' } },
      new Date(Date.now() + 60_000),
    );
    // The customer chose English, though the dealer is in Spain.
    expect(smtp.received.map((m) => m.subject)).toEqual([
      `[${answer?.reference}] We have received your request: Rattle in the dashboard`,
    ]);
    expect(smtp.received[0]?.text).toContain(`Access code: ${answer?.accessCode}`);
  });

  it('bad input is refused field by field and nothing is stored', async () => {
    const before = await storedCounts(hub);

    const result = await submit({ email: 'not-an-address', subject: '   ' });

    expect(result.data?.submitContactForm.__typename).toBe('ValidationError');
    expect(result.data?.submitContactForm.fieldErrors?.map((e) => e.path.join('.'))).toContain('subject');
    const badContact = await submit({ email: 'not-an-address', phone: '12' });
    expect(badContact.data?.submitContactForm.fieldErrors).toEqual([
      { path: ['email'], message: 'Not a valid e-mail address' },
      { path: ['phone'], message: 'Not a valid phone number' },
    ]);
    const nowhere = await submit({ organizationId: 'not-an-organization' });
    expect(nowhere.data?.submitContactForm.__typename).toBe('NotFoundError');
    expect(await storedCounts(hub)).toEqual(before);
  });

  it('a client that submits too often is refused with RATE_LIMITED and nothing more is stored', async () => {
    // The limit is 4 a minute per client, shared with the status page; earlier tests spent some.
    let submitted = 0;
    let limited: GraphQLResponse<SubmitResult> | null = null;
    while (!limited && submitted < 10) {
      submitted += 1;
      const response = await submit({ subject: `Attempt ${submitted}` });
      if (response.errors?.[0]?.extensions?.code === 'RATE_LIMITED') limited = response;
    }
    const before = await storedCounts(hub);

    const refused = await submit({ subject: 'One more' });

    expect(submitted).toBeLessThanOrEqual(4);
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(refused.data?.submitContactForm ?? null).toBeNull();
    expect(await storedCounts(hub)).toEqual(before);
  });
});
