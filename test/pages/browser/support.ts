// Browser tests of the pages: Debian's Chromium (never a downloaded browser) driven by
// playwright-core against the app served on a free local port, one browser per test
// file. Every page checked is checked with axe-core (no serious or critical violation)
// and photographed at desktop and phone width under test-results/pages/.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { importSeed } from '../../http/support';
import { type PagesHarness, pagesHarness } from '../support';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
/** The describe block's name says why it was skipped, where a skipped test is reported. */
export const browserSuite = (name: string) =>
  hasChromium ? name : `${name} — SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium)`;

const AXE = fs.readFileSync(path.resolve(__dirname, '../../../node_modules/axe-core/axe.min.js'), 'utf8');
export const SHOTS = path.resolve(__dirname, '../../../test-results/pages');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

export async function launchChromium(): Promise<Browser> {
  // Playwright gives each launch a fresh, temporary profile (user data dir) of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      // Date fields as a Russian user sees them.
      '--lang=ru-RU',
    ],
  });
}

/** The app on a free port of 127.0.0.1 (plain-HTTP localhost, as npm start serves it). */
export async function serveApp(h: PagesHarness): Promise<{ url: string; close(): Promise<void> }> {
  const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets of the browser would hold close() open.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export interface BrowserRig {
  h: PagesHarness;
  server: Awaited<ReturnType<typeof serveApp>>;
  browser: Browser;
  /** Stops what it started: the browser, the server, the harness (DynamoDB Local tables). */
  close(): Promise<void>;
}

/**
 * What each browser suite starts: the seed in a fresh harness (with what `prepare` adds,
 * keys among it), projected, served on a free port, and a Chromium.
 */
export async function startBrowserRig(label: string, prepare: (h: PagesHarness) => Promise<void>): Promise<BrowserRig> {
  const h = await pagesHarness(label);
  await importSeed(h);
  await prepare(h);
  await h.project();
  const server = await serveApp(h);
  const browser = await launchChromium();
  return {
    h,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await h.close();
    },
  };
}

/** A tab that fails the test on any console error (CSP violations among them) or script error. */
export async function openTab(context: BrowserContext): Promise<Page & { problems: string[] }> {
  const page = (await context.newPage()) as Page & { problems: string[] };
  page.problems = [];
  page.on('console', (message) => {
    // Chrome logs every 4xx answer so, the form pages that answer 400 or 409 on purpose too;
    // a failing stylesheet, script or frame is caught below instead.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      page.problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.on('requestfailed', (request) => page.problems.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (response.status() >= 400 && type !== 'document') page.problems.push(`${response.url()}: ${response.status()}`);
  });
  await page.setViewportSize(DESKTOP);
  return page;
}

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }>;
}

async function axe(page: Page): Promise<AxeResult['violations']> {
  // Evaluated over CDP, so the pages' CSP (no inline or foreign scripts) stays as it is.
  for (const frame of page.frames()) await frame.evaluate(AXE);
  const result = (await page.evaluate('axe.run(document)')) as AxeResult;
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** axe-core at desktop and phone width, and a full-page screenshot at each. */
export async function checkPage(page: Page & { problems: string[] }, name: string): Promise<void> {
  await page.waitForLoadState('load');
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [width, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    const violations = await axe(page);
    expect(
      violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`),
      `${name} at ${width} width`,
    ).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
    if (width === 'phone') {
      // Nothing wider than the phone: no sideways scrolling.
      const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow, `${name}: page wider than the phone`).toBeLessThanOrEqual(0);
    }
  }
  await page.setViewportSize(DESKTOP);
  expect(page.problems, `${name}: console errors`).toEqual([]);
}

/** A browser window of a Russian user: its own cookies, Russian locale, Moscow time. */
export function newContext(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', ...options });
}

export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Ключ доступа').fill(token);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForLoadState('load');
}
