// Writes a snapshot of the views every `every` positions: from the last snapshot, replays
// the next `every` events with the very projection that builds the live views and writes
// what changed. Blobs first, the index entry last, so a crash leaves at most unreferenced
// blobs, which the retry writes again (same bytes).
//
// The projector's snapshotter holds only the last snapshot's chunk references and what the
// next `every` events touch: it reads the documents they need from the last snapshot lazily
// (SnapshotViews), and cuts again only the chunks around the documents they changed
// (`rechunkPartition`), so a snapshot costs what changed, not the size of the partitions it
// touches. Verify's holds the whole state in memory instead (`holdState`), since it replays
// the whole log and checks every blob; it re-chunks the same way, so it is linear too.
import { MemoryViewStore } from '../projections/memory-view-store';
import { catchUp } from '../projections/projector';
import { type Checkpoint, EMPTY_CHECKPOINT, type ViewChange } from '../projections/view-store';
import type { Logger } from '../runtime/logger';
import type { EventStore } from '../store/event-store';
import { ledgerProjection } from '../views/ledger-projection';
import {
  type Blob,
  type ChunkBody,
  type ChunkRef,
  DEFAULT_SNAPSHOT_EVERY,
  type Manifest,
  type PageBody,
  PROJECTION_VERSION,
  pageRefs,
  readBlob,
  SNAPSHOT_FORMAT,
  toBlob,
} from './format';
import { checkChainHash, loadManifest } from './open';
import { rechunkPartition } from './rechunk';
import type { SnapshotEntry, SnapshotStore } from './snapshot-store';
import { SnapshotViews } from './snapshot-views';

/** Remembers which documents (pk, then sk) changed since the last snapshot. */
class TrackedViews extends MemoryViewStore {
  readonly dirty = new Map<string, Set<string>>();
  override async commit(changes: ViewChange[], from: Checkpoint, to: Checkpoint): Promise<void> {
    for (const change of changes) {
      const keys = this.dirty.get(change.pk) ?? new Set<string>();
      keys.add(change.sk);
      this.dirty.set(change.pk, keys);
    }
    await super.commit(changes, from, to);
  }
}

interface State {
  /** The whole state (held), or the last snapshot read lazily with the events since in an overlay. */
  views: TrackedViews | SnapshotViews;
  refs: Map<string, ChunkRef[]>;
  /** Held state only: the sks and bytes of each chunk the state's refs name, by address. */
  chunks: Map<string, { keys: string[]; bytes: number }>;
  /** Held state only: the bytes of those chunks together (what `maxStateBytes` bounds). */
  bytes: number;
  pages: Set<string>;
  maxRecordedAt: string | null;
}

const PUT_CONCURRENCY = 8;
/** The canonical JSON of the views a snapshotter holds in memory, at most (about 3-4x that in heap). */
export const DEFAULT_MAX_STATE_BYTES = 48 * 1024 * 1024;
/**
 * How long one wake spends writing snapshots at most, when nothing else waits (see `advance`'s
 * `yieldTo`): a log far ahead of its snapshots catches up over several wakes.
 */
export const DEFAULT_SNAPSHOT_BUDGET_MS = 10_000;

/**
 * The views grew past what the snapshotter may hold in memory. It stops (in this process)
 * rather than take the projector down with it; the views go on, as-of reads start from the
 * last snapshot written, and every wake counts SnapshotFailed until someone acts.
 */
export class SnapshotBudgetError extends Error {
  override readonly name = 'SnapshotBudgetError';
}

export interface SnapshotterOptions {
  store: Pick<EventStore, 'readAll'>;
  snapshots: SnapshotStore;
  every?: number;
  logger?: Logger;
  /**
   * Default DEFAULT_MAX_STATE_BYTES; the projector function has 512 MB. Held state: the whole
   * views as stored; otherwise the partitions one snapshot rewrites.
   */
  maxStateBytes?: number;
  /** Hold the whole views in memory (verify, which replays everything anyway) instead of reading the last snapshot lazily. */
  holdState?: boolean;
  /** Default DEFAULT_SNAPSHOT_BUDGET_MS: a wake writes snapshots for about this long, the next one goes on. */
  budgetMs?: number;
  now?: () => number;
}

export class Snapshotter {
  private state: State | null = null;
  private stopped: SnapshotBudgetError | null = null;
  readonly every: number;
  private readonly maxStateBytes: number;
  private readonly budgetMs: number;

  constructor(private readonly options: SnapshotterOptions) {
    this.every = options.every ?? DEFAULT_SNAPSHOT_EVERY;
    this.maxStateBytes = options.maxStateBytes ?? DEFAULT_MAX_STATE_BYTES;
    this.budgetMs = options.budgetMs ?? DEFAULT_SNAPSHOT_BUDGET_MS;
  }

  /** Documents read and cut again into chunks by this snapshotter so far: the work its snapshots took. */
  documentsRechunked = 0;

  /**
   * Writes the snapshots due up to `position`, for about `budgetMs` (at least one when one
   * is due): the entries written, in order. A log far ahead of its snapshots (a first
   * deployment over an old log, a restore) is caught up over several wakes. After each
   * snapshot it asks `yieldTo` (the projector: has the log moved past the views? is the
   * process stopping?) and, if so, leaves the rest to the next wake, so the views never wait
   * behind more than one snapshot.
   */
  async advance(position: number, yieldTo?: () => boolean | Promise<boolean>): Promise<SnapshotEntry[]> {
    if (this.stopped) throw this.stopped;
    const now = this.options.now ?? Date.now;
    const deadline = now() + this.budgetMs;
    const written: SnapshotEntry[] = [];
    try {
      let state = await this.resume(position);
      for (;;) {
        const at = (await state.views.checkpoint()).position;
        const next = (Math.floor(at / this.every) + 1) * this.every;
        if (next > position) break;
        if (written.length > 0 && (now() > deadline || (yieldTo && (await yieldTo())))) {
          this.options.logger?.info('snapshots behind the views; the next wake goes on', {
            at,
            views: position,
          });
          break;
        }
        state = await this.replayTo(state, next);
        written.push(await this.write(state, this.every));
        this.state = state;
      }
      return written;
    } catch (error) {
      // Whatever half-advanced state there was is dropped; the next run starts from the index.
      this.state = null;
      if (error instanceof SnapshotBudgetError) this.stopped = error;
      throw error;
    }
  }

  /** What the state holds, checked before it is loaded further or written. */
  private checkSize(bytes: number, position: number): void {
    if (bytes <= this.maxStateBytes) return;
    throw new SnapshotBudgetError(
      `the views at position ${position} are ${Math.round(bytes / 1024 / 1024)} MB as a snapshot, over the ` +
        `snapshotter's ${Math.round(this.maxStateBytes / 1024 / 1024)} MB: snapshots stop here (the views go on); ` +
        'give the projector more memory and raise maxStateBytes',
    );
  }

  /** Writes one snapshot at exactly `position` (verify rebuilds stored snapshots wherever they are). */
  async writeAt(position: number, every = this.every): Promise<SnapshotEntry> {
    try {
      const state = await this.replayTo(await this.resume(position), position);
      const entry = await this.write(state, every);
      this.state = state;
      return entry;
    } catch (error) {
      this.state = null;
      throw error;
    }
  }

  private async resume(position: number): Promise<State> {
    const latest = await this.options.snapshots.latest({ atOrBefore: position });
    const held = this.state ? (await this.state.views.checkpoint()).position : -1;
    if (this.state && held >= (latest?.position ?? 0)) return this.state;
    return latest ? this.load(latest) : this.emptyState();
  }

  /**
   * The snapshot to go on from, its chain hash checked against the log: held, every chunk
   * loaded (each checked against its address); lazily, only its pages, for the chunk refs.
   */
  private async load(entry: SnapshotEntry): Promise<State> {
    const { snapshots, store } = this.options;
    const manifest = await loadManifest(snapshots, entry);
    await checkChainHash(store, manifest);
    const state = this.emptyState();
    const bodies = await fetchBlobs<PageBody>(
      snapshots,
      manifest.pages.map((page) => page.hash),
      'page',
    );
    for (const page of manifest.pages) {
      state.pages.add(page.hash);
      for (const ref of bodies.get(page.hash)!.refs) state.refs.set(ref.pk, [...(state.refs.get(ref.pk) ?? []), ref]);
    }
    state.maxRecordedAt = manifest.maxRecordedAt;
    if (!this.options.holdState) {
      state.views = new SnapshotViews(snapshots, manifest);
      return state;
    }
    const changes: ViewChange[] = [];
    for (const refs of state.refs.values()) {
      for (const ref of refs) {
        const bytes = await snapshots.getBlob(ref.hash);
        if (!bytes) throw new Error(`snapshot chunk ${ref.hash} is missing`);
        state.bytes += bytes.byteLength;
        this.checkSize(state.bytes, manifest.position);
        const chunk = readBlob<ChunkBody>(ref.hash, bytes, 'chunk');
        for (const [sk, doc] of chunk.items) changes.push({ pk: ref.pk, sk, doc });
        state.chunks.set(ref.hash, { keys: chunk.items.map(([sk]) => sk), bytes: bytes.byteLength });
      }
    }
    await state.views.commit(changes, await state.views.checkpoint(), {
      position: manifest.position,
      hash: manifest.chainHash,
    });
    (state.views as TrackedViews).dirty.clear();
    return state;
  }

  private emptyState(): State {
    const views = this.options.holdState
      ? new TrackedViews()
      : new SnapshotViews(this.options.snapshots, {
          format: SNAPSHOT_FORMAT,
          projectionVersion: PROJECTION_VERSION,
          every: this.every,
          position: EMPTY_CHECKPOINT.position,
          chainHash: EMPTY_CHECKPOINT.hash,
          maxRecordedAt: null,
          pages: [],
        });
    return { views, refs: new Map(), chunks: new Map(), bytes: 0, pages: new Set(), maxRecordedAt: null };
  }

  private async replayTo(state: State, position: number): Promise<State> {
    const { store } = this.options;
    const observed = {
      readAll: async (options: Parameters<EventStore['readAll']>[0]) => {
        const page = await store.readAll(options);
        for (const event of page.events)
          if (state.maxRecordedAt === null || event.recordedAt > state.maxRecordedAt)
            state.maxRecordedAt = event.recordedAt;
        return page;
      },
    };
    const result = await catchUp(observed, state.views, ledgerProjection, { toPosition: position });
    if (result.status === 'failed') throw result.error;
    const reached = (await state.views.checkpoint()).position;
    if (reached !== position) throw new Error(`the log ends at ${reached}, before the snapshot at ${position}`);
    return state;
  }

  private async write(state: State, every: number): Promise<SnapshotEntry> {
    const blobs: Blob[] = [];
    const held = state.views instanceof TrackedViews ? state.views : null;
    const views = state.views;
    const dirty: [string, Iterable<string>][] = held
      ? [...held.dirty]
      : (views as SnapshotViews).changedPartitions().map((pk) => [pk, (views as SnapshotViews).changedKeys(pk)]);
    const checkpoint = await views.checkpoint();
    let rewritten = 0;
    for (const [pk, changed] of dirty) {
      const old = state.refs.get(pk) ?? [];
      const before = new Set(old.map((ref) => ref.hash));
      const { refs, made, documents } = await rechunkPartition(pk, old, changed, {
        keysOf: async (ref) => {
          if (!held) return (views as SnapshotViews).chunkKeys(ref.hash);
          const chunk = state.chunks.get(ref.hash);
          if (!chunk) throw new Error(`the snapshotter holds no chunk ${ref.hash} of ${pk}`);
          return chunk.keys;
        },
        docAt: (sk) => views.get(pk, sk),
      });
      this.documentsRechunked += documents;
      const fresh = made.filter((chunk) => !before.has(chunk.ref.hash));
      rewritten += fresh.reduce((total, chunk) => total + chunk.blob.bytes.byteLength, 0);
      if (!held) this.checkSize(rewritten, checkpoint.position);
      blobs.push(...fresh.map((chunk) => chunk.blob));
      if (held) {
        const now = new Set(refs.map((ref) => ref.hash));
        for (const ref of old) {
          if (now.has(ref.hash)) continue;
          state.bytes -= state.chunks.get(ref.hash)?.bytes ?? 0;
          state.chunks.delete(ref.hash);
        }
        for (const chunk of fresh) {
          const body = JSON.parse(new TextDecoder().decode(chunk.blob.bytes)) as ChunkBody;
          state.chunks.set(chunk.ref.hash, { keys: body.items.map(([sk]) => sk), bytes: chunk.blob.bytes.byteLength });
          state.bytes += chunk.blob.bytes.byteLength;
        }
      }
      if (refs.length > 0) state.refs.set(pk, refs);
      else state.refs.delete(pk);
    }
    if (held) {
      held.dirty.clear();
      this.checkSize(state.bytes, checkpoint.position);
    }
    const all = [...state.refs.keys()].sort().flatMap((pk) => state.refs.get(pk)!);
    const pages = pageRefs(all);
    for (const page of pages) if (!state.pages.has(page.ref.hash)) blobs.push(page.blob);
    state.pages = new Set(pages.map((page) => page.ref.hash));
    const manifest: Manifest = {
      format: SNAPSHOT_FORMAT,
      projectionVersion: PROJECTION_VERSION,
      every,
      position: checkpoint.position,
      chainHash: checkpoint.hash,
      maxRecordedAt: state.maxRecordedAt,
      pages: pages.map((page) => page.ref),
    };
    const manifestBlob = toBlob(manifest);
    await putAll(this.options.snapshots, blobs);
    await this.options.snapshots.putBlob(manifestBlob);
    const entry: SnapshotEntry = {
      position: manifest.position,
      manifest: manifestBlob.hash,
      chainHash: manifest.chainHash,
      maxRecordedAt: manifest.maxRecordedAt,
    };
    await this.options.snapshots.putEntry(entry);
    this.options.logger?.debug('snapshot written', { position: entry.position, blobs: blobs.length + 1 });
    // Lazily: the next snapshot starts from this one, with nothing in memory but its refs.
    if (state.views instanceof SnapshotViews) state.views = new SnapshotViews(this.options.snapshots, manifest);
    return entry;
  }
}

/** Several blobs in one batch, each checked against its address. */
async function fetchBlobs<T>(snapshots: SnapshotStore, hashes: string[], what: string): Promise<Map<string, T>> {
  const got = await snapshots.getBlobs(hashes);
  const out = new Map<string, T>();
  for (const hash of hashes) {
    const bytes = got.get(hash);
    if (!bytes) throw new Error(`snapshot ${what} ${hash} is missing`);
    out.set(hash, readBlob<T>(hash, bytes, what));
  }
  return out;
}

async function putAll(snapshots: SnapshotStore, blobs: Blob[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < blobs.length) await snapshots.putBlob(blobs[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(PUT_CONCURRENCY, blobs.length) }, worker));
}
