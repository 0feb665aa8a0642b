import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseMutation, openCaseAs } from '../support/cases.js';
import { accessibilityViolations, screenshot, signIn, startWebHub, type WebHub } from './web-hub.js';

// The product story with three people at once: the Madrid dealer, the Spanish call center and the customer.
describe('the product story in three browsers', () => {
  let web: WebHub;
  beforeAll(async () => {
    web = await startWebHub();
  });
  afterAll(async () => {
    await web?.close();
  });

  it('walk-in, escalation, call, HQ answer: every open screen shows the change without reload', async () => {
    // Given the dealer at the counter logs Ana's walk-in
    const { page: dealer } = await web.person();
    await signIn(dealer, 'mad.agent@demo.test');
    await dealer.getByLabel('Customer phone').fill('+34 612 345 678');
    await dealer.getByLabel('Customer name').fill('Ana García');
    await dealer.getByLabel('Subject').fill('Noisy gearbox');
    await dealer.getByLabel('Description').fill('Grinding noise in third gear.');
    await dealer.getByRole('button', { name: 'Open case' }).click();
    const reference = (await dealer.getByTestId('receipt-reference').textContent()) ?? '';
    const accessCode = (await dealer.getByTestId('receipt-access-code').textContent()) ?? '';
    expect(await accessibilityViolations(dealer)).toEqual([]);
    await screenshot(dealer, 'story-1-dealer-receipt');

    // and escalates it to the country from the case screen
    await dealer.getByRole('link', { name: 'Open the case' }).click();
    await dealer.getByRole('button', { name: 'Escalate' }).click();
    await dealer.getByLabel('Reason').fill('Needs the country’s technical team');
    await dealer.getByRole('button', { name: 'Escalate' }).last().click();
    await expect.poll(() => dealer.getByTestId('case-owner').textContent()).toBe('Acme Spain');
    await dealer.locator('[data-event-type="ESCALATED"]').waitFor();

    // and Ana opens her status page with the reference and access code
    const { page: customer } = await web.person();
    await customer.goto('/status');
    expect(await accessibilityViolations(customer)).toEqual([]);
    await customer.getByLabel('Reference').fill(reference);
    await customer.getByLabel('Access code').fill(accessCode.toLowerCase());
    await customer.getByRole('button', { name: 'Show my case' }).click();
    await expect
      .poll(() => customer.getByTestId('public-handler').textContent())
      .toBe('The country office · Acme Spain');
    expect(await accessibilityViolations(customer)).toEqual([]);

    // When the Spanish call center finds the case from the phone number as Ana says it, and logs the call
    const { page: callCenter } = await web.person();
    await signIn(callCenter, 'es.agent@demo.test');
    await callCenter.keyboard.press('/');
    await callCenter.getByLabel('Find a case').fill('612 34 56 78');
    await callCenter.keyboard.press('Enter');
    await callCenter.getByRole('link', { name: reference }).click();
    await callCenter.getByTestId('timeline').waitFor();
    await callCenter.getByLabel('What was said').fill('Ana asked how it is going; told her the country has it.');
    await callCenter.getByRole('button', { name: 'Log contact' }).click();
    await callCenter.locator('[data-event-type="CONTACT_LOGGED"]').waitFor();
    expect(await callCenter.locator('[data-event-type="CONTACT_LOGGED"]').textContent()).toContain('Phone');
    expect(await accessibilityViolations(callCenter)).toEqual([]);
    await screenshot(callCenter, 'story-2-call-center-case');

    // and HQ answers with a public note (through the API, from another process' point of view)
    const hq = await web.hub.login('hq.admin@demo.test');
    const found = await web.hub.gql<{ case: { id: string } }>(
      'query ($r: String!) { case(reference: $r) { id } }',
      { r: reference },
      hq,
    );
    const caseId = found.data?.case.id ?? '';
    await caseMutation(web.hub, hq, 'escalateCase', { caseId, reason: 'Engineering to look at it' });
    const answer = 'Our engineers will replace the synchronizer ring; the dealer will call you.';
    await caseMutation(web.hub, hq, 'addCaseNote', { caseId, body: answer, visibility: 'PUBLIC' });

    // Then the dealer's, the call center's and Ana's pages show it, none of them reloaded
    for (const page of [dealer, callCenter]) {
      await page.locator('[data-event-type="NOTE_ADDED"]', { hasText: answer }).waitFor();
      await expect.poll(() => page.getByTestId('case-owner').textContent()).toBe('Acme Motors HQ');
    }
    await customer.locator('[data-event-type="NOTE_ADDED"]', { hasText: answer }).waitFor();
    await expect.poll(() => customer.getByTestId('public-handler').textContent()).toBe('Headquarters · Acme Motors HQ');
    await screenshot(dealer, 'story-3-dealer-case-live');
    await screenshot(customer, 'story-4-customer-status');
    // the customer page never shows the internal side
    expect(await customer.getByText('Ana asked how it is going').count()).toBe(0);
  });

  it('HQ quality sees the network with each node’s open backlog', async () => {
    const { page } = await web.person();
    await signIn(page, 'hq.quality@demo.test');
    await page.getByRole('heading', { name: 'HQ quality' }).waitFor();
    const hqRow = page.locator('tr[data-code="HQ"]');
    await expect.poll(() => hqRow.getByTestId('backlog-open').textContent()).toBe('1');
    await expect.poll(() => page.locator('tr[data-code="FR"]').getByTestId('backlog-open').textContent()).toBe('0');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'story-5-hq-quality');
  });

  it('the customer writes, the dealer sees it live and resolves, the customer rates from the QR link', async () => {
    // Given a case waiting on Ana, open on the dealer's screen
    const opened = await openCaseAs(web.hub, 'mad.agent@demo.test', {
      customer: { name: 'Ana García', phone: '+34 612 000 999' },
    });
    await caseMutation(web.hub, await web.hub.login('mad.agent@demo.test'), 'changeCaseStatus', {
      caseId: opened.id,
      status: 'WAITING_ON_CUSTOMER',
      note: 'Could you send a photo of the dashboard?',
      noteVisibility: 'PUBLIC',
    });
    const { page: dealer } = await web.person();
    await signIn(dealer, 'mad.agent@demo.test');
    await dealer.goto(`/cases/${opened.reference}`);
    await dealer.getByTestId('timeline').waitFor();

    // When Ana follows the receipt's QR link and answers
    const { page: customer } = await web.person();
    await customer.goto(`/status/${opened.reference}?code=${opened.accessCode}`);
    await customer.getByTestId('public-status').waitFor();
    expect(new URL(customer.url()).search).toBe('');
    await customer.getByLabel('Write to us').fill('Photo sent by e-mail just now.');
    await customer.getByRole('button', { name: 'Send' }).click();

    // Then the dealer sees her message and the reopened case without reloading
    await dealer.locator('[data-event-type="CUSTOMER_MESSAGE"]', { hasText: 'Photo sent by e-mail' }).waitFor();
    await expect
      .poll(() => dealer.getByTestId('case-header').locator('[data-status]').getAttribute('data-status'))
      .toBe('OPEN');

    // When the dealer resolves it with a public note, Ana's page follows and she rates it once
    await dealer.getByRole('button', { name: 'Change status' }).click();
    await dealer.getByLabel('New status').selectOption('RESOLVED');
    await dealer.getByLabel('Note (optional)').fill('Clip replaced behind the glove box.');
    await dealer.getByLabel('Show the note to the customer').check();
    await dealer.getByRole('button', { name: 'Change status' }).last().click();
    await customer.getByRole('group', { name: /How did we do/ }).waitFor();
    await customer.getByText('Clip replaced behind the glove box.').waitFor();
    await customer.getByLabel('4', { exact: true }).check();
    await customer.getByRole('button', { name: 'Send' }).last().click();
    await expect.poll(() => customer.getByRole('status').last().textContent()).toBe('Thank you: you rated us 4/5.');
    await dealer.locator('[data-event-type="SURVEY_ANSWERED"]').waitFor();
  });
});
