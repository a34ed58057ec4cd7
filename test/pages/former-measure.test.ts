// An agency the coordinator took off a measure after it reported there: «Мои мероприятия»
// still leads it to its own entries of the year, to correct or withdraw them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeed, PLAN } from '../http/support';
import { PageClient, type PagesHarness, pagesHarness, textOf } from './support';

let h: PagesHarness;

beforeAll(async () => {
  h = await pagesHarness('pages-former-measure');
  await importSeed(h);
  await h.project();
});
afterAll(() => h.close());

describe('a measure the agency was taken off', () => {
  it('is listed apart, with its entries of the year, and its entry can still be corrected', async () => {
    const education = await h.key('agency', 'smolensk-education-dept');
    const browser = new PageClient(h);
    await browser.signIn(education);
    const before = textOf((await browser.get('/agency?year=2023')).html);
    expect(before).toContain('4.3.');
    expect(before).not.toContain('Мероприятия, с которых ваше ведомство снято');

    // 4.3 handed to the youth office alone; the education department keeps 12.3.
    const coordinator = await h.key('coordinator');
    const amended = await h.call('PATCH', `/v1/plans/${PLAN}/measures/4.3`, coordinator, {
      executors: [{ executorId: 'smolensk-youth-office' }],
    });
    expect(amended.status).toBe(201);
    await h.settle();

    const page = await browser.get('/agency?year=2023');
    const text = textOf(page.html);
    const former = text.slice(text.indexOf('Мероприятия, с которых ваше ведомство снято'));
    expect(former).toContain('Мероприятия, с которых ваше ведомство снято');
    expect(former).toMatch(/4\.3\. .* Ваших записей за 2023 год: 1/);
    expect(text.slice(0, text.indexOf('Мероприятия, с которых'))).toContain('12.3.'); // still its own
    expect(page.html).toContain(`href="/agency/plans/${PLAN}/measures/4.3?year=2023"`);
    // Not for 2022, where it has no entry there.
    expect(textOf((await browser.get('/agency?year=2022')).html)).not.toContain('Мероприятия, с которых');

    const entry = await browser.get(`/agency/plans/${PLAN}/measures/4.3/entries/2023-4.3-01?year=2023`);
    expect(entry.status).toBe(200);
    expect(textOf(entry.html)).toContain('Сохранить исправление');
  });

  it('is listed when the agency was taken off every measure of the plan', async () => {
    const sport = await h.key('agency', 'smolensk-sport-office'); // named on 9.1 only
    const browser = new PageClient(h);
    await browser.signIn(sport);
    const coordinator = await h.key('coordinator');
    const amended = await h.call('PATCH', `/v1/plans/${PLAN}/measures/9.1`, coordinator, {
      executors: [{ executorId: 'smolensk-youth-office' }],
    });
    expect(amended.status).toBe(201);
    await h.settle();

    const page = await browser.get('/agency?year=2023');
    const text = textOf(page.html);
    expect(text).toContain('Ваше ведомство не названо ни в одном мероприятии.');
    expect(text).toContain('Мероприятия, с которых ваше ведомство снято');
    expect(text).toMatch(/9\.1\. .* Ваших записей за 2023 год: \d+/);
    expect(page.html).toContain(`href="/agency/plans/${PLAN}/measures/9.1?year=2023"`);
  });
});
