import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseMutation, openCaseAs } from '../support/cases.js';
import { accessibilityViolations, screenshot, signIn, startWebHub, type WebHub } from './web-hub.js';

describe('call center console in Chromium', () => {
  let web: WebHub;
  beforeAll(async () => {
    web = await startWebHub();
  });
  afterAll(async () => {
    await web?.close();
  });

  it('finds a case by reference and tells public from internal entries in the timeline', async () => {
    // Given a Madrid case with an internal and a public note
    const opened = await openCaseAs(web.hub, 'mad.agent@demo.test', {
      customer: { name: 'Jorge Vidal', phone: '+34 622 111 222' },
    });
    const madrid = await web.hub.login('mad.agent@demo.test');
    await caseMutation(web.hub, madrid, 'addCaseNote', {
      caseId: opened.id,
      body: 'Customer seemed upset',
      visibility: 'INTERNAL',
    });
    await caseMutation(web.hub, madrid, 'addCaseNote', {
      caseId: opened.id,
      body: 'Parts ordered',
      visibility: 'PUBLIC',
    });
    const { page } = await web.person();
    await signIn(page, 'es.agent@demo.test');

    // When the agent types the reference in lower case in the one search box
    await page.goto('/console');
    await page.getByLabel('Find a case').fill(opened.reference.toLowerCase());
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: opened.reference }).click();

    // Then the case shows, its notes marked for who sees them
    const internal = page.locator('[data-event-type="NOTE_ADDED"]', { hasText: 'Customer seemed upset' });
    const external = page.locator('[data-event-type="NOTE_ADDED"]', { hasText: 'Parts ordered' });
    expect(await internal.getAttribute('class')).toContain('internal');
    expect(await internal.textContent()).toContain('Internal');
    expect(await external.getAttribute('class')).toContain('public');
    expect(await external.textContent()).toContain('Public');
    expect(await page.locator('.last-public').textContent()).toContain('Parts ordered');
    // and the resolution promise with the business time left (the demo network's SLA policy)
    expect(await page.getByTestId('sla').textContent()).toMatch(/Resolution due.*of business hours left/s);
  });

  it('a case opened elsewhere joins the open list without reload, and the list exports to CSV', async () => {
    const { page } = await web.person();
    await signIn(page, 'es.agent@demo.test');
    const list = page.getByTestId('open-cases');
    await list.waitFor();
    const opened = await openCaseAs(web.hub, 'bcn.agent@demo.test', { subject: 'Window will not close' });
    await list.locator(`tr[data-reference="${opened.reference}"]`).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      list.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv).toContain(`${opened.reference},Window will not close`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'call-center-console');
  });

  it('a lost connection is shown, recovers by itself and catches up on what changed meanwhile', async () => {
    // Given the agent has a case open
    const opened = await openCaseAs(web.hub, 'mad.agent@demo.test');
    const { page } = await web.person();
    await signIn(page, 'es.agent@demo.test');
    await page.goto(`/cases/${opened.reference}`);
    await page.getByTestId('timeline').waitFor();

    // When the hub is unreachable for a while, and the case changes during that time
    await web.outage(async () => {
      await page.getByTestId('connection-lost').waitFor();
      await caseMutation(web.hub, await web.hub.login('mad.agent@demo.test'), 'changeCaseStatus', {
        caseId: opened.id,
        status: 'WAITING_ON_CUSTOMER',
      });
    });

    // Then the line goes away once it is back, and the screen shows the change it missed
    await page.getByTestId('connection-lost').waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByTestId('case-header').locator('[data-status]').getAttribute('data-status'))
      .toBe('WAITING_ON_CUSTOMER');
  });
});
