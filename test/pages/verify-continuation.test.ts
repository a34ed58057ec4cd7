// Verify in pieces, over DynamoDB Local (the page and the API): a log too long for one
// request is walked with «Продолжить», and no piece but a whole verification says «Журнал
// цел.». A range is the chain alone and says what it did not check; a continuation checks
// the hash the page before ended on; a range past the head checks nothing and says so.
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash } from '../../shared/store/canonical';
import { keys, logItem } from '../../shared/store/dynamo-items';
import type { EventEnvelope } from '../../shared/store/event-store';
import { importSeed, PLAN } from '../http/support';
import { alterEntryView, PageClient, type PagesHarness, pagesHarness, textOf } from './support';

let h: PagesHarness;
let auditor: PageClient;
let key: string;
let head: { position: number; hash: string };

beforeAll(async () => {
  // A server whose requests have no time to spare: the chain stops after its first 500.
  h = await pagesHarness('rt3-verify', { verifyBudgetMs: -1 });
  await importSeed(h);
  key = await h.key('auditor');
  for (let i = 0; i < 560; i++) await h.key('auditor');
  await h.settle();
  head = await h.system.store.head();
  auditor = new PageClient(h);
  await auditor.signIn(key);
}, 120_000);
afterAll(() => h.close());

const pageText = async (path: string) => textOf((await auditor.get(path)).html);
const api = async (query: string) => (await h.call('GET', `/v1/audit/verify${query}`, key)).json();
const readEvent = async (position: number) =>
  (await h.system.store.readAll({ fromPosition: position, toPosition: position, limit: 1 })).events[0]!;
const put = (Item: Record<string, never> | ReturnType<typeof logItem>) =>
  h.tables.client.send(new PutItemCommand({ TableName: h.tables.names.events, Item }));

/** The first page, and where its «Продолжить» link leads. */
async function firstPiece() {
  const first = await auditor.get('/audit/verify?run=1');
  const link = /href="(\/audit\/verify\?[^"]*after=[^"]*)"/.exec(first.html)?.[1]?.replace(/&amp;/g, '&');
  return { text: textOf(first.html), link };
}

describe('verify in pieces', () => {
  it('ends the last piece with what it checked, never «Журнал цел.», with a view document altered', async () => {
    expect(head.position).toBeGreaterThan(500);
    const at500 = await readEvent(500);
    const { restore } = await alterEntryView(h, PLAN);
    try {
      const first = await firstPiece();
      expect(first.text).toContain('Проверка не завершена за время, отведённое запросу. Проверены позиции 1–500');
      expect(first.link).toBe(`/audit/verify?run=1&from=501&after=${at500.hash}`);
      const last = await pageText(first.link!);
      expect(last).not.toContain('Журнал цел.');
      expect(last).toContain(`Позиции 501–${head.position} целы.`);
      expect(last).toContain('Связь с позицией 500 сверена с хешем, на котором закончилась предыдущая проверка.');
      expect(last).toContain(
        'Индекс потоков, ключи команд, дерево Меркла, снимки и текущие представления не проверялись',
      );
      expect(await api(`?from=501&after=${at500.hash}`)).toMatchObject({
        ok: true,
        from: 501,
        to: head.position,
        checks: ['chain'],
      });
    } finally {
      await restore();
    }
  });

  it('does not call a log whole from past a tampered event, and names the part it did not check', async () => {
    const original = await h.tables.client.send(
      new GetItemCommand({ TableName: h.tables.names.events, Key: keys.log(30), ConsistentRead: true }),
    );
    const event = await readEvent(30);
    await put(logItem({ ...event, data: { ...event.data, planId: 'forged' } }));
    try {
      expect(await pageText('/audit/verify?run=1&to=35')).toContain(
        'Журнал не прошёл проверку : хеш события не совпадает с пересчитанным (позиция 30)',
      );
      // From 31 on: the first piece names what it did not check, and the last is not «Журнал цел.».
      const from31 = await auditor.get('/audit/verify?run=1&from=31');
      const first = textOf(from31.html);
      expect(first).toContain('Проверены позиции 31–530');
      expect(first).toContain(
        'Связь с позицией 30 проверена по хешу, записанному в журнале; позиции 1–30 эта проверка не проверяла.',
      );
      const link = /href="(\/audit\/verify\?[^"]*after=[^"]*)"/.exec(from31.html)![1]!.replace(/&amp;/g, '&');
      const last = await pageText(link);
      expect(last).not.toContain('Журнал цел.');
      expect(last).toContain(`Позиции 531–${head.position} целы.`);
      expect(await api('?from=31&to=400')).toMatchObject({ ok: true, from: 31, to: 400, checks: ['chain'] });
    } finally {
      await put(original.Item as never);
    }
  });

  it('refuses to go on when the chain was rewritten after the piece before ended', async () => {
    const first = await firstPiece();
    const at500 = await readEvent(500);
    expect(first.link).toContain(`after=${at500.hash}`);
    // Rewritten from 500 on, hashes recomputed and the head moved along: a consistent chain
    // from 499 on, which only the hash the first piece ended on tells from the one it checked.
    const originals: EventEnvelope[] = [];
    let prevHash = at500.prevHash;
    for (let position = 500; position <= head.position; position++) {
      const event = await readEvent(position);
      originals.push(event);
      const { hash: _hash, ...body } = {
        ...event,
        prevHash,
        ...(position === 500 ? { data: { ...event.data, forged: true } } : {}),
      };
      prevHash = eventHash(prevHash, body);
      await put(logItem({ ...body, hash: prevHash }));
    }
    const headItem = (layout: string, hash: string) => ({
      ...keys.head(),
      position: { N: String(head.position) },
      hash: { S: hash },
      layout: { N: layout },
    });
    const storedHead = await h.tables.client.send(
      new GetItemCommand({ TableName: h.tables.names.events, Key: keys.head(), ConsistentRead: true }),
    );
    const layout = storedHead.Item!.layout!.N!;
    await put(headItem(layout, prevHash) as never);
    try {
      const text = await pageText(first.link!);
      expect(text).not.toContain('целы');
      expect(text).toContain('Журнал не прошёл проверку : хеш события не совпадает с пересчитанным (позиция 500)');
      expect(text).toContain('Событие на позиции 500 уже не то, на котором закончилась предыдущая проверка');
      expect(await api(`?from=501&after=${at500.hash}`)).toMatchObject({
        ok: false,
        problem: 'hash_mismatch',
        position: 500,
      });
    } finally {
      for (const event of originals) await put(logItem(event));
      await put(headItem(layout, head.hash) as never);
    }
    expect(await api(`?from=501&after=${at500.hash}`)).toMatchObject({ ok: true });
  });

  it('checks nothing past the head, and says so, on the page and in the API', async () => {
    const text = await pageText(`/audit/verify?run=1&from=${head.position + 1}`);
    expect(text).not.toContain('Журнал цел.');
    expect(text).toContain(
      `Ничего не проверено : в позициях ${head.position + 1}–${head.position} нет событий (журнал заканчивается позицией ${head.position})`,
    );
    expect(await api(`?from=${head.position + 1}`)).toMatchObject({
      ok: false,
      problem: 'nothing_checked',
      count: 0,
      checks: [],
    });
    // `after` is the hash at from - 1: malformed, or without a `from` past 1, it is refused.
    expect((await h.call('GET', '/v1/audit/verify?from=2&after=abc', key)).status).toBe(400);
    const alone = await h.call('GET', `/v1/audit/verify?after=${head.hash}`, key);
    expect(alone.status).toBe(400);
    expect(JSON.stringify(await alone.json())).toContain('after');
  });
});
