// A stream's index as runs (layout 3): one index item per stream per commit, keyed by the
// run's last version. Read from and to any version, tampered with behind the store's back,
// and a table written by layout 2 (one item per version) read, written on and verified.
import { type AttributeValue, DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIntegrity } from '../../shared/audit/integrity';
import { buildEnvelopes, resultOf } from '../../shared/store/append-plan';
import { GENESIS_HASH } from '../../shared/store/canonical';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store';
import { guardItem, keys, logItem, TIP_SK } from '../../shared/store/dynamo-items';
import { type EventEnvelope, iterateAll, type PendingAppend } from '../../shared/store/event-store';
import { upgradeLayout } from '../../shared/store/upgrade-layout';
import { verifyChain } from '../../shared/store/verify-chain';
import { createTestTables, streamPartition, type TestTables } from '../support/dynamo';

type Item = Record<string, AttributeValue>;
const AT = '2026-11-28T10:00:00.000Z';
const S = 'measure-runs';
const T = 'other-runs';
let seq = 0;

function pending(streamId: string, expectedVersion: number, count = 1): PendingAppend {
  const n = ++seq;
  return {
    streamId,
    expectedVersion,
    events: Array.from({ length: count }, (_, i) => ({ type: 'Noted', schemaVersion: 1, data: { n, i } })),
    commandId: `cmd-${n}`,
    fingerprint: `fp-${n}`,
    actor: { keyId: 'k', role: 'coordinator' },
    recordedAt: AT,
  };
}

const integrity = (store: DynamoEventStore) => checkIntegrity(store.trustedItems());

describe('stream index runs (DynamoDB Local)', () => {
  let tables: TestTables;
  let store: DynamoEventStore;
  /** Stream S's events as the log holds them, by version from 1. */
  let log: EventEnvelope[];
  const put = (item: Item) => tables.client.send(new PutItemCommand({ TableName: tables.names.events, Item: item }));
  const runAt = async (version: number) =>
    (
      await tables.client.send(
        new GetItemCommand({ TableName: tables.names.events, Key: keys.stream(S, version), ConsistentRead: true }),
      )
    ).Item!;
  /** Alters the run item ending at `version`, checks, and puts the original back. */
  const tampered = async (version: number, change: (item: Item) => Item | null, check: () => Promise<void>) => {
    const original = await runAt(version);
    const changed = change(structuredClone(original));
    if (changed === null) {
      await tables.client.send(new DeleteItemCommand({ TableName: tables.names.events, Key: keys.stream(S, version) }));
    } else await put(changed);
    try {
      await check();
    } finally {
      await put(original);
    }
  };

  beforeAll(async () => {
    tables = await createTestTables('runs');
    store = new DynamoEventStore({ client: tables.client, tableName: tables.names.events });
    // 20 appends on S in one commit, with appends on T between them: S's positions are not contiguous.
    const first: PendingAppend[] = [];
    for (let v = 0, t = 0; v < 20; v++) {
      first.push(pending(S, v));
      if (v % 4 === 0) first.push(pending(T, t++));
    }
    const outcomes = await store.commit(first);
    expect(outcomes.every((o) => o.status === 'written')).toBe(true);
    await store.commit([pending(S, 20)]);
    await store.commit([pending(S, 21, 2), pending(S, 23, 2), pending(S, 25, 2)]);
    log = [];
    for await (const e of iterateAll(store)) if (e.streamId === S) log.push(e);
  });
  afterAll(() => tables.drop());

  it('writes one index item per commit on a stream: the 20 versions of one commit in one item', async () => {
    expect(log.map((e) => e.version)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    // S's positions skip T's events: the run names each one.
    expect(log[19]!.position).toBeGreaterThan(20);
    const items = await streamPartition(tables, S);
    expect(items.map((item) => Number(item.sk!.N))).toEqual([20, 21, 27, TIP_SK]);
    const [twenty, one, six] = items;
    expect(twenty).toMatchObject({
      first: { N: '1' },
      position: { N: String(log[19]!.position) },
      hash: { S: log[19]!.hash },
    });
    expect(twenty!.positions!.L!.map((p) => Number(p.N))).toEqual(log.slice(0, 20).map((e) => e.position));
    expect(twenty!.hashes!.L!.map((h) => h.S)).toEqual(log.slice(0, 20).map((e) => e.hash));
    // A run of one keeps the layout 2 shape exactly.
    expect(one).toEqual({
      ...keys.stream(S, 21),
      position: { N: String(log[20]!.position) },
      hash: { S: log[20]!.hash },
    });
    expect(six!.first).toEqual({ N: '22' });
    expect(await integrity(store)).toMatchObject({ ok: true, checked: { indexItems: 32 } });
  });

  it('reads from every version, and to any version inside or across runs, exactly the events there', async () => {
    const ids = (events: EventEnvelope[]) => events.map((e) => `${e.version}:${e.eventId}`);
    for (let from = 1; from <= 28; from++) {
      expect(ids(await store.readStream(S, { fromVersion: from }))).toEqual(ids(log.slice(from - 1)));
      for (const to of [from, from + 1, from + 4, 19, 20, 21, 22, 26, 27, 40].filter((t) => t >= from)) {
        const events = await store.readStream(S, { fromVersion: from, toVersion: to });
        expect(ids(events), `${from}..${to}`).toEqual(ids(log.slice(from - 1, to)));
      }
    }
    expect(await store.readStream(S, { fromVersion: 9, toVersion: 8 })).toEqual([]);
    const tail = await store.readTail(S, 19);
    expect(tail.events.map((e) => e.version)).toEqual([20, 21, 22, 23, 24, 25, 26, 27]);
    expect(tail.tip).toEqual({ version: 27, position: log[26]!.position, hash: log[26]!.hash });
  });

  it('a deleted run: the read refuses and verification names each missing version', async () => {
    await tampered(
      20,
      () => null,
      async () => {
        await expect(store.readStream(S)).rejects.toMatchObject({ code: 'store_inconsistent' });
        await expect(store.readStream(S, { fromVersion: 5, toVersion: 6 })).rejects.toMatchObject({
          code: 'store_inconsistent',
        });
        const report = await integrity(store);
        const missing = report.problems.filter((p) => p.kind === 'index_missing');
        expect(missing.map((p) => [p.streamId, p.position])).toEqual(log.slice(0, 20).map((e) => [S, e.position]));
        expect(report.problemCount).toBe(20);
      },
    );
    expect(await integrity(store)).toMatchObject({ ok: true });
  });

  it('one position or one hash changed inside a run: the read refuses and verification names that version', async () => {
    for (const change of [
      (item: Item) => {
        item.positions!.L![6] = { N: String(log[7]!.position) };
        return item;
      },
      (item: Item) => {
        item.hashes!.L![6] = { S: 'f'.repeat(64) };
        return item;
      },
    ]) {
      await tampered(20, change, async () => {
        await expect(store.readStream(S)).rejects.toMatchObject({ code: 'store_inconsistent' });
        await expect(store.readStream(S, { fromVersion: 7, toVersion: 7 })).rejects.toMatchObject({
          code: 'store_inconsistent',
        });
        // Versions the change does not touch still read.
        expect((await store.readStream(S, { fromVersion: 8, toVersion: 9 })).map((e) => e.version)).toEqual([8, 9]);
        const report = await integrity(store);
        expect(report.problems).toContainEqual(
          expect.objectContaining({ kind: 'index_wrong', streamId: S, position: log[6]!.position }),
        );
      });
    }
    expect(await integrity(store)).toMatchObject({ ok: true });
  });

  it('a run that overlaps the one before it is refused, though every version it names is right', async () => {
    await tampered(
      27,
      (item) => ({
        ...item,
        first: { N: '21' },
        positions: { L: log.slice(20).map((e) => ({ N: String(e.position) })) },
        hashes: { L: log.slice(20).map((e) => ({ S: e.hash })) },
      }),
      async () => {
        await expect(store.readStream(S, { fromVersion: 21 })).rejects.toMatchObject({
          code: 'store_inconsistent',
          message: expect.stringContaining('overlap'),
        });
        await expect(store.readStream(S, { fromVersion: 20, toVersion: 21 })).rejects.toMatchObject({
          code: 'store_inconsistent',
        });
        const report = await integrity(store);
        expect(report.problems).toEqual([
          expect.objectContaining({ kind: 'index_wrong', streamId: S, detail: 'two index items cover version 21' }),
        ]);
      },
    );
  });

  it('a malformed run is refused as corrupt and verification reports it', async () => {
    const malformed: ((item: Item) => Item)[] = [
      (item) => ({ ...item, positions: { L: item.positions!.L!.slice(1) } }),
      (item) => ({ ...item, first: { N: '28' } }),
      (item) => ({ ...item, positions: { L: [{ N: '1.5' }, ...item.positions!.L!.slice(1)] } }),
      (item) => ({ ...item, hash: { S: 'f'.repeat(64) } }),
    ];
    for (const change of malformed) {
      await tampered(27, change, async () => {
        await expect(store.readStream(S, { fromVersion: 22 })).rejects.toMatchObject({ code: 'corrupt_index_item' });
        // The item is reported, and the versions it should cover as having no index.
        const report = await integrity(store);
        expect(report.problems.map((p) => p.kind)).toEqual([
          'unknown_item',
          ...log.slice(21).map(() => 'index_missing'),
        ]);
        expect(report.problems[0]!.detail).toContain('malformed stream index item');
      });
    }
  });

  it('a commit whose run meets an index item past the tip fails as inconsistent, writing nothing', async () => {
    const head = await store.head();
    const forged = { ...keys.stream(S, 29), position: { N: '1' }, hash: { S: GENESIS_HASH } };
    await put(forged);
    try {
      await expect(store.commit([pending(S, 27, 2)])).rejects.toMatchObject({ code: 'store_inconsistent' });
      expect(await store.head()).toEqual(head);
    } finally {
      await tables.client.send(new DeleteItemCommand({ TableName: tables.names.events, Key: keys.stream(S, 29) }));
    }
  });
});

describe('a table written by layout 2 (DynamoDB Local)', () => {
  it('is read, written on (the head then says 3) and verified clean', async () => {
    const tables = await createTestTables('layout2');
    try {
      const put = (item: Item) =>
        tables.client.send(new PutItemCommand({ TableName: tables.names.events, Item: item }));
      // As layout 2 wrote it: one index item per version, a tip per stream, the head saying 2.
      let head = { position: 0, hash: GENESIS_HASH };
      const tips = new Map<string, EventEnvelope>();
      for (const append of [pending('a', 0, 3), pending('b', 0, 2), pending('a', 3, 1)]) {
        const ids = append.events.map((_, i) => `${append.commandId}-${i}`);
        const envelopes = buildEnvelopes(append, ids, head);
        for (const e of envelopes) {
          await put(logItem(e));
          await put({
            ...keys.stream(e.streamId, e.version),
            position: { N: String(e.position) },
            hash: { S: e.hash },
          });
          tips.set(e.streamId, e);
        }
        await put(guardItem(append.commandId, append.fingerprint, resultOf(append, envelopes)));
        const last = envelopes[envelopes.length - 1]!;
        head = { position: last.position, hash: last.hash };
      }
      for (const [streamId, e] of tips) {
        await put({
          ...keys.tip(streamId),
          version: { N: String(e.version) },
          position: { N: String(e.position) },
          hash: { S: e.hash },
        });
      }
      await put({ ...keys.head(), position: { N: String(head.position) }, hash: { S: head.hash }, layout: { N: '2' } });

      expect(await upgradeLayout(tables.client, tables.names.events)).toMatchObject({ upgraded: false });
      const store = new DynamoEventStore({ client: tables.client, tableName: tables.names.events });
      expect((await store.readStream('a')).map((e) => e.version)).toEqual([1, 2, 3, 4]);
      expect(await integrity(store)).toMatchObject({ ok: true });

      await store.append(
        'a',
        [1, 2, 3].map((n) => ({ type: 'Noted', schemaVersion: 1, data: { n } })),
        {
          expectedVersion: 4,
          commandId: 'after-layout-2',
          actor: { keyId: 'k', role: 'coordinator' },
          recordedAt: AT,
        },
      );
      const headItem = await tables.client.send(
        new GetItemCommand({ TableName: tables.names.events, Key: keys.head(), ConsistentRead: true }),
      );
      expect(headItem.Item?.layout).toEqual({ N: '3' });
      expect((await streamPartition(tables, 'a')).map((item) => [Number(item.sk!.N), item.first?.N])).toEqual([
        [1, undefined],
        [2, undefined],
        [3, undefined],
        [4, undefined],
        [7, '5'],
        [TIP_SK, undefined],
      ]);
      expect((await store.readStream('a', { fromVersion: 3, toVersion: 6 })).map((e) => e.version)).toEqual([
        3, 4, 5, 6,
      ]);
      expect(await integrity(store)).toMatchObject({ ok: true });
      const all = [];
      for await (const e of iterateAll(store)) all.push(e);
      expect(await verifyChain(all)).toMatchObject({ ok: true, count: 9 });

      // Layout 1 still needs its upgrade; a layout this code does not know is refused.
      for (const [layout, code, says] of [
        ['1', 'store_needs_upgrade', 'earlier version'],
        ['4', 'store_layout_newer', 'later version'],
      ]) {
        await put({ ...headItem.Item!, layout: { N: layout! } });
        const fresh = new DynamoEventStore({ client: tables.client, tableName: tables.names.events });
        await expect(fresh.head()).rejects.toMatchObject({ code, message: expect.stringContaining(says!) });
      }
    } finally {
      await tables.drop();
    }
  });
});
