import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startHub, type TestHub } from '../support/hub.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';

/** Debian's Chromium (never a downloaded browser); CI sets CHROMIUM_PATH. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(import.meta.dirname, '../../.ci/screenshots');

export interface WebHub {
  hub: TestHub;
  url: string;
  browser: Browser;
  /** A fresh browser context (its own storage: one person at one device). */
  person(): Promise<{ context: BrowserContext; page: Page }>;
  /** The hub is unreachable (listener closed, connections dropped) while `during` runs, then listens again. */
  outage(during: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** A real hub on PGlite with the built client, on a free port, and one headless Chromium for the whole file. */
export async function startWebHub(): Promise<WebHub> {
  const hub = await startHub('pglite');
  const server: Server = createServer(hub.hub);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    hub,
    url,
    browser,
    async person() {
      const context = await browser.newContext({
        baseURL: url,
        locale: 'en-GB',
        viewport: { width: 1280, height: 900 },
      });
      // Waits fail well before the test's own timeout, with Playwright's call log.
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      return { context, page };
    },
    async outage(during) {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
      try {
        await during();
      } finally {
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      }
    },
    async close() {
      await Promise.all(contexts.map((context) => context.close()));
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await hub.close();
    },
  };
}

/** Signs in through the login page, as a person would. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('viewer-name').waitFor();
}

/** Saved for people to look at (CI keeps .ci/screenshots as artifacts). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** The serious and critical accessibility violations axe-core finds on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}
