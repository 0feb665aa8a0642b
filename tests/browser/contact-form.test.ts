import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseByReference } from '../support/cases.js';
import { storedCounts } from '../channels/support.js';
import { accessibilityViolations, screenshot, signIn, startWebHub, type WebHub } from './web-hub.js';

describe('public contact form in Chromium', () => {
  let web: WebHub;
  beforeAll(async () => {
    web = await startWebHub();
  });
  afterAll(async () => {
    await web?.close();
  });

  it('a customer writes to a dealer, follows the case with the codes shown, and the dealer finds it on the desk', async () => {
    // Given a customer without an account on the status page, who has no case yet
    const { page: customer } = await web.person();
    await customer.goto('/status');
    await customer.getByRole('link', { name: 'New request? Contact us' }).click();
    await customer.getByRole('heading', { name: 'Contact us' }).waitFor();
    await expect.poll(() => customer.getByLabel('Country').locator('option').count()).toBeGreaterThan(1);
    expect(await accessibilityViolations(customer)).toEqual([]);

    // When she chooses Spain and the Madrid dealer and sends her request
    await customer.getByLabel('Country').selectOption({ label: 'Spain' });
    expect(await customer.getByLabel('Dealer').locator('option').allTextContents()).toEqual([
      'Choose a dealer',
      'The country office: Acme Spain',
      'Barcelona Diagonal',
      'Madrid Centro',
    ]);
    await customer.getByLabel('Dealer').selectOption({ label: 'Madrid Centro' });
    await customer.getByLabel('Your name').fill('Lucía Romero');
    await customer.getByLabel('E-mail', { exact: true }).fill('lucia@example.com');
    await customer.getByLabel('Phone (optional)').fill('611 222 333');
    await customer.getByLabel('Subject').fill('Warning light after service');
    await customer.getByLabel('Message').fill('The engine light came on two days after the last service.');
    await customer.getByLabel('Language of our e-mails').selectOption('ES');
    await customer.getByRole('button', { name: 'Send request' }).click();

    // Then the reference and access code are on screen, with word that an e-mail is on its way
    await customer.getByRole('heading', { name: 'We have received your request' }).waitFor();
    const reference = (await customer.getByTestId('contact-reference').textContent()) ?? '';
    const accessCode = (await customer.getByTestId('contact-access-code').textContent()) ?? '';
    expect(reference).toMatch(/^ES-\d{4}-\d{6}$/);
    expect(accessCode).toMatch(/^[A-Z0-9]{10}$/);
    await customer.getByText('An e-mail with both codes is on its way to lucia@example.com.').waitFor();
    expect(await accessibilityViolations(customer)).toEqual([]);
    await screenshot(customer, 'contact-form-sent');

    // and the case is a WEB case of hers at the Madrid dealer, with its e-mail waiting in the outbox, in Spanish
    const stored = await caseByReference(web.hub, 'mad.agent@demo.test', reference);
    expect(stored).toMatchObject({
      accessCode,
      channel: 'WEB',
      status: 'NEW',
      originOrganization: { code: 'ES-MAD' },
      customer: { name: 'Lucía Romero', email: 'lucia@example.com', phone: '+34611222333' },
    });
    const notifications = await web.hub.database.db
      .selectFrom('notification_outbox')
      .innerJoin('cases', 'cases.id', 'notification_outbox.case_id')
      .select(['notification_outbox.kind', 'notification_outbox.recipient', 'notification_outbox.language'])
      .where('cases.reference', '=', reference)
      .execute();
    expect(notifications).toEqual([{ kind: 'OPENED', recipient: 'lucia@example.com', language: 'es' }]);

    // When she follows the link to the status page, she sees her case without typing the codes
    await customer.getByRole('link', { name: 'Follow your case' }).click();
    await customer.getByTestId('public-status').waitFor();
    expect(await customer.getByRole('heading', { name: reference }).textContent()).toContain(
      'Warning light after service',
    );
    expect(await customer.getByTestId('public-handler').textContent()).toBe('Your dealer · Madrid Centro');

    // and the Madrid dealer's staff see the new WEB case among their outlet's open cases
    const { page: dealer } = await web.person();
    await signIn(dealer, 'mad.agent@demo.test');
    await dealer.getByTestId('outlet-open').getByRole('link', { name: reference }).click();
    await expect.poll(() => dealer.getByText('Web · Madrid Centro').count()).toBe(1);
  });

  it('an e-mail the hub refuses is marked next to its field and nothing is stored', async () => {
    // Given a customer filling in the form
    const { page } = await web.person();
    await page.goto('/contact');
    await expect.poll(() => page.getByLabel('Country').locator('option').count()).toBeGreaterThan(1);
    await page.getByLabel('Country').selectOption({ label: 'France' });
    await page.getByLabel('Dealer').selectOption({ label: 'Paris Nord' });
    await page.getByLabel('Your name').fill('Marc Petit');
    await page.getByLabel('Subject').fill('Brakes squeal');
    await page.getByLabel('Message').fill('Squealing when braking at low speed.');
    const before = await storedCounts(web.hub);

    // When the e-mail is plainly not one, the browser says so before sending
    await page.getByLabel('E-mail', { exact: true }).fill('marc.example.com');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect
      .poll(() => page.locator('#error-email').textContent())
      .toBe('Not a valid e-mail address, e.g. jane@example.com');
    // and when the browser lets it pass but the hub does not, the hub's words stand next to the field
    await page.getByLabel('E-mail', { exact: true }).fill('marc@example');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect.poll(() => page.locator('#error-email').textContent()).toBe('Not a valid e-mail address');

    // Then the field is marked, no reference is shown and nothing is stored
    expect(await page.getByLabel('E-mail', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('contact-sent').count()).toBe(0);
    expect(await storedCounts(web.hub)).toEqual(before);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'contact-form-refused');
  });

  it('a device over the public limit is told how many seconds to wait, and nothing is stored', async () => {
    // Given this address spent its public attempts (a script sending forms from the same machine)
    const { page } = await web.person();
    await page.goto('/contact');
    await expect.poll(() => page.getByLabel('Country').locator('option').count()).toBeGreaterThan(1);
    let status = 0;
    for (let attempt = 0; attempt < 200 && status !== 429; attempt += 1) {
      const response = await fetch(`${web.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation ($input: SubmitContactFormInput!) { submitContactForm(input: $input) { __typename } }',
          variables: {
            input: { organizationId: 'nowhere', name: 'Bot', email: 'bot@example.com', subject: 'x', message: 'x' },
          },
        }),
      });
      status = response.status;
    }
    expect(status).toBe(429);
    const before = await storedCounts(web.hub);

    // When a customer at that address sends a complete form
    await page.getByLabel('Country').selectOption({ label: 'Spain' });
    await page.getByLabel('Dealer').selectOption({ label: 'The country office: Acme Spain' });
    await page.getByLabel('Your name').fill('Pablo Ruiz');
    await page.getByLabel('E-mail', { exact: true }).fill('pablo@example.com');
    await page.getByLabel('Subject').fill('Recall question');
    await page.getByLabel('Message').fill('Is my car part of the airbag recall?');
    await page.getByRole('button', { name: 'Send request' }).click();

    // Then the page says when to try again, the button waits, and nothing is stored
    await expect
      .poll(() => page.getByTestId('contact-rate-limited').textContent())
      .toMatch(/^\s*Too many requests from this device\. Try again in \d+ seconds\.\s*$/);
    expect(await page.getByRole('button', { name: 'Send request' }).isDisabled()).toBe(true);
    expect(await storedCounts(web.hub)).toEqual(before);
  });
});
