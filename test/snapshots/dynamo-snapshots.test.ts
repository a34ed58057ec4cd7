// Snapshots in the artifacts table on DynamoDB Local: write-once items, partitions in
// several chunks, a crash between blob writes resumed, as-of reads over HTTP equal to the
// full replay's, and a tampered chunk refused by the read and named by verify.
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStore } from '../../shared/audit/verify';
import { createApp } from '../../shared/http/app';
import { silentLogger } from '../../shared/runtime/logger';
import { apiDeps } from '../../shared/runtime/system';
import type { Blob } from '../../shared/snapshots/format';
import { MemorySnapshotStore, type SnapshotStore } from '../../shared/snapshots/snapshot-store';
import { Snapshotter } from '../../shared/snapshots/snapshotter';
import { replayViews } from '../../shared/views/replay';
import { type Harness, harness, importSeed, PLAN } from '../http/support';
import { appendPlan, syntheticPlan } from '../projections/support/synthetic-plan';

const EVERY = 40;
let h: Harness;
let auditor: string;
let head: number;

beforeAll(async () => {
  h = await harness('snapshots');
  await importSeed(h);
  await appendPlan(
    h.system.store,
    syntheticPlan({ sections: 1, measuresPerSection: 2, entriesPerMeasure: 150, executors: 3 }),
  );
  auditor = await h.key('auditor');
  await h.project();
  head = (await h.system.store.head()).position;
}, 120_000);
afterAll(() => h.close());

/** Fails every put after the first `after` blob puts: a crash between two chunk writes. */
function crashingAfter(store: SnapshotStore, after: number): SnapshotStore {
  let puts = 0;
  return {
    putBlob: (blob: Blob) => (++puts > after ? Promise.reject(new Error('crashed')) : store.putBlob(blob)),
    getBlob: (hash) => store.getBlob(hash),
    getBlobs: (hashes) => store.getBlobs(hashes),
    putEntry: (entry) => store.putEntry(entry),
    latest: (lookup) => store.latest(lookup),
    entries: () => store.entries(),
  };
}

describe('snapshots on DynamoDB Local', () => {
  it('resume after a crash between blob writes and end as the uninterrupted run does', async () => {
    const snapshots = h.system.snapshots;
    await expect(
      new Snapshotter({ store: h.system.store, snapshots: crashingAfter(snapshots, 3), every: EVERY }).advance(head),
    ).rejects.toThrow('crashed');
    // Nothing names the half-written snapshot: the index is written last.
    expect(await snapshots.latest({ atOrBefore: head })).toBeNull();
    const written = await new Snapshotter({ store: h.system.store, snapshots, every: EVERY }).advance(head);
    expect(written.map((e) => e.position)).toEqual(
      Array.from({ length: Math.floor(head / EVERY) }, (_, i) => (i + 1) * EVERY),
    );
    const reference = new MemorySnapshotStore();
    await new Snapshotter({ store: h.system.store, snapshots: reference, every: EVERY }).advance(head);
    expect(written.map((e) => e.manifest)).toEqual([...reference.index.values()].map((e) => e.manifest));
    // A partition of 150 entries is stored as several chunks, each item far below 400 KB.
    const sizes = [...reference.blobs.values()].map((b) => b.byteLength);
    expect(Math.max(...sizes)).toBeLessThan(100 * 1024);
    const entryChunks = [...reference.blobs.values()].filter((b) =>
      new TextDecoder().decode(b).startsWith('{"items":[["000000'),
    );
    expect(entryChunks.length).toBeGreaterThan(2);
  });

  it('are write-once: another manifest at a recorded position is refused, the same entry again is not', async () => {
    const [entry] = await collect(h.system.snapshots.entries());
    await expect(h.system.snapshots.putEntry(entry!)).resolves.toBeUndefined();
    await expect(h.system.snapshots.putEntry({ ...entry!, manifest: 'f'.repeat(64) })).rejects.toThrow(
      /another snapshot manifest/,
    );
    const stored = await h.system.snapshots.getBlob(entry!.manifest);
    await h.system.snapshots.putBlob({ hash: entry!.manifest, bytes: new TextEncoder().encode('other bytes') });
    expect(await h.system.snapshots.getBlob(entry!.manifest)).toEqual(stored);
  });

  it('are read many at a time: more than one BatchGetItem holds, an absent address left out', async () => {
    const reference = new MemorySnapshotStore();
    await new Snapshotter({ store: h.system.store, snapshots: reference, every: EVERY }).advance(head);
    const hashes = [...reference.blobs.keys()];
    expect(hashes.length).toBeGreaterThan(100);
    h.system.snapshots.clearCache();
    const absent = '0'.repeat(64);
    const got = await h.system.snapshots.getBlobs([...hashes, absent, hashes[0]!]);
    expect(got.size).toBe(hashes.length);
    expect(got.has(absent)).toBe(false);
    for (const [hash, bytes] of reference.blobs) expect(got.get(hash), hash).toEqual(bytes);
  });

  it('answer as-of reads over HTTP as the full replay does, from the nearest snapshot', async () => {
    const replayOnly = createApp(apiDeps(h.system, silentLogger, { snapshots: undefined as never }));
    const headers = { authorization: `Bearer ${auditor}` };
    for (const position of [EVERY - 1, EVERY, 2 * EVERY + 7, head - 1, head]) {
      const start = (await replayViews(h.system.store, { position }, { snapshots: h.system.snapshots })).snapshot;
      expect(start).toBe(position >= EVERY ? Math.floor(position / EVERY) * EVERY : undefined);
      for (const path of [
        `/v1/plans/${PLAN}/measures/9.1`,
        `/v1/plans/${PLAN}`,
        `/v1/plans/${PLAN}/reports/2023?format=json`,
      ]) {
        const url = `${path}${path.includes('?') ? '&' : '?'}asOfPosition=${position}`;
        // As a fresh container reads: every blob from the table, most of them in batches.
        h.system.snapshots.clearCache();
        const fast = await h.call('GET', url, auditor);
        const full = await replayOnly.request(url, { headers });
        expect(fast.status, url).toBe(full.status);
        expect(fast.headers.get('x-chain-hash')).toBe(full.headers.get('x-chain-hash'));
        expect(await fast.text(), url).toBe(await full.text());
      }
    }
  }, 120_000);

  it('tampered with, are refused by the read (the full replay answers) and named by verify', async () => {
    const entries = await collect(h.system.snapshots.entries());
    const last = entries.at(-1)!;
    const clean = await verifyStore(h.system.store, {}, { snapshots: h.system.snapshots });
    expect(clean).toMatchObject({ ok: true, snapshots: { ok: true, snapshotsChecked: entries.length } });
    // Rewrite the chunk holding the measure 9.1 documents of the plan (what a GET of 9.1 reads).
    const reference = new MemorySnapshotStore();
    await new Snapshotter({ store: h.system.store, snapshots: reference, every: EVERY }).writeAt(last.position);
    const [hash, bytes] = [...reference.blobs].find(([, b]) => {
      const text = new TextDecoder().decode(b);
      return text.includes(`"pk":"plan#${PLAN}"`) && text.includes('measure#000009.000001');
    })!;
    const forged = new TextDecoder().decode(bytes).replace(/"title":"[^"]*"/, '"title":"Подделка"');
    const key = { pk: { S: `snapshot/${hash}` }, sk: { N: '0' } };
    const item = (await h.tables.client.send(new GetItemCommand({ TableName: h.system.tables.artifacts, Key: key })))
      .Item!;
    await h.tables.client.send(
      new PutItemCommand({
        TableName: h.system.tables.artifacts,
        Item: { ...item, data: { B: new TextEncoder().encode(forged) } },
      }),
    );
    // A process that has not read the chunk yet (a cached copy is the genuine bytes, checked by address).
    h.system.snapshots.clearCache();
    const url = `/v1/plans/${PLAN}/measures/9.1?asOfPosition=${last.position}`;
    const res = await h.call('GET', url, auditor);
    expect(res.status).toBe(200);
    const replayOnly = createApp(apiDeps(h.system, silentLogger, { snapshots: undefined as never }));
    const full = await replayOnly.request(url, { headers: { authorization: `Bearer ${auditor}` } });
    expect(await res.text()).toBe(await full.text());
    const verdict = await verifyStore(h.system.store, {}, { snapshots: h.system.snapshots });
    expect(verdict).toMatchObject({
      ok: false,
      problem: 'snapshot',
      snapshots: { ok: false, place: `snapshot/${hash}` },
    });
    // Named at the first snapshot that holds the chunk, not later.
    const firstHolding = new MemorySnapshotStore();
    const rebuild = new Snapshotter({ store: h.system.store, snapshots: firstHolding });
    for (const entry of entries) {
      await rebuild.writeAt(entry.position);
      if (firstHolding.blobs.has(hash)) {
        expect((verdict as { position: number }).position).toBe(entry.position);
        break;
      }
    }
  }, 120_000);
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
