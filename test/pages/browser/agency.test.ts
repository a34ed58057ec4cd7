// An agency in a real browser: signs in, reports an entry, sees it with its log position
// and in the report; a form with errors keeps what was typed and shows the errors; the
// same without JavaScript; keyboard order from the skip link.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN } from '../../http/support';
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
let token: string;

describe.skipIf(!hasChromium)(browserSuite('the agency in a browser'), () => {
  beforeAll(async () => {
    rig = await startBrowserRig('browser-agency', async (harness) => {
      token = await harness.key('agency', 'smolensk-sport-office');
    });
    ({ h, server, browser } = rig);
  });
  afterAll(() => rig?.close());

  it('shows the sign-in page, accessible at desktop and phone width', async () => {
    const context = await newContext(browser);
    const page = await openTab(context);
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await checkPage(page, 'sign-in');
    await page.getByLabel('Ключ доступа').fill('rl_0123456789abcdef_wrongwrongwrongwrongwrong');
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect.poll(() => page.locator('#f-key-error').textContent()).toContain('Такого ключа нет');
    await checkPage(page, 'sign-in-refused');
    await context.close();
  });

  it('signs in, reports an entry and sees it with its log position and in the report', async () => {
    const context = await newContext(browser);
    const page = await openTab(context);
    await signIn(page, server.url, token);
    expect(new URL(page.url()).pathname).toBe('/agency');
    await page.getByLabel('Год').selectOption('2023');
    await page.getByRole('button', { name: 'Показать' }).click();
    await expect.poll(() => page.getByText('За 2023 год: мероприятий — 1').count()).toBe(1);
    await checkPage(page, 'agency-worklist');

    await page.getByRole('link', { name: 'Сообщить об исполнении: 9.1' }).click();
    await page.waitForLoadState('load');
    await checkPage(page, 'agency-measure');
    // The period's fields follow the chosen kind (CSS only).
    await expect.poll(() => page.getByLabel('С', { exact: true }).isVisible()).toBe(false);
    await page.getByLabel('С одной даты по другую').check();
    await expect.poll(() => page.getByLabel('С', { exact: true }).isVisible()).toBe(true);
    await page.getByLabel('С', { exact: true }).fill('2023-12-15');
    await page.getByLabel('По', { exact: true }).fill('2023-12-16');
    const text = '15-16 декабря 2023 года в г. Смоленске прошёл межрегиональный турнир по самбо';
    await page.getByLabel('Что сделано').fill(text);
    await page.getByLabel('Место проведения').fill('г. Смоленск');
    await page.getByLabel('Число участников').fill('120');
    await page.getByLabel('Число регионов').fill('6');
    await page.getByRole('button', { name: 'Сохранить сведения' }).click();
    await page.waitForLoadState('load');
    const notice = await page.getByRole('status').filter({ hasText: 'Сведения сохранены' }).textContent();
    const position = Number(/Позиция в журнале: (\d+)/.exec(notice ?? '')?.[1]);
    expect(position).toBe((await h.system.store.head()).position);
    await expect.poll(() => page.locator('li.entry.highlight').textContent()).toContain(text);
    expect(await page.locator('li.entry.highlight').textContent()).toContain(`позиция в журнале ${position}`);
    await checkPage(page, 'agency-saved');

    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Отчёт' }).click();
    await page.waitForLoadState('load');
    const report = page.frameLocator('iframe.report');
    await expect.poll(() => report.locator('body').textContent()).toContain(text);
    await checkPage(page, 'report');
    await context.close();
  });

  it('keeps what was typed in a form with errors, and shows each error next to its field', async () => {
    const context = await newContext(browser);
    const page = await openTab(context);
    await signIn(page, server.url, token);
    await page.goto(`${server.url}/agency/plans/${PLAN}/measures/9.1?year=2023`);
    await page.getByLabel('Дата', { exact: true }).fill('2019-05-01');
    await page.getByLabel('Место проведения').fill('г. Смоленск, стадион «Спартак»');
    await page.getByLabel('Число участников').fill('сто двадцать');
    await page.getByRole('button', { name: 'Сохранить сведения' }).click();
    await page.waitForLoadState('load');
    // The summary gets the focus and names each field; each field says what is wrong.
    await expect.poll(() => page.evaluate('document.activeElement?.className')).toBe('error-summary');
    expect(await page.locator('.error-summary').textContent()).toContain('Что сделано: Заполните это поле.');
    expect(await page.locator('#f-text-error').textContent()).toContain('Заполните это поле.');
    expect(await page.locator('#f-participants-error').textContent()).toContain('Введите целое число.');
    expect(await page.getByLabel('Число участников').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Число участников').inputValue()).toBe('сто двадцать');
    expect(await page.getByLabel('Место проведения').inputValue()).toBe('г. Смоленск, стадион «Спартак»');
    expect(await page.getByLabel('Дата', { exact: true }).inputValue()).toBe('2019-05-01');
    await checkPage(page, 'agency-form-errors');

    // Fixing the text leaves the rule's refusal about the period, by its code.
    await page.getByLabel('Что сделано').fill('Соревнования по самбо');
    await page.getByLabel('Число участников').fill('120');
    await page.getByRole('button', { name: 'Сохранить сведения' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#f-period-error').textContent()).toContain('Период выходит за годы плана.');
    await page.locator('.error-summary a').first().click();
    expect(new URL(page.url()).hash).toBe('#f-period');
    await context.close();
  });

  it('corrects and withdraws an entry', async () => {
    const context = await newContext(browser);
    const page = await openTab(context);
    await signIn(page, server.url, token);
    await page.goto(`${server.url}/agency/plans/${PLAN}/measures/9.1?year=2023`);
    await page.getByRole('link', { name: /Исправить или отозвать запись \(9 апреля 2023 года/ }).click();
    await page.waitForLoadState('load');
    await checkPage(page, 'agency-entry');
    await page.getByLabel('Число участников').fill('32');
    await page.getByLabel('Причина исправления').fill('уточнено по протоколу');
    await page.getByRole('button', { name: 'Сохранить исправление' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').first().textContent()).toContain('Исправление сохранено.');
    expect(await page.locator('li.entry.highlight').textContent()).toContain('участников: 32');
    await context.close();
  });

  it('works without JavaScript: sign in and report an entry with plain forms', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await openTab(context);
    await signIn(page, server.url, token);
    await page.goto(`${server.url}/agency/plans/${PLAN}/measures/9.1?year=2023`);
    await page.getByLabel('Без даты, за год').check();
    await page.getByLabel('Год', { exact: true }).last().fill('2023');
    await page.getByLabel('Что сделано').fill('Сведения, отправленные без JavaScript');
    await page.getByRole('button', { name: 'Сохранить сведения' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('li.entry.highlight').textContent()).toContain('Сведения, отправленные без JavaScript');
    await context.close();
  });

  it('starts the keyboard order at the skip link, which leads to the content', async () => {
    const context = await newContext(browser);
    const page = await openTab(context);
    await signIn(page, server.url, token);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Перейти к содержанию');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
    await context.close();
  });
});
