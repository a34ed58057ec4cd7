// State as of a moment: the log replayed into memory up to a position (or up to the
// last event recorded by an instant) with the very projection that builds the live views,
// starting from the nearest snapshot of the views when there is one (shared/snapshots).

import { MemoryViewStore } from '../projections/memory-view-store';
import { catchUp } from '../projections/projector';
import { UnitOfWork } from '../projections/unit-of-work';
import type { QueryOptions, ViewKey, ViewReader, ViewWriter } from '../projections/view-store';
import type { Logger } from '../runtime/logger';
import { SnapshotIntegrityError } from '../snapshots/format';
import { openSnapshot } from '../snapshots/open';
import type { SnapshotStore } from '../snapshots/snapshot-store';
import { noMisses, type SnapshotViews } from '../snapshots/snapshot-views';
import type { EventEnvelope, EventStore } from '../store/event-store';
import { ledgerProjection } from './ledger-projection';

export interface ReadState {
  views: ViewReader;
  position: number;
  hash: string;
  /** True for replayed (as-of) answers. */
  replayed: boolean;
  /** The snapshot the replay started from, when it started from one. */
  snapshot?: number;
}

export interface ReplayOptions {
  /** Snapshots to start from; without them (or when the one found fails its checks) the replay starts at position 1. */
  snapshots?: Pick<SnapshotStore, 'latest' | 'getBlob' | 'getBlobs'> | undefined;
  logger?: Logger | undefined;
}

/** The events up to the first one recorded after the instant (all of them without one). */
function recordedBy(events: EventEnvelope[], cutoff: number | undefined): EventEnvelope[] {
  const index = cutoff === undefined ? -1 : events.findIndex((e) => Date.parse(e.recordedAt) > cutoff);
  return index < 0 ? events : events.slice(0, index);
}

/** Replays the log into memory up to a position, or up to the last event recorded by an instant. */
export async function replayViews(
  store: Pick<EventStore, 'readAll'>,
  limit: { position?: number; asOf?: string },
  options: ReplayOptions = {},
): Promise<ReadState> {
  const cutoff = limit.asOf ? Date.parse(limit.asOf) : undefined;
  const bound = (reader: Pick<EventStore, 'readAll'>) =>
    cutoff === undefined
      ? reader
      : {
          // Stop at the first event recorded after the instant.
          async readAll(options: Parameters<EventStore['readAll']>[0]) {
            const page = await reader.readAll(options);
            const events = recordedBy(page.events, cutoff);
            return events.length === page.events.length ? page : { events, nextPosition: null };
          },
        };
  const start = await startFrom(store, limit, cutoff, options);
  const toPosition = limit.position !== undefined ? { toPosition: limit.position } : {};
  if (start) {
    const result = await catchUp(bound(start.events), start.views, ledgerProjection, toPosition);
    if (result.status !== 'failed') {
      const checkpoint = await start.views.checkpoint();
      // A chunk read later (by the query answering the request) may still fail its check:
      // that read is then answered from a full replay to the same position.
      const views = new CheckedViews(start.views, checkpoint.position, store, options.logger);
      return { views, position: checkpoint.position, hash: checkpoint.hash, replayed: true, snapshot: start.position };
    }
    if (!(result.error instanceof SnapshotIntegrityError)) throw result.error;
    options.logger?.error('a snapshot failed its checks; replaying from position 1', {
      position: start.position,
      error: result.error,
    });
  }
  const views = new MemoryViewStore();
  const result = await catchUp(bound(store), views, ledgerProjection, toPosition);
  if (result.status === 'failed') throw result.error;
  const checkpoint = await views.checkpoint();
  return { views, position: checkpoint.position, hash: checkpoint.hash, replayed: true };
}

/** Snapshot-based views that, when a snapshot blob fails its check, answer from a full replay instead. */
class CheckedViews implements ViewReader {
  private replayed: Promise<ViewReader> | null = null;

  constructor(
    private readonly primary: ViewReader,
    private readonly position: number,
    private readonly store: Pick<EventStore, 'readAll'>,
    private readonly logger: Logger | undefined,
  ) {}

  private async run<T>(read: (views: ViewReader) => Promise<T>): Promise<T> {
    if (this.replayed) return read(await this.replayed);
    try {
      return await read(this.primary);
    } catch (error) {
      if (!(error instanceof SnapshotIntegrityError)) throw error;
      this.logger?.error('a snapshot failed its checks; replaying from position 1', { position: this.position, error });
      this.replayed ??= replayViews(this.store, { position: this.position }).then((state) => state.views);
      return read(await this.replayed);
    }
  }

  get(pk: string, sk: string) {
    return this.run((views) => views.get(pk, sk));
  }
  getMany(keys: readonly ViewKey[]) {
    return this.run((views) => views.getMany(keys));
  }
  query(pk: string, prefix?: string, options?: QueryOptions) {
    return this.run((views) => views.query(pk, prefix, options));
  }
  checkpoint() {
    return this.primary.checkpoint();
  }
  projectorFailure() {
    return this.primary.projectorFailure();
  }
}

/** The nearest usable snapshot, or null; one that fails its checks is logged and passed over. */
async function startFrom(
  store: Pick<EventStore, 'readAll'>,
  limit: { position?: number },
  cutoff: number | undefined,
  options: ReplayOptions,
): Promise<{ views: ViewWriter; position: number; events: Pick<EventStore, 'readAll'> } | null> {
  const { snapshots } = options;
  if (!snapshots) return null;
  const entry = await snapshots.latest({
    atOrBefore: limit.position ?? Number.MAX_SAFE_INTEGER,
    recordedBy: cutoff === undefined ? undefined : new Date(cutoff).toISOString(),
  });
  if (!entry) return null;
  // The events after the snapshot are read while the snapshot is opened; the replay takes
  // that first page as it would have read it.
  const first = {
    fromPosition: entry.position + 1,
    limit: 500,
    ...(limit.position !== undefined ? { toPosition: limit.position } : {}),
  };
  const prefetched = store.readAll(first);
  prefetched.catch(() => {});
  const toReplay = async () => recordedBy((await prefetched).events, cutoff);
  const events = {
    readAll(options: Parameters<EventStore['readAll']>[0]) {
      const same =
        options?.fromPosition === first.fromPosition &&
        options.limit === first.limit &&
        options.toPosition === first.toPosition;
      return same ? prefetched : store.readAll(options);
    },
  };
  try {
    const views = await openSnapshot(store, snapshots, entry);
    await warmUp(views, await toReplay());
    return { views, position: entry.position, events };
  } catch (error) {
    if (!(error instanceof SnapshotIntegrityError)) throw error;
    options.logger?.error('a snapshot failed its checks; replaying from position 1', {
      position: entry.position,
      error,
    });
    return null;
  }
}

/**
 * Dry runs before a replay from a snapshot, each fetching what the one before found missing.
 * The second finds the reads that depend on documents the first fetched (a measure's executors);
 * a third would mostly confirm that nothing is missing, at the cost of a replay's CPU.
 */
const WARM_UP_ROUNDS = 2;

/**
 * Runs the projection over the events the replay will apply, against only what the snapshot has
 * loaded, to learn which documents they read; then fetches those together (the pages of the
 * partitions in one batch, then their chunks in another). Without it the replay fetches a page and
 * a chunk for each partition it meets, one after another. A read a dry run could not foresee
 * (it depends on a document not yet loaded) is found by the next round, or fetched by the replay.
 */
async function warmUp(views: SnapshotViews, events: readonly EventEnvelope[]): Promise<void> {
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    const misses = noMisses();
    const uow = new UnitOfWork(views.offline(misses));
    for (const event of events) {
      const mark = uow.mark();
      try {
        await ledgerProjection.apply(event, uow);
      } catch {
        // An event whose documents are not loaded yet may fail its dry run; the replay applies it for real.
        uow.rollback(mark);
      }
    }
    if (misses.pages.size === 0 && misses.chunks.size === 0) return;
    await views.prefetch(misses);
  }
}
