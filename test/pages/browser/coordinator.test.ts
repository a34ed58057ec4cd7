// A coordinator in a real browser: progress for a year, the directory, issuing a key
// (its secret shown once) that then signs in, revoking it (its holder is signed out at
// once), an import upload, and publishing the yearly report with its files and hashes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN, seedFixture } from '../../http/support';
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
let coordinator: string;

describe.skipIf(!hasChromium)(browserSuite('the coordinator in a browser'), () => {
  beforeAll(async () => {
    rig = await startBrowserRig('browser-coordinator', async (harness) => {
      coordinator = await harness.key('coordinator');
    });
    ({ h, server, browser } = rig);
  });
  afterAll(() => rig?.close());

  it('sees who has reported for a year, and the directory', async () => {
    const context = await newContext(browser);
    const page = await openTab(context);
    await signIn(page, server.url, coordinator);
    expect(new URL(page.url()).pathname).toBe('/coordinator');
    await page.getByLabel('Год').selectOption('2022');
    await page.getByLabel('Только где нет сведений').check();
    await page.getByRole('button', { name: 'Показать' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').textContent()).toContain('сведения есть по 1 из 11 мероприятий');
    await checkPage(page, 'coordinator-progress');

    await page.getByRole('link', { name: 'Исполнители' }).click();
    await page.waitForLoadState('load');
    await checkPage(page, 'coordinator-executors');
    await page.getByRole('link', { name: /«Смоленский терем»/ }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').textContent()).toContain('ликвидировано с 14.03.2022');
    await page.goto(`${server.url}/coordinator/executors/smolensk-youth-office`);
    await checkPage(page, 'coordinator-executor');
    await context.close();
  });

  it('issues a key whose secret is shown once and signs in; revoking it signs its holder out', async () => {
    const context = await newContext(browser);
    const page = await openTab(context);
    await signIn(page, server.url, coordinator);
    await page.goto(`${server.url}/coordinator/keys`);
    await checkPage(page, 'coordinator-keys');
    await page.getByLabel('Роль').selectOption('agency');
    await page.getByLabel('Исполнитель').selectOption('smolensk-culture-dept');
    await page.getByLabel('Подпись ключа').fill('Департамент культуры, Петрова');
    await page.getByRole('button', { name: 'Выдать ключ' }).click();
    await page.waitForLoadState('load');
    const token = await page.getByLabel('Ключ', { exact: true }).inputValue();
    expect(token).toMatch(/^rl_[a-z0-9]+_/);
    await checkPage(page, 'coordinator-key-issued');
    // Reloading the list does not show it again.
    await page.goto(`${server.url}/coordinator/keys`);
    expect(await page.content()).not.toContain(token);

    const holderContext = await newContext(browser);
    const holder = await openTab(holderContext);
    await signIn(holder, server.url, token);
    expect(new URL(holder.url()).pathname).toBe('/agency');
    expect(await holder.locator('main').textContent()).toContain('Департамент Смоленской области по культуре');

    const keyId = token.split('_')[1]!;
    await page.locator(`#f-revoke-${keyId}`).fill('сотрудник переведён');
    await page.locator(`form[action="/coordinator/keys/${keyId}/revoke"] button`).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').textContent()).toContain(`Ключ ${keyId} отозван`);

    await holder.reload();
    expect(new URL(holder.url()).pathname).toBe('/sign-in');
    expect(await holder.locator('main').textContent()).toContain('отозван');
    await holderContext.close();
    await context.close();
  });

  it('uploads an import document and sees what became of each step', async () => {
    const context = await newContext(browser);
    const page = await openTab(context);
    await signIn(page, server.url, coordinator);
    await page.goto(`${server.url}/coordinator/import`);
    await checkPage(page, 'coordinator-import');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pages-import-')), 'seed.json');
    fs.writeFileSync(file, JSON.stringify(seedFixture()));
    await page.getByLabel('Файл').setInputFiles(file);
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').first().textContent()).toMatch(/Шагов: 55; записано: 0; уже было: 55/);
    await checkPage(page, 'coordinator-import-result');
    fs.rmSync(path.dirname(file), { recursive: true });
    await context.close();
  });

  it('publishes the yearly report and lists its files with their hashes', async () => {
    const context = await newContext(browser);
    const page = await openTab(context);
    await signIn(page, server.url, coordinator);
    await page.getByRole('link', { name: 'Публикации' }).click();
    await page.waitForLoadState('load');
    await page.locator('#f-year').selectOption('2023');
    await page.getByRole('button', { name: 'Опубликовать' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').first().textContent()).toContain('Опубликована редакция 1');
    const [event] = await h.system.store.readStream(`report-${PLAN}-2023`);
    const docx = (event!.data.artifacts as Array<{ format: string; sha256: string }>).find((a) => a.format === 'docx');
    expect(await page.locator('main').textContent()).toContain(docx!.sha256);
    await checkPage(page, 'coordinator-publications');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /^DOCX: / }).click();
    expect((await download).suggestedFilename()).toBe(`report-${PLAN}-2023.docx`);
    await page.getByRole('link', { name: 'Открыть редакцию 1' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').textContent()).toContain('Редакция1');
    await checkPage(page, 'report-published');
    await context.close();
  });
});
