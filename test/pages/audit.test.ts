import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { importSeed, PLAN, SYSTEM } from '../http/support';
import { alterEntryView, PageClient, type PagesHarness, pagesHarness, textOf } from './support';

let h: PagesHarness;
let auditor: PageClient;

beforeAll(async () => {
  h = await pagesHarness('pages-audit');
  // The seed on 10 January 2024; one more entry on 20 February 2024.
  await importSeed(h);
  const at = '2024-02-20T10:00:00.000Z';
  await executeCommand(
    h.system.store,
    {
      type: 'ReportExecution',
      planId: PLAN,
      number: '9.1',
      reportId: 'late-entry',
      executorId: 'smolensk-sport-office',
      period: { kind: 'day', date: '2023-12-20' },
      text: '20 декабря 2023 года прошёл новогодний турнир',
      actor: SYSTEM,
      at,
    },
    { commandId: 'late-entry', fingerprint: 'late-entry', recordedAt: at },
  );
  await h.project();
  auditor = new PageClient(h);
  await auditor.signIn(await h.key('auditor'));
});
afterAll(() => h.close());

describe('the event log', () => {
  it('pages through the log in position order', async () => {
    const head = await h.system.store.head();
    const first = await auditor.get('/audit/events');
    expect(first.status).toBe(200);
    expect(first.html).toContain('id="p1"');
    expect(first.html).toContain(`id="p${head.position}"`);
    expect(textOf(first.html)).toContain(`Журнал содержит ${head.position} событий`);
    expect(first.html).not.toContain('Следующая страница');
    const later = await auditor.get('/audit/events?from=50');
    expect(later.html).not.toContain('id="p49"');
    expect(textOf(later.html)).toContain(`Показаны позиции 50–${head.position}`);
  });

  it('filters by event type and date range (Moscow time)', async () => {
    const page = await auditor.get('/audit/events?type=ExecutionReported&since=2024-02-20&until=2024-02-20');
    const text = textOf(page.html);
    expect(text).toContain('подходит: 1');
    expect(text).toContain('9.1: 20 декабря 2023 года прошёл новогодний турнир');
    const none = await auditor.get('/audit/events?type=ExecutorLiquidated&since=2024-02-01');
    expect(textOf(none.html)).toContain('Событий нет');
  });

  it('shows one stream’s history, and filters the log by stream', async () => {
    const redirect = await auditor.get(`/audit/events?stream=measure-${PLAN}-9.1`);
    expect(redirect.location).toBe(`/audit/streams/measure-${PLAN}-9.1`);
    const page = await auditor.get(redirect.location!);
    const text = textOf(page.html);
    expect(text).toContain('версий — 10');
    expect(text).toContain('Мероприятие добавлено');
    expect((await auditor.get('/audit/streams/no-such-stream')).status).toBe(404);
    const dated = await auditor.get(`/audit/events?stream=measure-${PLAN}-9.1&since=2024-02-01`);
    expect(dated.location).toBe(`/audit/streams/measure-${PLAN}-9.1?since=2024-02-01`);
    const filtered = await auditor.get(dated.location!);
    expect(filtered.html.match(/<tr id="p\d+"/g)).toHaveLength(1);
    expect(textOf(filtered.html)).toContain('Показаны события: с 01.02.2024.');
  });
});

describe('verification', () => {
  it('runs on request and says the log holds, with the hash at the head', async () => {
    const form = await auditor.get('/audit/verify');
    expect(textOf(form.html)).not.toContain('Журнал цел');
    const page = await auditor.get('/audit/verify?run=1');
    const head = await h.system.store.head();
    const text = textOf(page.html);
    expect(text).toContain('Журнал цел.');
    expect(text).toContain(`Проверены позиции 1–${head.position}`);
    expect(text).toContain(head.hash);
    expect(text).toContain('ключи команд согласуются с журналом');
    expect(text).toMatch(/Текущие представления совпадают с журналом на позиции \d+ \(документов сравнено: \d+\)/);
  });

  it('names a live view document altered behind the system, which the reports were showing', async () => {
    const { item: entry, restore } = await alterEntryView(h, PLAN);
    try {
      const text = textOf((await auditor.get('/audit/verify?run=1')).html);
      expect(text).not.toContain('Журнал цел.');
      expect(text).toMatch(/Проверка не пройдена\s*: цепочка хешей цела/);
      expect(text).toContain('текущие представления (их показывают отчёты и страницы) не совпадают с журналом');
      expect(text).toContain('Расходящихся документов: 1.');
      expect(text).toContain(`view_altered ${entry.pk!.S!.slice('g1#'.length)} / ${entry.sk!.S!}: `);
      expect(text).not.toContain('ПОДМЕНА');
    } finally {
      await restore();
    }
    expect(textOf((await auditor.get('/audit/verify?run=1')).html)).toContain('Журнал цел.');
  });
});

describe('verification out of time', () => {
  it('says what it checked and what it could not, never «Журнал цел», with the way to go on', async () => {
    // A server whose requests have no time for a verification at all.
    const hurried = await pagesHarness('pages-audit-hurried', { verifyBudgetMs: -1 });
    try {
      await importSeed(hurried);
      const key = await hurried.key('auditor');
      const client = new PageClient(hurried);
      await client.signIn(key);
      const head = await hurried.system.store.head();
      const text = textOf((await client.get('/audit/verify?run=1')).html);
      expect(text).not.toContain('Журнал цел.');
      expect(text).toContain(
        `Проверка не завершена за время, отведённое запросу. Проверены позиции 1–${head.position}`,
      );
      expect(text).toContain(
        'проверки рядом с ним (индекс потоков, ключи команд, дерево Меркла, снимки, представления) не успели',
      );
      expect(text).toContain('npm run audit -- verify');
      const api = await hurried.call('GET', '/v1/audit/verify', key);
      expect(await api.json()).toMatchObject({ ok: false, problem: 'unfinished', from: 1, to: head.position });
    } finally {
      await hurried.close();
    }
  });
});

describe('state as of a date', () => {
  it('shows the plan as it was at the end of a chosen day', async () => {
    const before = textOf((await auditor.get(`/audit/plan?plan=${PLAN}&date=2024-01-09`)).html);
    expect(before).toContain('На эту дату плана ещё не было.');
    const seeded = textOf((await auditor.get(`/audit/plan?plan=${PLAN}&date=2024-01-10`)).html);
    expect(seeded).toContain('Состояние на конец дня 10.01.2024');
    expect(seeded).toMatch(/9\.1 Содействие[\s\S]*?2023: 8/);
    const later = textOf((await auditor.get(`/audit/plan?plan=${PLAN}&date=2024-02-20`)).html);
    expect(later).toMatch(/9\.1 Содействие[\s\S]*?2023: 9/);
  });

  it('lists the changes between two dates, with who and when', async () => {
    const page = await auditor.get(`/audit/changes?plan=${PLAN}&year=2023&from=2024-01-10&to=2024-02-28`);
    const text = textOf(page.html);
    expect(text).toContain('Изменений: 1');
    expect(text).toContain('добавлена запись : 9.1: 20 декабря 2023 года');
    expect(text).toContain('20.02.2024 13:00 МСК');
    const backwards = await auditor.get(`/audit/changes?plan=${PLAN}&year=2023&from=2024-02-28&to=2024-01-10`);
    expect(textOf(backwards.html)).toContain('вторая не раньше первой');
  });

  it('downloads the export: one canonical line per event, the whole log', async () => {
    const head = await h.system.store.head();
    const response = await h.app.request('http://localhost/audit/export/file', {
      headers: { cookie: `rl_session=${auditor.cookies.get('rl_session')}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="events-1-${head.position}.ndjson"`);
    const lines = (await response.text()).trim().split('\n');
    expect(lines).toHaveLength(head.position);
    expect(JSON.parse(lines.at(-1)!).hash).toBe(head.hash);
  });
});

describe('the report page', () => {
  it('embeds the HTML report and links its downloads, live and as of a date', async () => {
    const page = await auditor.get(`/report?plan=${PLAN}&year=2023`);
    expect(page.status).toBe(200);
    const frame = /<iframe class="report" src="([^"]+)"/.exec(page.html)?.[1]?.replace(/&amp;/g, '&');
    expect(frame).toBe(`/report/file?plan=${PLAN}&year=2023&format=html`);
    for (const format of ['docx', 'csv', 'json']) expect(page.html).toContain(`format=${format}`);
    const html = await auditor.get(frame!);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.html).toContain('Отчет об исполнении в 2023 году');
    expect(html.html).toContain('новогодний турнир');
    const asOf = await auditor.get(`/report/file?plan=${PLAN}&year=2023&format=html&asOf=2024-01-10`);
    expect(asOf.html).toContain('Отчет об исполнении в 2023 году');
    expect(asOf.html).not.toContain('новогодний турнир');
    const docx = await h.app.request(`http://localhost/report/file?plan=${PLAN}&year=2023&format=docx`, {
      headers: { cookie: `rl_session=${auditor.cookies.get('rl_session')}` },
    });
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    expect(docx.headers.get('content-disposition')).toContain('attachment');
  });

  it('is open to an agency too', async () => {
    const agency = new PageClient(h);
    await agency.signIn(await h.key('agency', 'smolensk-sport-office'));
    expect((await agency.get(`/report?plan=${PLAN}&year=2023`)).status).toBe(200);
  });
});
