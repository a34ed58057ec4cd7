// The agency's pages over HTTP, as a browser without JavaScript uses them: the worklist,
// reporting an entry through the command path, errors in Russian next to their fields,
// corrections and withdrawals, and what another agency may not do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { MAX_TEXT_LENGTH, MAX_TEXT_PER_MEASURE_YEAR } from '../../shared/domain';
import { importSeed, PLAN, SYSTEM } from '../http/support';
import { fieldValue, formOf, PageClient, type PagesHarness, pagesHarness, textOf } from './support';

let h: PagesHarness;
let sport: string;
let tourism: string;
const measure = `/agency/plans/${PLAN}/measures/9.1`;

beforeAll(async () => {
  h = await pagesHarness('pages-agency');
  await importSeed(h);
  await h.project();
  sport = await h.key('agency', 'smolensk-sport-office');
  tourism = await h.key('agency', 'smolensk-tourism-center');
});
afterAll(() => h.close());

async function signedIn(token: string) {
  const browser = new PageClient(h);
  await browser.signIn(token);
  return browser;
}

const entry = {
  'period.kind': 'range',
  'period.from': '2023-12-15',
  'period.to': '2023-12-16',
  text: '15-16 декабря 2023 года в г. Смоленске прошёл турнир по самбо',
  place: 'г. Смоленск',
  participants: '120',
  regions: '6',
};

describe('the worklist', () => {
  it('lists the measures of the agency for the year, with their entries and gaps', async () => {
    const browser = await signedIn(sport);
    const page = await browser.get('/agency?year=2023');
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain('Главное управление спорта Смоленской области');
    expect(text).toContain('9.1.');
    expect(text).toContain('Записей за 2023 год: 8');
    expect(text).toContain('9 апреля 2023 года');
    const gap = textOf((await browser.get('/agency?year=2022')).html);
    expect(gap).toContain('Нет сведений за 2022 год');
  });

  it('includes the measures inherited from a liquidated predecessor', async () => {
    const browser = await signedIn(tourism);
    const text = textOf((await browser.get('/agency?year=2023')).html);
    expect(text).toContain('2.1.');
    expect(text).toContain('как правопреемник: smolensk-terem');
  });
});

describe('reporting an entry', () => {
  it('writes through the command path and shows the entry with its log position', async () => {
    const browser = await signedIn(sport);
    await browser.get(`${measure}?year=2023`);
    const before = await h.system.store.head();
    const posted = await browser.submit(measure, entry);
    expect(posted.status).toBe(303);
    const location = new URL(posted.location!, 'http://localhost');
    const position = Number(location.searchParams.get('position'));
    expect(position).toBe(before.position + 1);
    const [event] = (await h.system.store.readAll({ fromPosition: position, limit: 1 })).events;
    expect(event).toMatchObject({
      type: 'ExecutionReported',
      data: {
        number: '9.1',
        executorId: 'smolensk-sport-office',
        period: { kind: 'range', from: '2023-12-15', to: '2023-12-16' },
        participants: 120,
        regions: 6,
        place: 'г. Смоленск',
      },
      metadata: { actor: { keyId: sport.split('_')[1], role: 'agency' } },
    });
    const shown = await browser.get(posted.location!);
    expect(textOf(shown.html)).toMatch(new RegExp(`Сведения сохранены\\. Позиция в журнале: ${position} ?\\.`));
    expect(shown.html).toMatch(new RegExp(`class="entry highlight" id="entry-${event!.data.reportId}"`));
    expect(textOf(shown.html)).toContain('15-16 декабря 2023 года');
  });

  it('writes once when the same form is sent twice (a double click, a reload)', async () => {
    const browser = await signedIn(sport);
    const page = await browser.get(`${measure}?year=2023`);
    const form = { ...formOf(page.html, measure).hidden, ...entry, text: 'Дважды отправленная форма: борьба' };
    const first = await browser.post(`${measure}?year=2023`, form);
    const second = await browser.post(`${measure}?year=2023`, form);
    expect(first.status).toBe(303);
    expect(second.location).toBe(first.location);
    const shown = await browser.get(first.location!);
    expect(shown.html.split('Дважды отправленная форма').length - 1).toBe(1);
  });

  it('keeps what was typed and shows each error in Russian next to its field, writing nothing', async () => {
    const browser = await signedIn(sport);
    await browser.get(`${measure}?year=2023`);
    const before = await h.system.store.head();
    const page = await browser.submit(measure, {
      'period.kind': 'day',
      'period.date': '2023-02-30',
      text: '   ',
      place: 'г. Смоленск, стадион «Спартак»',
      participants: 'сто',
      regions: '-1',
    });
    expect(page.status).toBe(400);
    expect(page.html).toMatch(/id="f-period-date-error"[^>]*>[\s\S]*?Укажите существующую дату/);
    expect(page.html).toMatch(/id="f-text-error"[^>]*>[\s\S]*?Заполните это поле/);
    expect(page.html).toMatch(/id="f-participants-error"[^>]*>[\s\S]*?Введите целое число/);
    expect(page.html).toMatch(/id="f-regions-error"[^>]*>[\s\S]*?не может быть отрицательным/);
    expect(page.html).toContain('aria-describedby="f-participants-error"');
    expect(fieldValue(page.html, 'period.date')).toBe('2023-02-30');
    expect(fieldValue(page.html, 'participants')).toBe('сто');
    expect(fieldValue(page.html, 'place')).toBe('г. Смоленск, стадион «Спартак»');
    expect(textOf(page.html)).toContain('Не удалось сохранить');
    expect((await h.system.store.head()).position).toBe(before.position);
  });

  it('takes an entry as long as the API does: 10,000 Cyrillic characters', async () => {
    const browser = await signedIn(sport);
    await browser.get(`${measure}?year=2023`);
    const longest = 'я'.repeat(10_000);
    const page = await browser.submit(measure, { ...entry, text: longest });
    expect(page.status).toBe(303);
    const position = Number(new URL(page.location!, 'http://localhost').searchParams.get('position'));
    const [event] = (await h.system.store.readAll({ fromPosition: position, limit: 1 })).events;
    expect(event?.data.text).toBe(longest);
    await browser.get(`${measure}?year=2023`);
    const tooLong = await browser.submit(measure, { ...entry, text: `${longest}я` });
    expect(tooLong.html).toMatch(/id="f-text-error"[^>]*>[\s\S]*?Не длиннее 10000 символов/);
  });

  it('shows a rule’s refusal by its code: a period outside the plan’s years', async () => {
    const browser = await signedIn(sport);
    await browser.get(`${measure}?year=2023`);
    const page = await browser.submit(measure, { ...entry, 'period.kind': 'day', 'period.date': '2019-05-01' });
    expect(page.status).toBe(409);
    expect(page.html).toMatch(/id="f-period-error"[^>]*>[\s\S]*?Период выходит за годы плана/);
    expect(page.html).toMatch(/<input type="radio" name="period.kind" value="day" checked/);
  });

  it('offers no form on another executor’s measure, and the command path refuses a forged one', async () => {
    const browser = await signedIn(sport);
    const page = await browser.get(`/agency/plans/${PLAN}/measures/8.2?year=2023`);
    expect(textOf(page.html)).toContain('Ваше ведомство не отвечает за это мероприятие');
    const forged = await browser.post(`/agency/plans/${PLAN}/measures/8.2`, {
      ...entry,
      _csrf: /name="_csrf" value="([^"]+)"/.exec(page.html)![1]!,
    });
    expect(forged.status).toBe(403);
    expect(textOf(forged.html)).toContain('Ваше ведомство не отвечает за это мероприятие');
  });

  it('reports a month and an undated entry for the year', async () => {
    const browser = await signedIn(sport);
    await browser.get(`${measure}?year=2023`);
    const month = await browser.submit(measure, {
      'period.kind': 'month',
      'period.month': '11',
      'period.year': '2023',
      text: 'В ноябре 2023 года проведены сборы',
    });
    expect(month.status).toBe(303);
    await browser.get(`${measure}?year=2023`);
    const none = await browser.submit(measure, {
      'period.kind': 'none',
      'period.year': '2023',
      text: 'Обмен опытом в течение года',
    });
    expect(none.status).toBe(303);
    const text = textOf((await browser.get(none.location!)).html);
    expect(text).toContain('В ноябре 2023 года');
    expect(text).toContain('2023 год (без даты)');
  });
});

describe('correcting and withdrawing', () => {
  async function reportOne(browser: PageClient, text: string) {
    await browser.get(`${measure}?year=2023`);
    const posted = await browser.submit(measure, { ...entry, text });
    await browser.get(posted.location!); // the page after the write waits for the views to show it
    const url = new URL(posted.location!, 'http://localhost');
    return url.searchParams.get('saved')!;
  }

  it('corrects an entry (a field emptied is cleared) and withdraws one, each with its reason', async () => {
    const browser = await signedIn(sport);
    const reportId = await reportOne(browser, 'Запись, которую исправят');
    const entryPage = `${measure}/entries/${reportId}?year=2023`;
    const form = await browser.get(entryPage);
    expect(fieldValue(form.html, 'text')).toBe('Запись, которую исправят');
    expect(fieldValue(form.html, 'participants')).toBe('120');
    const refused = await browser.submit(`${measure}/entries/${reportId}/correction`, {
      'period.kind': 'range',
      'period.from': '2023-12-15',
      'period.to': '2023-12-16',
      text: 'Запись, которую исправят',
      place: 'г. Смоленск',
      participants: '120',
      regions: '6',
      reason: '',
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/id="f-reason-error"[^>]*>[\s\S]*?Заполните это поле/);
    await browser.get(entryPage);
    const corrected = await browser.submit(`${measure}/entries/${reportId}/correction`, {
      'period.kind': 'range',
      'period.from': '2023-12-15',
      'period.to': '2023-12-16',
      text: 'Исправленная запись',
      place: '',
      participants: '150',
      regions: '6',
      reason: 'уточнено число участников',
    });
    expect(corrected.status).toBe(303);
    const position = Number(new URL(corrected.location!, 'http://localhost').searchParams.get('position'));
    const [event] = (await h.system.store.readAll({ fromPosition: position, limit: 1 })).events;
    expect(event?.data).toMatchObject({
      text: 'Исправленная запись',
      place: null,
      participants: 150,
      reason: 'уточнено число участников',
    });
    expect(event?.data).not.toHaveProperty('regions');
    expect(textOf((await browser.get(corrected.location!)).html)).toContain('Исправление сохранено.');
    await h.settle();

    await browser.get(entryPage);
    const withdrawn = await browser.submit(`${measure}/entries/${reportId}/withdrawal`, { reason: 'дубликат' });
    expect(withdrawn.status).toBe(303);
    const shown = textOf((await browser.get(withdrawn.location!)).html);
    expect(shown).toContain('Запись отозвана.');
    expect(shown).toContain('отозвано');
  });

  /** A new entry, and its correction form open in two tabs, both drawn before either is sent (participants 120). */
  async function twoTabs(text: string) {
    const browser = await signedIn(sport);
    const reportId = await reportOne(browser, text);
    const entryPage = `${measure}/entries/${reportId}?year=2023`;
    const action = `${measure}/entries/${reportId}/correction`;
    const tabA = formOf((await browser.get(entryPage)).html, action);
    const tabB = formOf((await browser.get(entryPage)).html, action);
    return { browser, reportId, entryPage, action, tabA, tabB, asDrawn: { ...entry, text } };
  }

  it('sends only the fields the clerk changed: a second tab does not put back another correction', async () => {
    const { browser, reportId, entryPage, tabA, tabB, asDrawn } = await twoTabs('Запись в двух вкладках');
    const a = await browser.post(tabA.action, {
      ...tabA.hidden,
      ...asDrawn,
      participants: '250',
      reason: 'уточнено число участников',
    });
    expect(a.status).toBe(303);
    await h.settle();
    const b = await browser.post(tabB.action, {
      ...tabB.hidden,
      ...asDrawn,
      text: 'Запись в двух вкладках (исправлена опечатка)',
      reason: 'опечатка',
    });
    expect(b.status).toBe(303);
    const position = Number(new URL(b.location!, 'http://localhost').searchParams.get('position'));
    const [event] = (await h.system.store.readAll({ fromPosition: position, limit: 1 })).events;
    expect(event?.data).toEqual({
      planId: PLAN,
      number: '9.1',
      reportId,
      text: 'Запись в двух вкладках (исправлена опечатка)',
      reason: 'опечатка',
    });
    await h.settle();
    const after = await browser.get(entryPage);
    expect(fieldValue(after.html, 'participants')).toBe('250');
    expect(fieldValue(after.html, 'text')).toBe('Запись в двух вкладках (исправлена опечатка)');
  });

  it('refuses a change to a field someone corrected while the form was open, saying what it is now', async () => {
    const { browser, entryPage, action, tabA, tabB, asDrawn } = await twoTabs('Запись, которую правят двое');
    const a = await browser.post(tabA.action, { ...tabA.hidden, ...asDrawn, participants: '250', reason: 'первый' });
    expect(a.status).toBe(303);
    await h.settle();
    const head = (await h.system.store.head()).position;
    const b = await browser.post(tabB.action, { ...tabB.hidden, ...asDrawn, participants: '300', reason: 'второй' });
    expect(b.status).toBe(409);
    const text = textOf(b.html);
    expect(text).toContain('Пока форма была открыта, запись исправили (число участников)');
    expect(text).toContain('сейчас — «250»');
    expect(fieldValue(b.html, 'participants')).toBe('300'); // what the clerk typed stays
    expect((await h.system.store.head()).position).toBe(head); // nothing written
    // Sent again from the form shown with the message: the clerk has seen 250, and means 300.
    const again = await browser.submit(action, { ...asDrawn, participants: '300', reason: 'второй' });
    expect(again.status).toBe(303);
    await h.settle();
    expect(fieldValue((await browser.get(entryPage)).html, 'participants')).toBe('300');
  });

  it('after a conflict, shows the fields the clerk did not change as they are now, so sending again keeps the other correction', async () => {
    const { browser, entryPage, action, tabA, tabB, asDrawn } = await twoTabs('Запись, где правили текст и число');
    const a = await browser.post(tabA.action, {
      ...tabA.hidden,
      ...asDrawn,
      text: 'Запись, где правили текст и число (вкладка A)',
      participants: '250',
      reason: 'первый',
    });
    expect(a.status).toBe(303);
    await h.settle();
    const b = await browser.post(tabB.action, {
      ...tabB.hidden,
      ...asDrawn,
      text: 'Запись, где правили текст и число (вкладка B)',
      reason: 'второй',
    });
    expect(b.status).toBe(409);
    expect(textOf(b.html)).toContain('Пока форма была открыта, запись исправили (что сделано)');
    expect(fieldValue(b.html, 'text')).toBe('Запись, где правили текст и число (вкладка B)'); // the clerk's
    expect(fieldValue(b.html, 'participants')).toBe('250'); // the other tab's, not the 120 drawn before
    // The clerk keeps their text and sends the form as it is shown.
    const shown = Object.fromEntries(
      ['period.from', 'period.to', 'text', 'place', 'participants', 'regions'].map((name) => [
        name,
        fieldValue(b.html, name) ?? '',
      ]),
    );
    const again = await browser.submit(action, { ...shown, 'period.kind': 'range', reason: 'второй' });
    expect(again.status).toBe(303);
    await h.settle();
    const after = (await browser.get(entryPage)).html;
    expect(fieldValue(after, 'text')).toBe('Запись, где правили текст и число (вкладка B)');
    expect(fieldValue(after, 'participants')).toBe('250');
  });

  it('answers a correction form sent twice as it was answered the first time, writing once', async () => {
    const browser = await signedIn(sport);
    const reportId = await reportOne(browser, 'Запись, исправленная двойным щелчком');
    const entryPage = `${measure}/entries/${reportId}?year=2023`;
    const form = formOf((await browser.get(entryPage)).html, `${measure}/entries/${reportId}/correction`);
    const fields = {
      ...form.hidden,
      ...entry,
      text: 'Запись, исправленная двойным щелчком',
      regions: '7',
      reason: 'уточнено',
    };
    const first = await browser.post(form.action, fields);
    expect(first.status).toBe(303);
    await h.settle(); // the views now show 7 regions: the second sending finds its own first
    const second = await browser.post(form.action, fields);
    expect(second.status).toBe(303);
    expect(second.location).toBe(first.location);
  });

  it('does not let another agency correct an entry', async () => {
    const owner = await signedIn(sport);
    const reportId = await reportOne(owner, 'Чужая запись');
    const other = await signedIn(tourism);
    const page = await other.get(`${measure}/entries/${reportId}`);
    expect(textOf(page.html)).toContain('Эту запись внесло другое ведомство');
    const forged = await other.post(`${measure}/entries/${reportId}/withdrawal`, {
      reason: 'не моя',
      _csrf: /name="_csrf" value="([^"]+)"/.exec(page.html)![1]!,
    });
    expect(forged.status).toBe(403);
  });
});

describe('a measure’s budget for a year', () => {
  it('refuses an entry past it in Russian, naming the year, the limit and what is used, and writes nothing', async () => {
    // 2021 of 7.6 (three departments) filled with the longest entries, each department below
    // its half: exactly the characters a year may hold.
    const at = new Date().toISOString();
    const on76 = `/agency/plans/${PLAN}/measures/7.6`;
    const departments = ['smolensk-social-dept', 'smolensk-internal-policy-dept', 'smolensk-youth-office'];
    for (let i = 0; i < MAX_TEXT_PER_MEASURE_YEAR / MAX_TEXT_LENGTH; i++) {
      await executeCommand(
        h.system.store,
        {
          type: 'ReportExecution',
          planId: PLAN,
          number: '7.6',
          reportId: `budget-2021-${i}`,
          executorId: departments[i % departments.length]!,
          period: { kind: 'month', year: 2021, month: 6 },
          text: `${i}`.padEnd(MAX_TEXT_LENGTH, 'ж'),
          actor: SYSTEM,
          at,
        },
        { commandId: `budget-2021-${i}`, fingerprint: `budget-2021-${i}`, recordedAt: at },
      );
    }
    const browser = await signedIn(await h.key('agency', 'smolensk-youth-office'));
    await browser.get(`${on76}?year=2021`);
    const before = await h.system.store.head();
    const page = await browser.submit(on76, {
      'period.kind': 'day',
      'period.date': '2021-12-15',
      text: '15 декабря 2021 года прошёл молодёжный форум',
      place: 'г. Смоленск',
    });
    expect(page.status).toBe(409);
    const said = textOf(page.html);
    expect(said).toContain('Записи мероприятия 7.6 за 2021 год заняли бы больше 200 000 знаков текста и места');
    expect(said).toContain('уже 200 000');
    expect(fieldValue(page.html, 'text')).toBe('15 декабря 2021 года прошёл молодёжный форум');
    expect(await h.system.store.head()).toEqual(before);
  });

  it('on a shared measure, tells the agency at its share what it can do, and its co-executor still reports', async () => {
    // 2021 of 7.1 (the employment and the social departments): the social department's half
    // of the characters, in the longest entries.
    const at = new Date().toISOString();
    for (let i = 0; i < MAX_TEXT_PER_MEASURE_YEAR / MAX_TEXT_LENGTH / 2; i++) {
      await executeCommand(
        h.system.store,
        {
          type: 'ReportExecution',
          planId: PLAN,
          number: '7.1',
          reportId: `share-2021-${i}`,
          executorId: 'smolensk-social-dept',
          period: { kind: 'month', year: 2021, month: 6 },
          text: `${i}`.padEnd(MAX_TEXT_LENGTH, 'ж'),
          actor: SYSTEM,
          at,
        },
        { commandId: `share-2021-${i}`, fingerprint: `share-2021-${i}`, recordedAt: at },
      );
    }
    const on71 = `/agency/plans/${PLAN}/measures/7.1`;
    const fair = {
      'period.kind': 'day',
      'period.date': '2021-10-01',
      text: '1 октября 2021 года прошла ярмарка вакансий',
      place: 'г. Смоленск',
    };
    const social = await signedIn(await h.key('agency', 'smolensk-social-dept'));
    await social.get(`${on71}?year=2021`);
    const before = await h.system.store.head();
    const page = await social.submit(on71, fair);
    expect(page.status).toBe(409);
    const said = textOf(page.html);
    expect(said).toContain(
      'Записи этого исполнителя по мероприятию 7.1 за 2021 год заняли бы больше 100 000 знаков текста и места (уже 100 000)',
    );
    expect(said).toContain('отзовите ненужные записи этого исполнителя или обратитесь к координатору');
    expect(fieldValue(page.html, 'text')).toBe(fair.text);
    expect(await h.system.store.head()).toEqual(before);
    const employment = await signedIn(await h.key('agency', 'smolensk-employment-dept'));
    await employment.get(`${on71}?year=2021`);
    expect((await employment.submit(on71, fair)).status).toBe(303);
  });
});
