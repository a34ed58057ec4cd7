// The coordinator's pages over HTTP: progress per measure and executor, the directory
// with rename and liquidation, keys (the secret shown once; revocation), import upload
// with each step's result, publication with its files and hashes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseToken } from '../../shared/http/api-keys';
import { sha256Hex } from '../../shared/store/canonical';
import { importSeed, PLAN, seedFixture } from '../http/support';
import { PageClient, type PagesHarness, pagesHarness, textOf } from './support';

let h: PagesHarness;
let coordinator: string;
let browser: PageClient;

beforeAll(async () => {
  h = await pagesHarness('pages-coordinator');
  await importSeed(h);
  await h.project();
  coordinator = await h.key('coordinator');
  browser = new PageClient(h);
  await browser.signIn(coordinator);
});
afterAll(() => h.close());

describe('progress for a year', () => {
  it('shows, per measure and executor, who has reported for the year and who has not', async () => {
    const page = await browser.get(`/coordinator?plan=${PLAN}&year=2023`);
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain('сведения есть по 11 из 11 мероприятий');
    // 7.6 names three executors; only the social department reported.
    const row = /<tr>\s*<td data-label="№">7\.6<\/td>[\s\S]*?<\/tr>/.exec(page.html)?.[0] ?? '';
    expect(textOf(row)).toMatch(/Департамент Смоленской области по социальному развитию есть: 1/);
    expect(row.match(/нет сведений/g)).toHaveLength(2);
    const missing = textOf((await browser.get(`/coordinator?plan=${PLAN}&year=2022&only=missing`)).html);
    expect(missing).toContain('сведения есть по 1 из 11 мероприятий');
  });

  it('lists the successor that reported beside the liquidated executor the plan names', async () => {
    const agency = new PageClient(h);
    await agency.signIn(await h.key('agency', 'smolensk-tourism-center'));
    await agency.get(`/agency/plans/${PLAN}/measures/2.1?year=2022`);
    const posted = await agency.submit(`/agency/plans/${PLAN}/measures/2.1`, {
      'period.kind': 'day',
      'period.date': '2022-06-01',
      text: 'Туристический форум, проведённый правопреемником',
    });
    expect(posted.status).toBe(303);
    await h.settle();
    const page = await browser.get(`/coordinator?plan=${PLAN}&year=2022`);
    const row = /<tr>\s*<td data-label="№">2\.1<\/td>[\s\S]*?<\/tr>/.exec(page.html)?.[0] ?? '';
    expect(textOf(row)).toMatch(/«Смоленский терем»\S*\s+ликвидирован/);
    expect(textOf(row)).toMatch(/\(правопреемник\)\s+есть: 1/);
  });
});

describe('executors', () => {
  it('lists the directory and records a rename with its effective date', async () => {
    const list = await browser.get('/coordinator/executors');
    expect(textOf(list.html)).toContain('Главное управление спорта Смоленской области');
    expect(textOf(list.html)).toContain('ликвидировано с 14.03.2022');
    await browser.get('/coordinator/executors/smolensk-youth-office');
    const refused = await browser.submit('/coordinator/executors/smolensk-youth-office/rename', {
      newName: '',
      effectiveDate: '2024-13-01',
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/id="f-newName-error"[^>]*>[\s\S]*?Заполните это поле/);
    expect(refused.html).toMatch(/id="f-rename-date-error"[^>]*>[\s\S]*?Укажите существующую дату/);
    const renamed = await browser.submit('/coordinator/executors/smolensk-youth-office/rename', {
      newName: 'Департамент по молодёжной политике Смоленской области',
      effectiveDate: '2024-02-01',
    });
    expect(renamed.status).toBe(303);
    const text = textOf((await browser.get(renamed.location!)).html);
    expect(text).toContain('Переименование записано.');
    expect(text).toContain('с 01.02.2024: Департамент по молодёжной политике Смоленской области');
    const earlier = await browser.submit('/coordinator/executors/smolensk-youth-office/rename', {
      newName: 'Главное управление молодёжной политики',
      effectiveDate: '2023-06-01',
    });
    expect(earlier.status).toBe(409);
    expect(earlier.html).toMatch(/id="f-rename-date-error"[^>]*>[\s\S]*?уже переименован с 01\.02\.2024 года/);
  });

  it('records a liquidation with a successor picked from the directory', async () => {
    const page = await browser.get('/coordinator/executors/smolensk-employment-dept');
    expect(page.html).toMatch(/<option value="smolensk-social-dept">/);
    expect(page.html).not.toMatch(/<option value="smolensk-terem">/); // liquidated: no successor
    const self = await browser.submit('/coordinator/executors/smolensk-employment-dept/liquidation', {
      effectiveDate: '2024-03-01',
      successorId: 'smolensk-employment-dept',
    });
    expect(self.status).toBe(409);
    expect(self.html).toMatch(/id="f-successorId-error"[^>]*>[\s\S]*?собственным правопреемником/);
    const done = await browser.submit('/coordinator/executors/smolensk-employment-dept/liquidation', {
      effectiveDate: '2024-03-01',
      successorId: 'smolensk-social-dept',
      note: 'реорганизация',
    });
    expect(done.status).toBe(303);
    const text = textOf((await browser.get(done.location!)).html);
    expect(text).toContain(
      'ликвидировано с 01.03.2024, правопреемник: Департамент Смоленской области по социальному развитию',
    );
  });
});

describe('API keys', () => {
  it('issues a key, shows its secret once, and the key signs in', async () => {
    await browser.get('/coordinator/keys');
    const page = await browser.submit('/coordinator/keys', {
      role: 'agency',
      executorId: 'smolensk-culture-dept',
      label: 'Департамент культуры, Иванова',
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const token = /id="issued-token"[^>]*value="(rl_[^"]+)"/.exec(page.html)?.[1];
    expect(token).toBeDefined();
    const keyId = token!.split('_')[1]!;
    const [issued] = await h.system.store.readStream(`apikey-${keyId}`);
    expect(issued?.data).toMatchObject({ role: 'agency', executorId: 'smolensk-culture-dept' });
    expect(JSON.stringify(issued)).not.toContain(parseToken(token!)!.secret);
    // Nowhere else: the list of keys names it without its secret.
    const list = await browser.get('/coordinator/keys');
    expect(list.html).toContain(keyId);
    expect(list.html).not.toContain(token!);
    const agency = new PageClient(h);
    expect((await agency.signIn(token!)).location).toBe('/agency');
  });

  it('needs an executor for an agency key, and says so in Russian', async () => {
    await browser.get('/coordinator/keys');
    const page = await browser.submit('/coordinator/keys', {
      role: 'agency',
      executorId: '',
      label: 'без исполнителя',
    });
    expect(page.status).toBe(400);
    expect(page.html).toMatch(/id="f-executorId-error"[^>]*>[\s\S]*?выберите исполнителя/);
    expect(page.html).not.toContain('id="issued-token"');
  });

  it('revokes a key with a reason, and its holder is signed out', async () => {
    const token = await h.key('auditor');
    const holder = new PageClient(h);
    await holder.signIn(token);
    expect((await holder.get('/audit/events')).status).toBe(200);
    const keyId = token.split('_')[1]!;
    await h.settle();
    await browser.get('/coordinator/keys');
    const empty = await browser.submit(`/coordinator/keys/${keyId}/revoke`, { reason: '' });
    expect(empty.html).toMatch(new RegExp(`id="f-revoke-${keyId}-error"[^>]*>[\\s\\S]*?Заполните это поле`));
    const revoked = await browser.submit(`/coordinator/keys/${keyId}/revoke`, { reason: 'проверка закончена' });
    expect(revoked.status).toBe(303);
    expect(textOf((await browser.get(revoked.location!)).html)).toContain('проверка закончена');
    expect((await holder.get('/audit/events')).location).toMatch(/reason=revoked/);
  });
});

describe('import', () => {
  it('applies an uploaded import document and lists what became of each step', async () => {
    const fixture = seedFixture();
    fixture.executors.push({
      executorId: 'spb-tourism-committee',
      fullName: 'Комитет по туризму',
      party: 'Санкт-Петербург',
    });
    await browser.get('/coordinator/import');
    const form = new FormData();
    form.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(browser.last!.html)![1]!);
    form.set('file', new File([JSON.stringify(fixture)], 'plan.json', { type: 'application/json' }));
    const page = await browser.postMultipart('/coordinator/import', form);
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toMatch(/Шагов: 56; записано: 1; уже было: 55; отклонено: 0/);
    expect(text).toMatch(/записано, позиция \d+/);
    expect(page.html.match(/<td data-label="Результат">уже было/g)).toHaveLength(55);
  });

  it('refuses a file that is not an import document, next to the file field', async () => {
    await browser.get('/coordinator/import');
    const form = new FormData();
    form.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(browser.last!.html)![1]!);
    form.set('file', new File(['not json'], 'notes.txt'));
    const page = await browser.postMultipart('/coordinator/import', form);
    expect(page.status).toBe(400);
    expect(page.html).toMatch(/id="f-file-error"[^>]*>[\s\S]*?Это не документ импорта/);
  });
});

describe('publication', () => {
  it('publishes the yearly report and lists its files with the hashes of the stored bytes', async () => {
    await browser.get(`/coordinator/publications?plan=${PLAN}&year=2023`);
    const published = await browser.submit('/coordinator/publications', { plan: PLAN, year: '2023' });
    expect(published.status).toBe(303);
    expect(published.location).toContain('published=1');
    const page = await browser.get(published.location!);
    const text = textOf(page.html);
    expect(text).toContain('Опубликована редакция 1 отчёта за 2023 год.');
    const docx = /href="(\/report\/file\?[^"]*format=docx[^"]*)"/.exec(page.html)![1]!.replace(/&amp;/g, '&');
    const file = await h.app.request(`http://localhost${docx}`, {
      headers: { cookie: `rl_session=${browser.cookies.get('rl_session')}` },
    });
    expect(file.status).toBe(200);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(text).toContain(sha256Hex(bytes));
    const [event] = await h.system.store.readStream(`report-${PLAN}-2023`);
    expect(event?.metadata.actor).toMatchObject({ keyId: coordinator.split('_')[1], role: 'coordinator' });
  });

  it('publishes once when the same form is sent twice', async () => {
    const page = await browser.get(`/coordinator/publications?plan=${PLAN}&year=2022`);
    const fields = {
      ...Object.fromEntries(
        [...page.html.matchAll(/<input type="hidden" name="(_csrf|_form)" value="([^"]+)"/g)].map((m) => [m[1], m[2]]),
      ),
      plan: PLAN,
      year: '2022',
    };
    const first = await browser.post('/coordinator/publications', fields);
    const second = await browser.post('/coordinator/publications', fields);
    expect(first.location).toContain('published=1');
    expect(second.location).toBe(first.location);
    expect(await h.system.store.readStream(`report-${PLAN}-2022`)).toHaveLength(1);
  });

  it('says in Russian that a year outside the plan cannot be published (a hand-edited form)', async () => {
    await browser.get(`/coordinator/publications?plan=${PLAN}&year=2023`);
    const page = await browser.submit('/coordinator/publications', { plan: PLAN, year: '2030' });
    expect(page.status).toBe(404);
    expect(textOf(page.html)).toContain('Этот год не входит в годы плана.');
    expect(await h.system.store.readStream(`report-${PLAN}-2030`)).toHaveLength(0);
  });

  it('is not for an agency', async () => {
    const agency = new PageClient(h);
    await agency.signIn(await h.key('agency', 'smolensk-sport-office'));
    expect((await agency.get('/coordinator/publications')).status).toBe(403);
  });
});

describe('a key limited in scope', () => {
  const SMOLENSK = 'Смоленская область';
  const issue = async (body: Record<string, unknown>) => {
    const res = await h.call('POST', '/v1/keys', coordinator, { label: 'ключ', ...body });
    expect(res.status).toBe(201);
    return ((await res.json()) as { token: string }).token;
  };

  it('a key limited to plans cannot sign in to the pages (they read plans straight from the views)', async () => {
    const client = new PageClient(h);
    const page = await client.signIn(await issue({ role: 'auditor', planIds: [PLAN] }));
    expect(page.status).toBe(403);
    expect(textOf(page.html)).toContain('только через API');
    expect((await client.get('/audit/events')).status).toBe(303);
  });

  it("a party's coordinator keeps its party on the pages: publishes its own report, not the joint one", async () => {
    const client = new PageClient(h);
    expect((await client.signIn(await issue({ role: 'coordinator', party: SMOLENSK }))).status).toBe(303);
    const form = await client.get(`/coordinator/publications?plan=${PLAN}&year=2023`);
    expect(form.html).not.toContain('Совместный отчёт');
    expect(form.html).toContain(`<option value="${SMOLENSK}">`);
    const joint = await client.submit('/coordinator/publications', { plan: PLAN, year: '2023', party: '' });
    expect(joint.status).toBe(403);
    expect(textOf(joint.html)).toContain('только отчёт своей стороны');
    await client.get(`/coordinator/publications?plan=${PLAN}&year=2023`);
    const own = await client.submit('/coordinator/publications', { plan: PLAN, year: '2023', party: SMOLENSK });
    expect(own.status).toBe(303);
    const list = textOf((await client.get(own.location!)).html);
    expect(list).toContain(`— ${SMOLENSK}`);
  });
});
