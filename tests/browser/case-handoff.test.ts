import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseByReference, caseMutation, openCaseAs } from '../support/cases.js';
import { accessibilityViolations, screenshot, signIn, startWebHub, type WebHub } from './web-hub.js';

describe('handing a case on from the case view in Chromium', () => {
  let web: WebHub;
  beforeAll(async () => {
    web = await startWebHub();
  });
  afterAll(async () => {
    await web?.close();
  });

  it('a dealer escalates a case straight to HQ, past the country office', async () => {
    // Given a case at the Madrid dealer, open on its agent's screen
    const opened = await openCaseAs(web.hub, 'mad.agent@demo.test');
    const { page } = await web.person();
    await signIn(page, 'mad.agent@demo.test');
    await page.goto(`/cases/${opened.reference}`);
    await page.getByTestId('case-header').waitFor();

    // When the agent escalates and picks HQ among the organizations above the dealer
    await page.getByRole('button', { name: 'Escalate' }).click();
    expect(await page.getByLabel('Escalate to').locator('option').allTextContents()).toEqual([
      'Acme Spain (Country)',
      'Acme Motors HQ (HQ)',
    ]);
    expect(await page.getByLabel('Escalate to').inputValue()).not.toBe('');
    await page.getByLabel('Escalate to').selectOption({ label: 'Acme Motors HQ (HQ)' });
    await page.getByLabel('Reason').fill('Safety issue: engineering must look at it');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Escalate' }).last().click();

    // Then HQ holds it, on screen and in the hub
    await expect.poll(() => page.getByTestId('case-owner').textContent()).toBe('Acme Motors HQ');
    await page.locator('[data-event-type="ESCALATED"]').waitFor();
    const stored = await caseByReference(web.hub, 'hq.admin@demo.test', opened.reference);
    expect(stored?.owner).toMatchObject({ code: 'HQ' });
  });

  it('a country manager assigns a case to a colleague from the holder’s staff; an agent is not offered it', async () => {
    // Given a Madrid case escalated to Acme Spain
    const opened = await openCaseAs(web.hub, 'mad.agent@demo.test');
    const escalated = await caseMutation(web.hub, await web.hub.login('mad.agent@demo.test'), 'escalateCase', {
      caseId: opened.id,
      reason: 'Needs the country',
    });
    expect(escalated.__typename).toBe('EscalateCasePayload');

    // When the Spanish manager opens it and assigns it to Sergio
    const { page } = await web.person();
    await signIn(page, 'es.manager@demo.test');
    await page.goto(`/cases/${opened.reference}`);
    await page.getByRole('button', { name: 'Assign to a colleague' }).click();
    const colleague = page.getByRole('form', { name: 'Assign to a colleague' }).getByLabel('Colleague');
    await page
      .getByLabel('Colleague')
      .locator('option', { hasText: 'es.agent@demo.test' })
      .waitFor({ state: 'attached' });
    await colleague.selectOption({ label: 'Sergio Agent · es.agent@demo.test' });
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'case-assign-colleague');
    await page.getByRole('button', { name: 'Assign to a colleague' }).last().click();

    // Then Sergio is the assignee, on screen and in the hub
    await expect.poll(async () => (await page.getByTestId('case-assignee').textContent())?.trim()).toBe('Sergio Agent');
    const stored = await caseByReference(web.hub, 'es.agent@demo.test', opened.reference);
    expect(stored?.assignee).toEqual({ email: 'es.agent@demo.test' });

    // while Sergio, an agent, is offered no way to hand it to someone else
    const { page: agent } = await web.person();
    await signIn(agent, 'es.agent@demo.test');
    await agent.goto(`/cases/${opened.reference}`);
    await agent.getByRole('button', { name: 'Unassign' }).waitFor();
    expect(await agent.getByRole('button', { name: 'Assign to a colleague' }).count()).toBe(0);
  });
});
