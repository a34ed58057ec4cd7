// Snapshots in memory: an as-of read that starts from a snapshot answers exactly what the
// full replay answers, at any position and for any snapshot spacing; a tampered blob is
// refused and the read falls back to the replay.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportChanges } from '../../shared/audit/report-changes';
import { METRIC } from '../../shared/config/observability';
import { MemoryViewStore } from '../../shared/projections/memory-view-store';
import { catchUp } from '../../shared/projections/projector';
import type { Checkpoint, ViewChange, ViewReader } from '../../shared/projections/view-store';
import { wake } from '../../shared/projections/wake';
import { buildReportModel } from '../../shared/report/build-model';
import { createLogger, silentLogger } from '../../shared/runtime/logger';
import { type PageBody, SnapshotIntegrityError, toBlob } from '../../shared/snapshots/format';
import { loadManifest, openSnapshot } from '../../shared/snapshots/open';
import { MemorySnapshotStore } from '../../shared/snapshots/snapshot-store';
import { SnapshotBudgetError, Snapshotter } from '../../shared/snapshots/snapshotter';
import { type EventEnvelope, iterateAll } from '../../shared/store/event-store';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { replayViews } from '../../shared/views/replay';
import { appendLaterEvents, importSeed, SEED_PLAN } from '../projections/support/seed-log';
import { appendPlan, syntheticPlan } from '../projections/support/synthetic-plan';
import { recordingMetrics } from '../support/metrics';

/** Every partition key any event ever writes: the full replay's and the snapshot's documents are compared over these. */
class PkRecorder extends MemoryViewStore {
  readonly pks = new Set<string>();
  override async commit(changes: ViewChange[], from: Checkpoint, to: Checkpoint) {
    for (const change of changes) this.pks.add(change.pk);
    await super.commit(changes, from, to);
  }
}

async function documents(views: ViewReader, pks: Iterable<string>) {
  const out: Record<string, unknown> = {};
  for (const pk of [...pks].sort()) {
    const items = await views.query(pk);
    if (items.length > 0) out[pk] = items;
  }
  return out;
}

let store: MemoryEventStore;
let head: number;
let pks: Set<string>;
let log: EventEnvelope[];

beforeAll(async () => {
  store = new MemoryEventStore();
  await importSeed(store);
  // A larger plan beside the seed, so that partitions span several chunks.
  await appendPlan(store, syntheticPlan({ sections: 2, measuresPerSection: 3, entriesPerMeasure: 90, executors: 5 }));
  head = await appendLaterEvents(store);
  const recorder = new PkRecorder();
  await catchUp(store, recorder, ledgerProjection);
  pks = recorder.pks;
  log = [];
  for await (const event of iterateAll(store)) log.push(event);
});

describe('as-of reads from snapshots', () => {
  it('equal the full replay: every document, paged queries, the report model and the chain hash, at random positions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 200 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 4 }),
        async (every, picks) => {
          const snapshots = new MemorySnapshotStore();
          await new Snapshotter({ store, snapshots, every }).advance(head);
          expect(snapshots.index.size).toBe(Math.floor(head / every));
          for (const pick of picks) {
            const position = pick % (head + 1);
            const full = await replayViews(store, { position });
            const fast = await replayViews(store, { position }, { snapshots });
            expect(fast.snapshot).toBe(position >= every ? Math.floor(position / every) * every : undefined);
            expect([fast.position, fast.hash]).toEqual([full.position, full.hash]);
            expect(await documents(fast.views, pks)).toEqual(await documents(full.views, pks));
            // Paged reads across chunk boundaries.
            for (const pk of [...pks].filter((p) => p.startsWith('entries#') || p.startsWith('plan#'))) {
              const all = await full.views.query(pk);
              const after = all[Math.floor(all.length / 3)]?.sk;
              expect(await fast.views.query(pk, '', { after, limit: 5 })).toEqual(
                await full.views.query(pk, '', { after, limit: 5 }),
              );
            }
            if (position > 0) {
              const at = { planId: SEED_PLAN, year: 2023, position, chainHash: full.hash, includeAppendix: true };
              const model = await buildReportModel(full.views, { ...at, party: null }).catch((e: Error) => e.message);
              const fromSnapshot = await buildReportModel(fast.views, { ...at, party: null }).catch(
                (e: Error) => e.message,
              );
              expect(fromSnapshot).toEqual(model);
            }
          }
        },
      ),
      { numRuns: 12, seed: 1414 },
    );
  }, 120_000);

  it('as of an instant: the snapshot picked holds only events recorded by then', async () => {
    const snapshots = new MemorySnapshotStore();
    await new Snapshotter({ store, snapshots, every: 50 }).advance(head);
    const instants = [...new Set(log.map((e) => e.recordedAt))];
    for (const asOf of [instants[0]!, instants.at(-1)!, '2000-01-01T00:00:00.000Z']) {
      const full = await replayViews(store, { asOf });
      const fast = await replayViews(store, { asOf }, { snapshots });
      expect([fast.position, fast.hash]).toEqual([full.position, full.hash]);
      expect(await documents(fast.views, pks)).toEqual(await documents(full.views, pks));
    }
  });

  it('write only what changed: a snapshotter run again, or another one, writes no new blobs', async () => {
    const snapshots = new MemorySnapshotStore();
    const first = await new Snapshotter({ store, snapshots, every: 100 }).advance(head);
    expect(first.map((e) => e.position)).toEqual(
      Array.from({ length: Math.floor(head / 100) }, (_, i) => (i + 1) * 100),
    );
    const blobs = snapshots.blobs.size;
    // A second process starts from the index: it loads the last snapshot and has nothing to write.
    expect(await new Snapshotter({ store, snapshots, every: 100 }).advance(head)).toEqual([]);
    expect(snapshots.blobs.size).toBe(blobs);
    // Rewriting a snapshot from scratch gives the very same manifest (the format depends on the state alone).
    const again = new MemorySnapshotStore();
    await new Snapshotter({ store, snapshots: again, every: 100 }).advance(first[0]!.position);
    expect(again.index.get(first[0]!.position)?.manifest).toBe(first[0]!.manifest);
  });
});

/** A snapshot store that counts what a read asks of it: single blobs and batches. */
function counting(snapshots: MemorySnapshotStore) {
  const asked = { singles: 0, batches: 0, blobs: 0 };
  const store = {
    latest: snapshots.latest.bind(snapshots),
    getBlob: async (hash: string) => {
      asked.singles++;
      asked.blobs++;
      return snapshots.getBlob(hash);
    },
    getBlobs: async (hashes: readonly string[]) => {
      asked.batches++;
      asked.blobs += hashes.length;
      return snapshots.getBlobs(hashes);
    },
  };
  return { store, asked };
}

describe('what an as-of read fetches', () => {
  it('before replaying, fetches what the events will read in batches, not a page and a chunk at a time', async () => {
    const snapshots = new MemorySnapshotStore();
    await new Snapshotter({ store, snapshots, every: 100 }).advance(head);
    let checked = 0;
    for (const position of [199, 299, 399, head]) {
      const { store: counted, asked } = counting(snapshots);
      const fast = await replayViews(store, { position }, { snapshots: counted });
      const replay = { ...asked };
      const full = await replayViews(store, { position });
      expect(await documents(fast.views, pks)).toEqual(await documents(full.views, pks));
      if (position - (fast.snapshot ?? 0) < 50) continue;
      checked++;
      // The manifest, then a round trip per level of the tree the events' reads go down (page, chunk, and again
      // for what depends on those documents), however many partitions they touch.
      expect(replay.singles + replay.batches).toBeLessThanOrEqual(5);
      expect(replay.blobs).toBeGreaterThan(replay.singles + replay.batches);
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('the changes between two moments', () => {
  it('start from a snapshot and list what the full replay lists; a tampered snapshot gives the same answer', async () => {
    const snapshots = new MemorySnapshotStore();
    await new Snapshotter({ store, snapshots, every: 50 }).advance(head);
    for (const from of [0, 49, 50, 120, 333, head - 20]) {
      const query = { planId: SEED_PLAN, year: 2023, from: { position: from }, to: {} };
      const full = await reportChanges(store, query);
      const { store: counted, asked } = counting(snapshots);
      expect(await reportChanges(store, query, { snapshots: counted })).toEqual(full);
      if (from >= 50) expect(asked.singles + asked.batches).toBeGreaterThan(0);
    }
    const forged = new MemorySnapshotStore();
    await new Snapshotter({ store, snapshots: forged, every: 50 }).advance(head);
    for (const [hash, bytes] of forged.blobs) {
      const text = new TextDecoder().decode(bytes);
      if (text.includes('"entry#') || text.includes('"measure#'))
        forged.blobs.set(hash, new TextEncoder().encode(text.replace('2023', '2033')));
    }
    const query = { planId: SEED_PLAN, year: 2023, from: { position: 120 }, to: {} };
    const logged: string[] = [];
    const logger = createLogger({ sink: (_level, line) => logged.push(line) });
    expect(await reportChanges(store, query, { snapshots: forged, logger })).toEqual(await reportChanges(store, query));
    expect(logged.join('\n')).toMatch(/a snapshot failed its checks/);
  }, 60_000);
});

describe('a partition spanning several pages', () => {
  const big = new MemoryEventStore();
  let bigHead = 0;
  let entriesPk = '';
  let bigPks: Set<string>;

  beforeAll(async () => {
    await appendPlan(
      big,
      syntheticPlan({ sections: 1, measuresPerSection: 1, entriesPerMeasure: 6_000, executors: 2 }),
    );
    bigHead = (await big.head()).position;
    const recorder = new PkRecorder();
    await catchUp(big, recorder, ledgerProjection);
    bigPks = recorder.pks;
    entriesPk = [...bigPks].find((pk) => pk.startsWith('entries#'))!;
  }, 60_000);

  it('answers a document from one page and one chunk, and paged queries across pages as the full replay does', async () => {
    const snapshots = new MemorySnapshotStore();
    await new Snapshotter({ store: big, snapshots, every: 1_000 }).advance(bigHead);
    const entry = (await snapshots.latest({ atOrBefore: bigHead }))!;
    const manifest = await loadManifest(snapshots, entry);
    const pages = manifest.pages.filter((page) => page.pk === entriesPk).length;
    expect(pages).toBeGreaterThan(1);
    const full = await replayViews(big, { position: entry.position });
    const all = await full.views.query(entriesPk);
    for (const at of [0, Math.floor(all.length / 2), all.length - 1]) {
      const { store: counted, asked } = counting(snapshots);
      const views = await openSnapshot(big, counted, entry);
      expect(await views.get(entriesPk, all[at]!.sk)).toEqual(all[at]!.doc);
      // The manifest, one page, one chunk: not every page of the partition.
      expect(asked.singles).toBe(3);
    }
    const views = await openSnapshot(big, snapshots, entry);
    for (const after of [undefined, all[1_000]!.sk, all.at(-3)!.sk]) {
      expect(await views.query(entriesPk, '', { after, limit: 2_500 })).toEqual(
        await full.views.query(entriesPk, '', { after, limit: 2_500 }),
      );
    }
    expect(await documents(views, bigPks)).toEqual(await documents(full.views, bigPks));
  }, 60_000);
});

describe('the snapshotter within its bounds', () => {
  it('writes for about its time budget per wake, and the next wakes go on to the end', async () => {
    const snapshots = new MemorySnapshotStore();
    let clock = 0;
    // Every look at the clock is a second later: a wake's 2.5 s budget fits about two snapshots.
    const snapshotter = new Snapshotter({ store, snapshots, every: 50, budgetMs: 2_500, now: () => (clock += 1_000) });
    const due = Math.floor(head / 50);
    const wakes: number[] = [];
    while (snapshots.index.size < due) {
      wakes.push((await snapshotter.advance(head)).length);
      expect(wakes.length).toBeLessThan(due + 1);
    }
    expect(wakes.length).toBeGreaterThan(2);
    expect(Math.max(...wakes)).toBeLessThanOrEqual(3);
    expect(wakes.reduce((a, b) => a + b, 0)).toBe(due);
    // The same snapshots as one unbounded run writes.
    const whole = new MemorySnapshotStore();
    await new Snapshotter({ store, snapshots: whole, every: 50 }).advance(head);
    expect([...snapshots.index.values()].map((e) => e.manifest)).toEqual(
      [...whole.index.values()].map((e) => e.manifest),
    );
  });

  it('holds only what the next events touch: a budget far below the whole state still writes every snapshot', async () => {
    const held = new MemorySnapshotStore();
    await new Snapshotter({ store, snapshots: held, every: 25, holdState: true }).advance(head);
    // The state at the head as the last snapshot stores it: every chunk its pages name.
    const last = (await held.latest({ atOrBefore: head }))!;
    let state = 0;
    for (const page of (await loadManifest(held, last)).pages) {
      const body = JSON.parse(new TextDecoder().decode(held.blobs.get(page.hash))) as PageBody;
      for (const ref of body.refs) state += held.blobs.get(ref.hash)!.byteLength;
    }
    const budget = state / 4;
    await expect(
      new Snapshotter({
        store,
        snapshots: new MemorySnapshotStore(),
        every: 25,
        holdState: true,
        maxStateBytes: budget,
      }).advance(head),
    ).rejects.toBeInstanceOf(SnapshotBudgetError);
    const lazy = new MemorySnapshotStore();
    const written = await new Snapshotter({ store, snapshots: lazy, every: 25, maxStateBytes: budget }).advance(head);
    expect(written).toHaveLength(Math.floor(head / 25));
    // The same snapshots, byte for byte, as the snapshotter holding the whole state writes.
    expect([...lazy.index.values()].map((e) => e.manifest)).toEqual([...held.index.values()].map((e) => e.manifest));
  });

  it('stops at its memory budget without stopping the views, and says so on every wake', async () => {
    const snapshots = new MemorySnapshotStore();
    // Two snapshots written before; then a snapshotter whose budget (the chunks one snapshot cuts
    // again, now only those around what changed) no snapshot fits.
    await new Snapshotter({ store, snapshots, every: 100 }).advance(200);
    const views = new MemoryViewStore();
    const metrics = recordingMetrics();
    const snapshotter = new Snapshotter({ store, snapshots, every: 100, maxStateBytes: 1 });
    const reads = { count: 0 };
    const counted = new Snapshotter({
      store: {
        readAll: (options) => {
          reads.count++;
          return store.readAll(options);
        },
      },
      snapshots: new MemorySnapshotStore(),
      every: 100,
      maxStateBytes: 1,
    });
    const deps = { store, views: async () => views, projection: ledgerProjection, logger: silentLogger, metrics };
    const first = await wake({ ...deps, snapshotter });
    // The views reached the head; the snapshots stopped where the state outgrew the budget.
    expect(first.status).toBe('caught-up');
    expect((await views.checkpoint()).position).toBe(head);
    expect(snapshots.index.size).toBeGreaterThan(0);
    expect(snapshots.index.size).toBeLessThan(Math.floor(head / 100));
    expect(metrics.values(METRIC.snapshotFailed)).toEqual([1]);
    await expect(snapshotter.advance(head)).rejects.toBeInstanceOf(SnapshotBudgetError);
    // Stopped: later wakes answer at once, reading nothing.
    await expect(counted.advance(head)).rejects.toThrow(/over the snapshotter's/);
    const before = reads.count;
    await expect(counted.advance(head)).rejects.toBeInstanceOf(SnapshotBudgetError);
    expect(reads.count).toBe(before);
  });
});

describe('a tampered snapshot', () => {
  it('is refused: the read answers from the full replay, with the same answer', async () => {
    const snapshots = new MemorySnapshotStore();
    await new Snapshotter({ store, snapshots, every: 100 }).advance(head);
    const position = head;
    const full = await replayViews(store, { position });
    // Change one byte of every chunk that holds a measure document.
    for (const [hash, bytes] of snapshots.blobs) {
      const text = new TextDecoder().decode(bytes);
      if (text.includes('"measure#')) snapshots.blobs.set(hash, new TextEncoder().encode(text.replace('2021', '2031')));
    }
    const errors: unknown[] = [];
    const logger = { error: (_: string, context: { error: unknown }) => errors.push(context.error) };
    const fast = await replayViews(store, { position }, { snapshots, logger: logger as never });
    expect(await documents(fast.views, pks)).toEqual(await documents(full.views, pks));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBeInstanceOf(SnapshotIntegrityError);
  });

  it('with a chain hash the log does not have is refused before any of it is read', async () => {
    const snapshots = new MemorySnapshotStore();
    const [entry] = await new Snapshotter({ store, snapshots, every: 100 }).advance(head);
    const forged = new MemorySnapshotStore();
    for (const [hash, bytes] of snapshots.blobs) forged.blobs.set(hash, bytes);
    const manifest = JSON.parse(new TextDecoder().decode(snapshots.blobs.get(entry!.manifest)!));
    const blob = toBlob({ ...manifest, chainHash: 'f'.repeat(64) });
    forged.blobs.set(blob.hash, blob.bytes);
    await forged.putEntry({ ...entry!, manifest: blob.hash, chainHash: 'f'.repeat(64) });
    const errors: unknown[] = [];
    const logger = { error: (_: string, context: { error: unknown }) => errors.push(context.error) };
    const fast = await replayViews(store, { position: 150 }, { snapshots: forged, logger: logger as never });
    expect(fast.snapshot).toBeUndefined();
    expect(fast.hash).toBe(log[149]!.hash);
    expect(String(errors[0])).toMatch(/chain hash/);
  });
});
