// The verify page's «С позиции» and «По позицию», as an auditor types them: what it cannot
// read, or a position the log does not reach, is said in Russian beside the form, never
// silently dropped for a verification of the whole log («Журнал цел.»), nor a bare error
// page asking to «check the highlighted fields» with no form and no field highlighted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeed } from '../http/support';
import { PageClient, type PagesHarness, pagesHarness, textOf } from './support';

let h: PagesHarness;
let auditor: PageClient;
let head: number;

beforeAll(async () => {
  h = await pagesHarness('rt4-verify-input');
  await importSeed(h);
  const key = await h.key('auditor');
  await h.settle();
  head = (await h.system.store.head()).position;
  auditor = new PageClient(h);
  await auditor.signIn(key);
}, 120_000);
afterAll(() => h.close());

async function verify(query: string) {
  const response = await auditor.get(`/audit/verify?run=1&${query}`);
  return { status: response.status, text: textOf(response.html).replace(/\s+/g, ' ') };
}

describe('the verify form with positions it cannot use', () => {
  it.each([
    ['from=abc', 'С позиции'],
    ['from=-5', 'С позиции'],
    ['to=0', 'По позицию'],
    ['to=12.5', 'По позицию'],
  ])('%s: says the field wants a position, and verifies nothing', async (query, field) => {
    const page = await verify(query);
    expect(page.status).toBe(400);
    expect(page.text).toContain(`${field}: введите номер позиции — целое число от 1.`);
    expect(page.text).not.toContain('Журнал цел.');
    expect(page.text).not.toContain('Проверены позиции');
  });

  it('a position past the head: names the last position, with the form kept', async () => {
    const page = await verify(`from=1&to=${head + 50}`);
    expect(page.status).toBe(400);
    expect(page.text).toContain(`По позицию: журнал заканчивается позицией ${head}.`);
    expect(page.text).toContain('Проверить');
    const past = await verify(`from=${head + 50}`);
    expect(past.status).toBe(400);
    expect(past.text).toContain(`С позиции: журнал заканчивается позицией ${head}.`);
  });

  it('«С позиции» after «По позицию»: says so', async () => {
    const page = await verify('from=10&to=3');
    expect(page.status).toBe(400);
    expect(page.text).toContain('С позиции: позже, чем «По позицию».');
  });
});
