import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseMutation, openCaseAs, organizationIds, type CaseView } from '../support/cases.js';
import { accessibilityViolations, screenshot, signIn, startWebHub, type WebHub } from './web-hub.js';

interface Figures {
  organization: { code: string };
  casesOpened: number;
  casesResolved: number;
  backlog: { total: number };
  slaCompliance: number | null;
  escalationRate: number | null;
  csatAverage: number | null;
  csatResponses: number;
  byChannel: { channel: string; count: number }[];
  children: { organization: { code: string; name: string }; casesOpened: number }[];
}

const METRICS = `query ($org: ID, $from: DateTime!, $to: DateTime!) {
  metrics(organizationId: $org, from: $from, to: $to) {
    organization { code } casesOpened casesResolved backlog { total } slaCompliance escalationRate
    csatAverage csatResponses byChannel { channel count } children { organization { code name } casesOpened } } }`;

const CHANNEL_WORDS: Record<string, string> = {
  WALK_IN: 'Walk-in',
  PHONE: 'Phone',
  EMAIL: 'E-mail',
  WEB: 'Web',
  CHAT: 'Chat',
  SOCIAL: 'Social media',
  EVENT: 'Event',
};

describe('HQ quality dashboard in Chromium', () => {
  let web: WebHub;
  let orgs: Map<string, string>;
  let resolved: CaseView;

  async function act(email: string, name: string, input: Record<string, unknown>) {
    const result = await caseMutation(web.hub, await web.hub.login(email), name, input);
    expect(result.__typename, JSON.stringify(result)).toMatch(/Payload$/);
  }

  beforeAll(async () => {
    web = await startWebHub();
    orgs = await organizationIds(web.hub);
    // Given cases across the network: resolved and rated, escalated, by several channels, reviewed by HQ
    resolved = await openCaseAs(web.hub, 'mad.agent@demo.test', { channel: 'WALK_IN' });
    await act('mad.agent@demo.test', 'changeCaseStatus', { caseId: resolved.id, status: 'RESOLVED' });
    const rated = await web.hub.gql('mutation ($i: RateCaseInput!) { rateCase(input: $i) { rating } }', {
      i: { reference: resolved.reference, accessCode: resolved.accessCode, score: 4 },
    });
    expect(rated.errors).toBeUndefined();
    await act('hq.quality@demo.test', 'reviewCase', { caseId: resolved.id, score: 3, findings: 'Quick and polite' });
    const escalated = await openCaseAs(web.hub, 'mad.agent@demo.test', { channel: 'PHONE' });
    await act('mad.agent@demo.test', 'escalateCase', { caseId: escalated.id, reason: 'Needs the country' });
    const paris = await openCaseAs(web.hub, 'par.agent@demo.test', { channel: 'EMAIL' });
    await act('par.agent@demo.test', 'changeCaseStatus', { caseId: paris.id, status: 'RESOLVED' });
    // and enough Barcelona cases for the audit trail to take more than one page
    for (let i = 0; i < 14; i += 1) {
      const kase = await openCaseAs(web.hub, 'bcn.agent@demo.test', { channel: i % 2 ? 'WEB' : 'CHAT' });
      await act('bcn.agent@demo.test', 'addCaseNote', {
        caseId: kase.id,
        body: `Called back ${i}`,
        visibility: 'PUBLIC',
      });
    }
  }, 120_000);
  afterAll(async () => {
    await web?.close();
  });

  /** What the API says for the organization and period the page shows. */
  async function apiFigures(page: Page, email: string, code: string): Promise<Figures | null> {
    const dashboard = page.getByTestId('quality-dashboard');
    const result = await web.hub.gql<{ metrics: Figures | null }>(
      METRICS,
      {
        org: orgs.get(code),
        from: await dashboard.getAttribute('data-from'),
        to: await dashboard.getAttribute('data-to'),
      },
      await web.hub.login(email),
    );
    expect(result.errors).toBeUndefined();
    return result.data?.metrics ?? null;
  }

  const tile = (page: Page, name: string) => page.getByTestId(`kpi-${name}`).locator('dd.value');

  /** The tiles show the API's figures for the organization shown. */
  async function expectTilesFor(page: Page, email: string, code: string) {
    await expect.poll(() => page.getByTestId('figures').getAttribute('data-organization-code')).toBe(code);
    const api = await apiFigures(page, email, code);
    if (!api) throw new Error(`no metrics for ${code}`);
    expect(await tile(page, 'cases-opened').textContent()).toBe(String(api.casesOpened));
    expect(await tile(page, 'cases-resolved').textContent()).toBe(String(api.casesResolved));
    expect(await tile(page, 'backlog').textContent()).toBe(String(api.backlog.total));
    const asValue = (value: number | null) => (value === null ? null : String(value));
    expect(await tile(page, 'sla-compliance').getAttribute('data-value')).toBe(asValue(api.slaCompliance));
    expect(await tile(page, 'escalation-rate').getAttribute('data-value')).toBe(asValue(api.escalationRate));
    expect(await tile(page, 'csat').getAttribute('data-value')).toBe(asValue(api.csatAverage));
    expect(await page.getByTestId('kpi-csat').locator('dd.detail').textContent()).toContain(
      `${api.csatResponses} response`,
    );
    return api;
  }

  /** How many pixels Chart.js painted on the chart's canvas (zero for a blank canvas). */
  const paintedPixels = (page: Page, testId: string) =>
    page
      .getByTestId(testId)
      .locator('canvas')
      .evaluate((canvas: HTMLCanvasElement) => {
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) painted += 1;
        return painted;
      });

  it('HQ quality sees the network’s figures and charts for the period, matching the API', async () => {
    // Given the HQ quality analyst signs in (their landing page is the dashboard)
    const { page } = await web.person();
    await signIn(page, 'hq.quality@demo.test');
    await page.getByRole('heading', { name: 'HQ quality' }).waitFor();

    // Then the tiles show HQ's figures for the last 30 days, as the API computes them
    const hq = await expectTilesFor(page, 'hq.quality@demo.test', 'HQ');
    expect(hq.casesOpened).toBe(17);
    expect(new URL(page.url()).search).toBe('');
    // and each chart is drawn on a canvas, with its numbers in a text alternative
    for (const chart of ['chart-timeline', 'chart-sla', 'chart-csat', 'chart-channels'])
      await expect.poll(() => paintedPixels(page, chart), { message: chart }).toBeGreaterThan(0);
    const channels = page.getByTestId('chart-channels');
    for (const { channel, count } of hq.byChannel) {
      const label = CHANNEL_WORDS[channel];
      const row = channels
        .locator('tbody tr')
        .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
      expect(await row.locator('td').textContent()).toBe(String(count));
      expect(await channels.getByRole('img').getAttribute('aria-label')).toContain(`${label} ${count}`);
    }
    const timeline = page.getByTestId('chart-timeline').getByRole('img');
    expect(await timeline.getAttribute('aria-label')).toBe(
      `Over the period: ${hq.casesOpened} cases opened and ${hq.casesResolved} resolved, shown per day.`,
    );
    expect(await page.getByTestId('chart-sla').getByRole('img').getAttribute('aria-label')).toMatch(
      /^SLA compliance per organization below: Acme Spain .*, Acme France .*\.$/,
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'quality-dashboard-hq');

    // When the analyst clicks Spain's bar (the left one of two, full height at 100 % compliance)
    expect(hq.children.map((child) => child.organization.code)).toEqual(['ES', 'FR']);
    expect(hq.slaCompliance).toBe(1);
    const bars = page.getByTestId('chart-sla').locator('canvas');
    const box = await bars.boundingBox();
    if (!box) throw new Error('the SLA chart has no size');
    await bars.click({ position: { x: box.width * 0.35, y: box.height * 0.6 } });
    // Then Spain's figures show
    await expectTilesFor(page, 'hq.quality@demo.test', 'ES');
  });

  it('a click on Spain, then on a dealer, shows their figures; the breadcrumb and Back go up again', async () => {
    const { page } = await web.person();
    await signIn(page, 'hq.quality@demo.test');
    await expectTilesFor(page, 'hq.quality@demo.test', 'HQ');

    // When the analyst clicks Spain in the list below HQ
    await page.getByTestId('network').getByRole('link', { name: 'Acme Spain' }).click();
    // Then Spain's figures show, its dealers are listed, and the URL names it
    const spain = await expectTilesFor(page, 'hq.quality@demo.test', 'ES');
    expect(spain.children.map((child) => child.organization.code)).toEqual(['ES-BCN', 'ES-MAD']);
    expect(new URL(page.url()).searchParams.get('org')).toBe(orgs.get('ES'));
    expect(await page.getByTestId('breadcrumbs').textContent()).toMatch(/Acme Motors HQ\s*Acme Spain/);

    // When they click the Madrid dealer
    await page.getByTestId('network').getByRole('link', { name: 'Madrid Centro' }).click();
    const madrid = await expectTilesFor(page, 'hq.quality@demo.test', 'ES-MAD');
    expect(madrid.casesOpened).toBe(2);
    expect(await page.getByTestId('network').locator('tbody tr').count()).toBe(1);

    // When they go back up to HQ by the breadcrumb
    await page.getByTestId('breadcrumbs').getByRole('link', { name: 'Acme Motors HQ' }).click();
    await expectTilesFor(page, 'hq.quality@demo.test', 'HQ');
    // and Back returns to the dealer they came from
    await page.goBack();
    await expectTilesFor(page, 'hq.quality@demo.test', 'ES-MAD');
  });

  it('a custom period is kept in the URL, and Back returns to the preset before it', async () => {
    const { page } = await web.person();
    await signIn(page, 'hq.quality@demo.test');
    await expectTilesFor(page, 'hq.quality@demo.test', 'HQ');

    // When the analyst picks custom dates in 2020, before any of these cases
    await page.getByTestId('period').selectOption('custom');
    await page.getByLabel('From', { exact: true }).first().fill('2020-01-01');
    await page.getByLabel('To (included)').first().fill('2020-03-31');
    await page.getByRole('button', { name: 'Show' }).click();

    // Then the figures are those of that quarter (none), from a link that can be shared
    await expect.poll(() => tile(page, 'cases-opened').textContent()).toBe('0');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      period: 'custom',
      from: '2020-01-01',
      to: '2020-03-31',
    });
    // HQ's dates are Berlin's: the period starts at midnight there
    expect(await page.getByTestId('quality-dashboard').getAttribute('data-from')).toBe('2019-12-31T23:00:00.000Z');
    await expectTilesFor(page, 'hq.quality@demo.test', 'HQ');

    // When they go back, the last 30 days return
    await page.goBack();
    await expect.poll(() => tile(page, 'cases-opened').textContent()).toBe('17');
    expect(await page.getByTestId('period').inputValue()).toBe('30d');
  });

  it('the audit filter narrows the list, and more events load page by page', async () => {
    const { page } = await web.person();
    await signIn(page, 'hq.quality@demo.test');
    const audit = page.getByTestId('audit');
    const rows = audit.locator('tbody tr');
    const count = audit.getByTestId('audit-count');

    // Given the whole network's events of the period, newest first, 25 at a time
    await expect.poll(() => count.textContent()).toMatch(/^\s*25 of \d+ events\s*$/);
    const total = Number((await count.textContent())?.match(/of (\d+)/)?.[1]);
    expect(total).toBeGreaterThan(25);
    await audit.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBe(Math.min(total, 50));
    // without repeating an event of the first page
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-event-id')));
    expect(new Set(ids).size).toBe(Math.min(total, 50));

    // When the analyst keeps only quality reviews
    await audit.getByLabel('Event type').selectOption('QUALITY_REVIEWED');
    // Then one row is left: the review of the resolved Madrid case
    await expect.poll(() => count.textContent()).toMatch(/^\s*1 of 1 events\s*$/);
    expect(await rows.first().textContent()).toContain(resolved.reference);
    expect(await rows.first().textContent()).toContain('Score 3/5');

    // When they keep the web channel's case openings instead, in Barcelona only
    await audit.getByLabel('Event type').selectOption('OPENED');
    await audit.getByLabel('Channel').selectOption('WEB');
    await audit.getByLabel('Organization').selectOption(orgs.get('ES-BCN') ?? '');
    await expect.poll(() => count.textContent()).toMatch(/^\s*7 of 7 events\s*$/);
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-channel'))))).toEqual(
      new Set(['WEB']),
    );

    // When they keep the Barcelona agent's actions only
    await audit.getByLabel('Event type').selectOption('');
    await audit.getByLabel('Channel').selectOption('');
    await audit.getByLabel('Actor').selectOption({ label: 'Bruno Agent' });
    await expect.poll(() => count.textContent()).toMatch(/^\s*25 of 28 events\s*$/);
    expect(new Set(await rows.locator('td:nth-child(5)').allTextContents())).toEqual(new Set(['Bruno Agent']));
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('the export buttons download cases.csv and metrics.csv for the organization and period shown', async () => {
    const { page } = await web.person();
    await signIn(page, 'hq.quality@demo.test');
    await page.getByTestId('network').getByRole('link', { name: 'Acme France' }).click();
    await expectTilesFor(page, 'hq.quality@demo.test', 'FR');

    const download = async (button: string) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: button }).click(),
      ]);
      return { name: file.suggestedFilename(), lines: readFileSync((await file.path()) ?? '', 'utf8').split('\r\n') };
    };
    const cases = await download('Export cases (CSV)');
    expect(cases.name).toBe('cases.csv');
    expect(cases.lines[0]).toMatch(/^\uFEFFreference,subject,status,/);
    // France's one case, and nothing from Spain
    expect(cases.lines.filter(Boolean)).toHaveLength(2);
    expect(cases.lines[1]).toMatch(/^FR-/);

    const metrics = await download('Export figures (CSV)');
    expect(metrics.name).toBe('metrics.csv');
    expect(metrics.lines[0]).toMatch(/^\uFEFForganization_code,organization_name,kind,/);
    expect(metrics.lines.filter(Boolean).map((line) => line.split(',')[0])).toEqual([
      '\uFEFForganization_code',
      'FR',
      'FR-PAR',
    ]);
  });

  it('a dealer agent sees only their own outlet’s figures and cannot reach HQ’s, nor the audit trail', async () => {
    const { page } = await web.person();
    await signIn(page, 'mad.agent@demo.test');

    // When the Madrid agent opens the dashboard, it is Madrid's
    await page.goto('/quality');
    await expectTilesFor(page, 'mad.agent@demo.test', 'ES-MAD');
    expect(await page.getByTestId('breadcrumbs').textContent()).not.toContain('Acme Motors HQ');
    expect(await page.getByText('The audit trail is open to auditors, managers and administrators.').count()).toBe(1);
    expect(await page.getByTestId('audit').count()).toBe(0);

    // When they follow a link to HQ's figures
    await page.goto(`/quality?org=${encodeURIComponent(orgs.get('HQ') ?? '')}`);
    // Then they are told there is nothing to show, as for an organization that does not exist
    await page.getByTestId('metrics-not-found').waitFor();
    expect(await page.getByTestId('figures').count()).toBe(0);
    expect(await apiFigures(page, 'mad.agent@demo.test', 'HQ')).toBeNull();
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
