import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseByReference, openCaseAs } from '../support/cases.js';
import { accessibilityViolations, screenshot, signIn, startWebHub, type WebHub } from './web-hub.js';

describe('dealer desk in Chromium', () => {
  let web: WebHub;
  beforeAll(async () => {
    web = await startWebHub();
  });
  afterAll(async () => {
    await web?.close();
  });

  it('a walk-in is logged phone first and the receipt shows its reference and access code', async () => {
    // Given a customer the network already knows, and the Madrid dealer at the counter
    await openCaseAs(web.hub, 'mad.agent@demo.test', {
      customer: { name: 'Ana García', phone: '+34 612 345 678', email: 'ana@example.com' },
    });
    const { page } = await web.person();
    await page.goto('/login');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'login');
    await signIn(page, 'mad.agent@demo.test');
    await page.getByRole('heading', { name: 'Dealer desk' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // When the agent types the phone as the customer says it, the known customer fills in
    await expect
      .poll(() => page.getByLabel('Customer phone').evaluate((el) => el === document.activeElement))
      .toBe(true);
    await page.getByLabel('Customer phone').pressSequentially('612 34 56 78');
    await expect.poll(() => page.getByTestId('known-customer').textContent()).toBe('Known customer: Ana García');
    await expect.poll(() => page.getByLabel('Customer name').inputValue()).toBe('Ana García');
    await expect.poll(() => page.getByLabel('Channel').inputValue()).toBe('WALK_IN');
    await page.getByLabel('Subject').fill('Noisy gearbox');
    await page.getByLabel('Description').fill('Grinding in third gear.');
    await page.getByLabel('Priority').selectOption('HIGH');
    await page.getByRole('button', { name: 'Open case' }).click();

    // Then the receipt shows the reference and the access code, and the case is the customer's, in my cases
    const reference = (await page.getByTestId('receipt-reference').textContent()) ?? '';
    const accessCode = (await page.getByTestId('receipt-access-code').textContent()) ?? '';
    expect(reference).toMatch(/^ES-\d{4}-\d{6}$/);
    expect(accessCode).toMatch(/^[A-Z0-9]{10}$/);
    const stored = await caseByReference(web.hub, 'mad.agent@demo.test', reference);
    expect(stored).toMatchObject({
      accessCode,
      channel: 'WALK_IN',
      priority: 'HIGH',
      customer: { name: 'Ana García', phone: '+34612345678' },
      assignee: { email: 'mad.agent@demo.test' },
    });
    await page.getByTestId('my-cases').locator(`tr[data-reference="${reference}"]`).waitFor();
    await screenshot(page, 'dealer-desk-receipt');
  });

  it('a refused walk-in says what is wrong next to the field and stores nothing', async () => {
    const { page } = await web.person();
    await signIn(page, 'mad.agent@demo.test');
    await page.getByLabel('Customer phone').fill('12');
    await page.getByLabel('Customer name').fill('Bruno');
    await page.getByLabel('Subject').fill('x'.repeat(200));
    await page.getByLabel('Description').fill('Short.');
    await page.getByRole('button', { name: 'Open case' }).click();
    await expect.poll(() => page.getByLabel('Customer phone').getAttribute('aria-invalid')).toBe('true');
    await page.locator('[id="error-customer.phone"]').waitFor();
    await expect.poll(() => page.getByTestId('receipt').count()).toBe(0);
  });

  it('a sibling dealer cannot see another dealer’s case, by link or by phone', async () => {
    // Given a case opened in Madrid
    const madrid = await openCaseAs(web.hub, 'mad.agent@demo.test', {
      customer: { name: 'Carla Ruiz', phone: '+34 699 000 111' },
    });
    const { page } = await web.person();
    await signIn(page, 'bcn.agent@demo.test');

    // When Barcelona opens its link, or searches its customer's phone
    await page.goto(`/cases/${madrid.reference}`);
    // Then the case is reported as not there, and the search finds nothing
    await page.getByTestId('case-not-found').waitFor();
    await expect.poll(() => page.getByText('Carla Ruiz').count()).toBe(0);
    await page.goto('/console');
    await page.getByLabel('Find a case').fill('699 000 111');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('search-results').textContent())
      .toContain('No case matches “699 000 111”.');

    // while the Madrid dealer finds it the same way (the negative twin)
    const { page: madridPage } = await web.person();
    await signIn(madridPage, 'mad.agent@demo.test');
    await madridPage.goto('/console?q=699%20000%20111');
    await madridPage.getByTestId('search-results').locator(`tr[data-reference="${madrid.reference}"]`).waitFor();
  });
});
