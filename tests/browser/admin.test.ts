import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { caseByReference } from '../support/cases.js';
import { accessibilityViolations, screenshot, signIn, startWebHub, type WebHub } from './web-hub.js';

/** The organization shown in the administration workspace's tree, by name. */
const treeNode = (name: string) => ({ name: new RegExp(`^${name}\\b`) });

describe('network administration in Chromium', () => {
  let web: WebHub;
  beforeAll(async () => {
    web = await startWebHub();
  });
  afterAll(async () => {
    await web?.close();
  });

  async function organizationCodes(): Promise<string[]> {
    const rows = await web.hub.database.db.selectFrom('organizations').select('code').orderBy('code').execute();
    return rows.map((row) => row.code);
  }

  it('a newcomer adds a dealer under Spain, invites its first agent, who sets a password and logs a walk-in there', async () => {
    // Given the HQ administrator opens the administration workspace from the navigation
    const { page: admin } = await web.person();
    await signIn(admin, 'hq.admin@demo.test');
    await admin.getByRole('navigation', { name: 'Workspaces' }).getByRole('link', { name: 'Administration' }).click();
    await admin.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    await admin.getByTestId('organization-tree').getByRole('button', treeNode('Acme Motors HQ')).waitFor();
    expect(await accessibilityViolations(admin)).toEqual([]);

    // When they add a dealer below Spain (the form submits with Enter)
    await admin.getByTestId('organization-tree').getByRole('button', treeNode('Acme Spain')).click();
    await admin.getByRole('heading', { name: /^Acme Spain/, level: 2 }).waitFor();
    const create = admin.getByTestId('create-organization');
    await expect.poll(() => create.getByLabel('Kind').inputValue()).toBe('DEALER');
    await expect.poll(() => create.getByLabel('Time zone').inputValue()).toBe('Europe/Madrid');
    await create.getByLabel('Name', { exact: true }).fill('Valencia Puerto');
    await create.getByLabel('Code', { exact: true }).fill('ES-VLC');
    await create.getByLabel('Code', { exact: true }).press('Enter');

    // Then the new dealer is in the tree below Spain, shown, with the focus on its name
    await admin.getByRole('heading', { name: /^Valencia Puerto/, level: 2 }).waitFor();
    await expect.poll(() => admin.getByTestId('admin-notice').textContent()).toBe('Valencia Puerto was added.');
    await expect.poll(() => admin.evaluate(() => document.activeElement?.id)).toBe('org-title');
    const stored = await web.hub.database.db
      .selectFrom('organizations as dealer')
      .innerJoin('organizations as parent', 'parent.id', 'dealer.parent_id')
      .select(['dealer.kind', 'dealer.time_zone', 'parent.code as parent_code'])
      .where('dealer.code', '=', 'ES-VLC')
      .executeTakeFirst();
    expect(stored).toEqual({ kind: 'DEALER', time_zone: 'Europe/Madrid', parent_code: 'ES' });

    // When they invite the dealer's first agent
    const invite = admin.getByTestId('invite-form');
    await invite.getByLabel('Name', { exact: true }).fill('Vera Agent');
    await invite.getByLabel('E-mail').fill('vera.agent@demo.test');
    await expect.poll(() => invite.getByLabel('Role').inputValue()).toBe('AGENT');
    await invite.getByRole('button', { name: 'Send invitation' }).click();

    // Then a one-time set-password link is shown to hand over, and Vera is listed as invited
    const link = await admin.getByTestId('invitation-link').inputValue();
    expect(link).toMatch(new RegExp(`^${web.url}/set-password#[A-Za-z0-9_-]{40,}$`));
    await expect
      .poll(() => admin.getByTestId('staff-panel').locator('tr[data-email="vera.agent@demo.test"]').textContent())
      .toMatch(/Vera Agent.*Agent · Valencia Puerto.*Invited/);
    // and both changes are in the recent administrative changes
    const changes = admin.getByTestId('admin-changes');
    await changes.locator('tr[data-action="USER_INVITED"]', { hasText: 'vera.agent@demo.test' }).waitFor();
    await changes.locator('tr[data-action="ORGANIZATION_CREATED"]', { hasText: 'ES-VLC' }).waitFor();
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-invitation');

    // When Vera opens the link on her own device and chooses a password
    const { page: agent } = await web.person();
    await agent.goto(link);
    await agent.getByRole('heading', { name: 'Choose your password' }).waitFor();
    expect(await accessibilityViolations(agent)).toEqual([]);
    await screenshot(agent, 'set-password');
    await agent.getByLabel('New password').fill(DEMO_PASSWORD);
    await agent.getByLabel('Repeat the password').fill(DEMO_PASSWORD);
    await agent.getByRole('button', { name: 'Set password and sign in' }).click();

    // Then she is signed in at her dealer's desk, and logs a walk-in there
    await agent.getByRole('heading', { name: 'Dealer desk' }).waitFor();
    await expect.poll(() => agent.getByTestId('viewer-name').textContent()).toBe('Vera Agent · Valencia Puerto');
    await agent.getByLabel('Customer phone').fill('+34 611 222 333');
    await agent.getByLabel('Customer name').fill('Lucía Ferrer');
    await agent.getByLabel('Subject').fill('Scratched door on delivery');
    await agent.getByLabel('Description').fill('Noticed at handover.');
    await agent.getByRole('button', { name: 'Open case' }).click();
    const reference = (await agent.getByTestId('receipt-reference').textContent()) ?? '';
    expect(await caseByReference(web.hub, 'vera.agent@demo.test', reference)).toMatchObject({
      channel: 'WALK_IN',
      originOrganization: { code: 'ES-VLC' },
      owner: { code: 'ES-VLC' },
      assignee: { email: 'vera.agent@demo.test' },
    });

    // and the same link does not work a second time
    const { page: again } = await web.person();
    await again.goto(link);
    await again.getByLabel('New password').fill('another-password');
    await again.getByLabel('Repeat the password').fill('another-password');
    await again.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect.poll(() => again.getByRole('alert').textContent()).toContain('invalid, already used or expired');
  });

  it('a duplicate code is refused next to the field and nothing is added', async () => {
    // Given the HQ administrator adding a dealer under Spain with Madrid's code
    const before = await organizationCodes();
    const { page } = await web.person();
    await signIn(page, 'hq.admin@demo.test');
    await page.goto('/admin');
    await page.getByTestId('organization-tree').getByRole('button', treeNode('Acme Spain')).click();
    const create = page.getByTestId('create-organization');
    await create.getByLabel('Name', { exact: true }).fill('Madrid Again');
    await create.getByLabel('Code', { exact: true }).fill('ES-MAD');
    await create.getByRole('button', { name: 'Add organization' }).click();

    // Then the code field says why, has the focus, and the network is unchanged
    await expect
      .poll(() => page.locator('[id="child-code-error"]').textContent())
      .toBe('This code is already used in the network');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('child-code');
    expect(await create.getByLabel('Code', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await create.getByLabel('Name', { exact: true }).inputValue()).toBe('Madrid Again');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await organizationCodes()).toEqual(before);
  });

  it('a manager sees only the roles they may grant, and no organization changes', async () => {
    // Given Spain's manager in the administration workspace, at the Madrid dealer
    const { page } = await web.person();
    await signIn(page, 'es.manager@demo.test');
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByTestId('organization-tree').getByRole('button', treeNode('Madrid Centro')).click();
    const panel = page.getByTestId('organization-panel');
    await panel.getByText('only administrators change the organization itself').waitFor();
    expect(await panel.getByRole('button', { name: 'Deactivate' }).count()).toBe(0);

    // Then inviting or granting offers agent and manager, never administrator or auditor
    const roleChoices = (select: string) =>
      page
        .getByTestId(select)
        .locator('option:not([disabled])')
        .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(await roleChoices('invite-role')).toEqual(['AGENT', 'MANAGER']);
    await page.getByRole('button', { name: 'Manage Marta Agent' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('person-title');
    expect(await roleChoices('grant-role')).toEqual(['AGENT', 'MANAGER']);
    expect(await accessibilityViolations(page)).toEqual([]);

    // while the HQ administrator is offered every role at the same dealer (the negative twin)
    const { page: admin } = await web.person();
    await signIn(admin, 'hq.admin@demo.test');
    await admin.goto('/admin');
    await admin.getByTestId('organization-tree').getByRole('button', treeNode('Madrid Centro')).click();
    await expect
      .poll(() =>
        admin
          .getByTestId('invite-role')
          .locator('option')
          .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value).sort()),
      )
      .toEqual(['ADMIN', 'AGENT', 'AUDITOR', 'MANAGER']);
  });

  it('an administrator renames a dealer and moves it to France by picking the new parent', async () => {
    // Given a dealer below Spain
    const { page } = await web.person();
    await signIn(page, 'hq.admin@demo.test');
    await page.goto('/admin');
    const tree = page.getByTestId('organization-tree');
    await tree.getByRole('button', treeNode('Acme Spain')).click();
    const create = page.getByTestId('create-organization');
    await create.getByLabel('Name', { exact: true }).fill('Sevilla Sur');
    await create.getByLabel('Code', { exact: true }).fill('ES-SVQ');
    await create.getByRole('button', { name: 'Add organization' }).click();
    await page.getByRole('heading', { name: /^Sevilla Sur/, level: 2 }).waitFor();
    // (headquarters, the administrator's own organization, cannot be moved by them)
    await tree.getByRole('button', treeNode('Acme Motors HQ')).click();
    await page.getByText('Your own organization cannot be moved or deactivated by you.').waitFor();
    await tree.getByRole('button', treeNode('Sevilla Sur')).click();

    // When they rename it
    const details = page.getByRole('form', { name: 'Details' });
    await details.getByLabel('Name', { exact: true }).fill('Sevilla Sur Motor');
    await details.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => details.getByRole('status').textContent()).toBe('Saved.');
    await tree.getByRole('button', treeNode('Sevilla Sur Motor')).waitFor();

    // Then the new parent is picked among the places a dealer may go: not Spain (its parent now), not HQ
    const move = page.getByRole('form', { name: 'Move Sevilla Sur Motor' });
    const parents = await move
      .getByLabel('New parent')
      .locator('option:not([disabled])')
      .evaluateAll((options) => options.map((option) => option.textContent));
    expect(parents).toEqual(expect.arrayContaining(['Acme France (FR)', 'Madrid Centro (ES-MAD)']));
    expect(parents).not.toContain('Acme Spain (ES)');
    expect(parents).not.toContain('Acme Motors HQ (HQ)');
    expect(parents).not.toContain('Sevilla Sur Motor (ES-SVQ)');
    await move.getByLabel('New parent').selectOption({ label: 'Acme France (FR)' });
    await move.getByRole('button', { name: 'Move', exact: true }).click();

    // Then it sits below France, in the tree and in the database
    await expect.poll(() => move.getByRole('status').textContent()).toMatch(/^Moved below Acme France; \d+ cases/);
    await tree
      .getByRole('listitem')
      .filter({ has: page.getByRole('button', treeNode('Acme France')) })
      .getByRole('button', treeNode('Sevilla Sur Motor'))
      .waitFor();
    const stored = await web.hub.database.db
      .selectFrom('organizations as dealer')
      .innerJoin('organizations as parent', 'parent.id', 'dealer.parent_id')
      .select(['dealer.name', 'parent.code as parent_code'])
      .where('dealer.code', '=', 'ES-SVQ')
      .executeTakeFirst();
    expect(stored).toEqual({ name: 'Sevilla Sur Motor', parent_code: 'FR' });
    await page
      .getByTestId('admin-changes')
      .locator('tr[data-action="ORGANIZATION_MOVED"]', { hasText: 'ES-SVQ' })
      .waitFor();
    await screenshot(page, 'admin-moved');
  });

  it('an administrator deactivates someone after confirming, by keyboard, and brings them back', async () => {
    const active = async () =>
      (
        await web.hub.database.db
          .selectFrom('users')
          .select('active')
          .where('email', '=', 'bcn.agent@demo.test')
          .executeTakeFirstOrThrow()
      ).active;
    // Given the HQ administrator at Barcelona's staff, in Spanish
    const { page } = await web.person();
    await signIn(page, 'hq.admin@demo.test');
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('link', { name: 'Administración' }).click();
    await page.getByTestId('organization-tree').getByRole('button', treeNode('Barcelona Diagonal')).click();
    await page.getByRole('button', { name: 'Gestionar a Bruno Agent' }).click();

    // When they ask to deactivate Bruno, the confirmation takes the focus; Enter confirms
    await page.getByRole('button', { name: 'Desactivar a Bruno Agent' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('confirm-deactivation');
    expect(await active()).toBe(true);
    await page.keyboard.press('Enter');

    // Then Bruno is deactivated, shown as such, and the focus is back on him
    await expect
      .poll(() => page.getByTestId('person-card').getByRole('status').textContent())
      .toBe('Cuenta de Bruno Agent desactivada; se han cerrado todas sus sesiones.');
    expect(await active()).toBe(false);
    await expect
      .poll(() => page.locator('tr[data-email="bcn.agent@demo.test"]').textContent())
      .toContain('Desactivada');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('person-title');
    await page
      .getByTestId('admin-changes')
      .locator('tr[data-action="USER_DEACTIVATED"]', { hasText: 'bcn.agent@demo.test' })
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // and reactivating him lets him sign in again
    await page.getByRole('button', { name: 'Reactivar a Bruno Agent' }).click();
    await expect.poll(active).toBe(true);
    const { page: bruno } = await web.person();
    await signIn(bruno, 'bcn.agent@demo.test');
  });

  it('an agent has no administration workspace', async () => {
    const { page } = await web.person();
    await signIn(page, 'mad.agent@demo.test');
    expect(await page.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await page.goto('/admin');
    await page.getByRole('heading', { name: 'Dealer desk' }).waitFor();
  });
});
