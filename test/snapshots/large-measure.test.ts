// One measure with many entries: the snapshots cut again only the chunks around what
// changed (the same chunks as cutting the whole partition), so their work grows with the
// entries, not with their square; a wake gives way to new events after one snapshot;
// verify still names a tampered chunk in the middle of a large partition.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRIC } from '../../shared/config/observability';
import { EVENT_SCHEMA_VERSIONS, MAX_TEXT_LENGTH, measureStreamId } from '../../shared/domain';
import { MemoryViewStore } from '../../shared/projections/memory-view-store';
import type { ViewDoc } from '../../shared/projections/view-store';
import { wake } from '../../shared/projections/wake';
import { silentLogger } from '../../shared/runtime/logger';
import { type ChunkBody, type ChunkRef, chunkPartition, toBlob } from '../../shared/snapshots/format';
import { loadManifest } from '../../shared/snapshots/open';
import { rechunkPartition } from '../../shared/snapshots/rechunk';
import { MemorySnapshotStore } from '../../shared/snapshots/snapshot-store';
import { Snapshotter } from '../../shared/snapshots/snapshotter';
import { verifySnapshots } from '../../shared/snapshots/verify-snapshots';
import { MAX_EVENTS_PER_APPEND } from '../../shared/store/append-plan';
import type { EventStore, NewEvent } from '../../shared/store/event-store';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { appendPlan, syntheticPlan } from '../projections/support/synthetic-plan';
import { recordingMetrics } from '../support/metrics';

/** A log of one measure with `entries` entries (and the plan, its section and executors before it). */
async function oneMeasure(entries: number): Promise<{ store: MemoryEventStore; head: number }> {
  const store = new MemoryEventStore();
  await appendPlan(
    store,
    syntheticPlan({ sections: 1, measuresPerSection: 1, entriesPerMeasure: entries, executors: 2 }),
  );
  return { store, head: (await store.head()).position };
}

/** Documents of random sizes, many large enough that chunks end at the size bound (64 KiB). */
const docArb = fc.oneof(
  { weight: 2, arbitrary: fc.record({ text: fc.string({ maxLength: 40 }) }) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 40_000 }).map((n) => ({ text: 'я'.repeat(n) })) },
);
/** Few enough keys that edits often hit a document that exists, some of them the first of a chunk. */
const skArb = fc.integer({ min: 0, max: 300 }).map((n) => `entry#${String(n).padStart(5, '0')}`);

describe('re-chunking only around what changed', () => {
  it('gives exactly the chunks that cutting the whole partition gives, for any edits', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(skArb, docArb, { maxKeys: 200 }),
        fc.array(fc.tuple(skArb, fc.option(docArb, { freq: 3 })), { maxLength: 12 }),
        async (before, edits) => {
          const pk = 'entries#plan#1.1';
          const state = new Map<string, ViewDoc>(Object.entries(before) as [string, ViewDoc][]);
          const old = chunkPartition(pk, state);
          const bodies = new Map(old.map((c) => [c.ref.hash, JSON.parse(new TextDecoder().decode(c.blob.bytes))]));
          for (const [sk, doc] of edits) {
            if (doc === null) state.delete(sk);
            else state.set(sk, doc as ViewDoc);
          }
          const whole = chunkPartition(pk, state);
          const again = await rechunkPartition(
            pk,
            old.map((c) => c.ref),
            edits.map(([sk]) => sk),
            {
              keysOf: async (ref: ChunkRef) => (bodies.get(ref.hash) as ChunkBody).items.map(([sk]) => sk),
              docAt: async (sk) => state.get(sk) ?? null,
            },
          );
          expect(again.refs).toEqual(whole.map((c) => c.ref));
          // Every chunk the partition has now was either kept or cut again here.
          const had = new Set(old.map((c) => c.ref.hash));
          const made = new Set(again.made.map((c) => c.ref.hash));
          for (const c of whole) expect(had.has(c.ref.hash) || made.has(c.ref.hash)).toBe(true);
          if (edits.length === 0) expect(again.documents).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('cuts again the chunk before a changed one: it may have ended only because the next document was large', async () => {
    const pk = 'entries#plan#1.1';
    const state = new Map<string, ViewDoc>();
    // Two documents of 30,000 characters fill a chunk: every chunk ends at the size bound.
    for (let i = 0; i < 10; i++) state.set(`k${i}`, { text: 'я'.repeat(30_000) });
    const old = chunkPartition(pk, state);
    expect(old.map((c) => c.ref.first)).toEqual(['k0', 'k2', 'k4', 'k6', 'k8']);
    const bodies = new Map(
      old.map((c) => [c.ref.hash, JSON.parse(new TextDecoder().decode(c.blob.bytes)) as ChunkBody]),
    );
    // The first document of the second chunk becomes small: it now fits the first chunk.
    state.set('k2', { text: 'кратко' });
    const again = await rechunkPartition(
      pk,
      old.map((c) => c.ref),
      ['k2'],
      {
        keysOf: async (ref) => bodies.get(ref.hash)!.items.map(([sk]) => sk),
        docAt: async (sk) => state.get(sk) ?? null,
      },
    );
    expect(again.refs.map((ref) => ref.first)).toEqual(['k0', 'k3', 'k5', 'k7', 'k9']);
    expect(again.refs).toEqual(chunkPartition(pk, state).map((c) => c.ref));
  });
});

describe('snapshots of one large measure', () => {
  it('cost work linear in its entries: documents cut again per entry stay flat from 400 to 1,600 entries', async () => {
    const perEntry: Record<string, number[]> = { lazy: [], held: [] };
    for (const entries of [400, 1_600]) {
      const { store, head } = await oneMeasure(entries);
      const lazy = new Snapshotter({ store, snapshots: new MemorySnapshotStore(), every: 25 });
      const held = new Snapshotter({ store, snapshots: new MemorySnapshotStore(), every: 25, holdState: true });
      expect(await lazy.advance(head)).toHaveLength(Math.floor(head / 25));
      await held.advance(head);
      perEntry.lazy!.push(lazy.documentsRechunked / entries);
      perEntry.held!.push(held.documentsRechunked / entries);
    }
    // Cutting every dirty partition whole, as before, made this grow fourfold (about 64 snapshots
    // at 1,600 entries each re-reading hundreds of entries and history items); cut around the
    // changes, each entry is cut again a bounded number of times (a chunk holds about 32).
    for (const [mode, [small, large]] of Object.entries(perEntry)) {
      expect(large!, mode).toBeLessThan(small! * 1.25);
      expect(large!, mode).toBeLessThan(80);
    }
  });

  it('of entries of 10,000 characters far past the budget together, are all written: a snapshot cuts again what changed', async () => {
    const { store } = await oneMeasure(0);
    const text = (i: number) => `${i} ${'Проведён форум регионов. '.repeat(400)}`.slice(0, MAX_TEXT_LENGTH);
    for (let from = 0; from < 240; from += MAX_EVENTS_PER_APPEND) {
      const events: NewEvent[] = [];
      for (let i = from; i < Math.min(240, from + MAX_EVENTS_PER_APPEND); i++)
        events.push({
          type: 'ExecutionReported',
          schemaVersion: EVENT_SCHEMA_VERSIONS.ExecutionReported,
          data: {
            planId: 'big-plan',
            number: '1.1',
            reportId: `long-${i}`,
            executorId: 'exec-000',
            period: { kind: 'day', date: '2023-05-01' },
            text: text(i),
          },
        });
      await store.append(measureStreamId('big-plan', '1.1'), events, {
        expectedVersion: 'any',
        commandId: `long-${from}`,
        actor: { keyId: 'system', role: 'system' },
        recordedAt: '2026-02-01T10:00:00.000Z',
      });
    }
    const head = (await store.head()).position;
    // About 4.8 MB of text (two bytes a character), held twice (the entries and their history); one
    // snapshot adds what 25 entries add, about 1 MB, and the budget is a quarter of the whole.
    const budget = 2.5 * 1024 * 1024;
    const snapshots = new MemorySnapshotStore();
    const written = await new Snapshotter({ store, snapshots, every: 25, maxStateBytes: budget }).advance(head);
    expect(written).toHaveLength(Math.floor(head / 25));
    // The state at the last snapshot: every chunk its pages name.
    let state = 0;
    for (const page of (await loadManifest(snapshots, written.at(-1)!)).pages) {
      const body = JSON.parse(new TextDecoder().decode(snapshots.blobs.get(page.hash))) as { refs: ChunkRef[] };
      for (const ref of body.refs) state += snapshots.blobs.get(ref.hash)!.byteLength;
    }
    expect(state).toBeGreaterThan(3 * budget);
    // The same snapshots as verify's rebuild, which holds the whole state.
    expect(await verifySnapshots(store, snapshots)).toMatchObject({ ok: true, snapshotsChecked: written.length });
  });

  it('verify names a chunk rewritten in the middle of the large partition, at the first snapshot holding it', async () => {
    const { store, head } = await oneMeasure(1_200);
    const snapshots = new MemorySnapshotStore();
    await new Snapshotter({ store, snapshots, every: 25 }).advance(head);
    expect(await verifySnapshots(store, snapshots)).toMatchObject({ ok: true });
    // A chunk of the entries partition from the middle of the last snapshot: stored bytes changed under its address.
    const last = (await snapshots.latest({ atOrBefore: head }))!;
    const refs: ChunkRef[] = [];
    for (const page of (await loadManifest(snapshots, last)).pages) {
      refs.push(...(JSON.parse(new TextDecoder().decode(snapshots.blobs.get(page.hash))) as { refs: ChunkRef[] }).refs);
    }
    const partition = refs.filter((ref) => ref.pk.startsWith('entries'));
    expect(partition.length).toBeGreaterThan(10);
    const victim = partition[Math.floor(partition.length / 2)]!;
    const body = JSON.parse(new TextDecoder().decode(snapshots.blobs.get(victim.hash))) as ChunkBody;
    body.items[0]![1] = { ...body.items[0]![1], text: 'подменено' };
    snapshots.blobs.set(victim.hash, toBlob(body).bytes);
    // The first snapshot whose manifest names that chunk.
    let first: number | undefined;
    for (const [position, entry] of [...snapshots.index].sort(([a], [b]) => a - b)) {
      const pages = (await loadManifest(snapshots, entry)).pages;
      const names = pages.some(
        (page) =>
          snapshots.blobs.get(page.hash) &&
          new TextDecoder().decode(snapshots.blobs.get(page.hash)).includes(victim.hash),
      );
      if (names) {
        first = position;
        break;
      }
    }
    const report = await verifySnapshots(store, snapshots);
    expect(report).toMatchObject({ ok: false, position: first, place: `snapshot/${victim.hash}` });
  });
});

describe('a wake with the snapshots far behind', () => {
  /** The log as another writer sees it: one event past what the views were given. */
  const movedOn = (store: EventStore): EventStore =>
    new Proxy(store, {
      get(target, name) {
        if (name === 'head')
          return async () => {
            const head = await target.head();
            return { ...head, position: head.position + 1 };
          };
        const value = Reflect.get(target, name, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });

  it('brings the views to the head and gives way after one snapshot when the log moved on; an idle log gets them all', async () => {
    const { store, head } = await oneMeasure(1_000);
    const due = Math.floor(head / 25);
    const snapshots = new MemorySnapshotStore();
    const snapshotter = new Snapshotter({ store, snapshots, every: 25 });
    const views = new MemoryViewStore();
    const deps = { views: async () => views, projection: ledgerProjection, logger: silentLogger, snapshotter };

    const busy = await wake({ ...deps, store: movedOn(store) });
    expect(busy.status).toBe('caught-up');
    expect((await views.checkpoint()).position).toBe(head);
    expect(snapshots.index.size).toBe(1);

    // Stopping (Ctrl-C in npm start): one more snapshot, then the wake ends.
    await wake({ ...deps, store, stopping: () => true });
    expect(snapshots.index.size).toBe(2);

    // The head cannot be read between snapshots: the wake gives way, and that is no snapshot failure.
    const metrics = recordingMetrics();
    const unreadable = new Proxy(store, {
      get(target, name) {
        if (name === 'head') return async () => Promise.reject(new Error('throttled'));
        const value = Reflect.get(target, name, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await wake({ ...deps, store: unreadable, metrics });
    expect(snapshots.index.size).toBe(3);
    expect(metrics.values(METRIC.snapshotFailed)).toEqual([]);

    // Nothing waiting: this wake writes the rest (within its 10 s budget).
    await wake({ ...deps, store });
    expect(snapshots.index.size).toBe(due);
  });
});
