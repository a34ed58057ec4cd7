// An auditor in a real browser: the log with its filters and one stream, the plan as of
// a date, the changes between two dates, the verification, the export; and the pages a
// visitor meets before signing in or where the role may not go.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeCommand } from '../../../shared/commands/execute';
import { PLAN, SYSTEM } from '../../http/support';
import type { PagesHarness } from '../support';
import {
  type BrowserRig,
  browserSuite,
  checkPage,
  hasChromium,
  newContext,
  openTab,
  signIn,
  startBrowserRig,
} from './support';

let h: PagesHarness;
let server: BrowserRig['server'];
let browser: Browser;
let rig: BrowserRig | undefined;
let auditor: string;

describe.skipIf(!hasChromium)(browserSuite('the auditor in a browser'), () => {
  beforeAll(async () => {
    rig = await startBrowserRig('browser-auditor', async (harness) => {
      // The seed on 10 January 2024; an entry on 20 February 2024.
      const at = '2024-02-20T10:00:00.000Z';
      await executeCommand(
        harness.system.store,
        {
          type: 'ReportExecution',
          planId: PLAN,
          number: '9.1',
          reportId: 'february-entry',
          executorId: 'smolensk-sport-office',
          period: { kind: 'day', date: '2023-12-20' },
          text: '20 декабря 2023 года прошёл новогодний турнир по борьбе',
          actor: SYSTEM,
          at,
        },
        { commandId: 'february-entry', fingerprint: 'february-entry', recordedAt: at },
      );
      auditor = await harness.key('auditor');
    });
    ({ h, server, browser } = rig);
  });
  afterAll(() => rig?.close());

  it('reads the log, filters it and follows one stream', async () => {
    const context = await newContext(browser);
    const page = await openTab(context);
    await signIn(page, server.url, auditor);
    expect(new URL(page.url()).pathname).toBe('/audit/events');
    await checkPage(page, 'audit-events');
    await page.getByLabel('Тип события').selectOption('ExecutionReported');
    await page.getByLabel('С даты').fill('2024-02-20');
    await page.getByRole('button', { name: 'Показать' }).click();
    await page.waitForLoadState('load');
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('новогодний турнир');
    await rows.first().getByText('Запись целиком').click();
    expect(await rows.first().locator('pre').textContent()).toContain('"hash"');
    await rows
      .first()
      .getByRole('link', { name: /measure-spb-smolensk-2021-2023-9\.1/ })
      .click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toBe(`Поток measure-${PLAN}-9.1`);
    await checkPage(page, 'audit-stream');
    await context.close();
  });

  it('reads the plan as of a date and the changes between two dates', async () => {
    const context = await newContext(browser);
    const page = await openTab(context);
    await signIn(page, server.url, auditor);
    await page.getByRole('link', { name: 'План на дату' }).click();
    await page.getByLabel('На конец дня').fill('2024-01-09');
    await page.getByRole('button', { name: 'Показать' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').textContent()).toContain('На эту дату плана ещё не было.');
    await page.getByLabel('На конец дня').fill('2024-01-10');
    await page.getByRole('button', { name: 'Показать' }).click();
    await page.waitForLoadState('load');
    const row = page.locator('tr', { hasText: 'Содействие участию спортсменов' });
    expect(await row.locator('td[data-label="Записей по годам"]').textContent()).toBe('2023: 8');
    await checkPage(page, 'audit-plan-as-of');

    await page.getByRole('link', { name: 'Изменения' }).click();
    await page.getByLabel('Год отчёта').selectOption('2023');
    await page.getByLabel('После конца дня').fill('2024-01-10');
    await page.getByLabel('По конец дня').fill('2024-02-29');
    await page.getByRole('button', { name: 'Показать' }).click();
    await page.waitForLoadState('load');
    const changes = page.locator('tbody tr');
    expect(await changes.count()).toBe(1);
    expect(await changes.first().textContent()).toContain('добавлена запись');
    expect(await changes.first().textContent()).toContain('20.02.2024 13:00 МСК');
    await checkPage(page, 'audit-changes');
    await context.close();
  });

  it('runs the verification and sees the log hold', async () => {
    const context = await newContext(browser);
    const page = await openTab(context);
    await signIn(page, server.url, auditor);
    await page.getByRole('link', { name: 'Проверка' }).click();
    await page.getByRole('button', { name: 'Проверить' }).click();
    await page.waitForLoadState('load');
    const head = await h.system.store.head();
    const verdict = await page.getByRole('status').textContent();
    expect(verdict).toContain('Журнал цел.');
    expect(verdict).toContain(head.hash);
    await checkPage(page, 'audit-verify');
    await page.getByRole('link', { name: 'Выгрузка' }).click();
    await page.waitForLoadState('load');
    await checkPage(page, 'audit-export');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Скачать выгрузку' }).click();
    expect((await download).suggestedFilename()).toBe(`events-1-${head.position}.ndjson`);
    await context.close();
  });

  it('shows the report as of a date, and refuses the coordinator’s pages', async () => {
    const context = await newContext(browser);
    const page = await openTab(context);
    await signIn(page, server.url, auditor);
    await page.goto(`${server.url}/report?plan=${PLAN}&year=2023&asOf=2024-01-10`);
    const report = page.frameLocator('iframe.report');
    await expect.poll(() => report.locator('h1').textContent()).toContain('Отчет об исполнении в 2023 году');
    expect(await report.locator('body').textContent()).not.toContain('новогодний турнир');
    await checkPage(page, 'report-as-of');
    const refused = await page.goto(`${server.url}/coordinator/keys`);
    expect(refused?.status()).toBe(403);
    await checkPage(page, 'forbidden');
    await context.close();
  });
});
