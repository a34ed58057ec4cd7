// State as of a moment: the log replayed into memory up to a position (or up to the
// last event recorded by an instant) with the very projection that builds the live views.

import { MemoryViewStore } from '../projections/memory-view-store';
import { catchUp } from '../projections/projector';
import type { ViewReader } from '../projections/view-store';
import type { EventEnvelope, EventStore } from '../store/event-store';
import { ledgerProjection } from './ledger-projection';

export interface ReadState {
  views: ViewReader;
  position: number;
  hash: string;
  /** True for replayed (as-of) answers. */
  replayed: boolean;
}

/** Replays the log into memory up to a position, or up to the last event recorded by an instant. */
export async function replayViews(
  store: Pick<EventStore, 'readAll'>,
  limit: { position?: number; asOf?: string },
): Promise<ReadState> {
  const views = new MemoryViewStore();
  const cutoff = limit.asOf ? Date.parse(limit.asOf) : undefined;
  const bounded =
    cutoff === undefined
      ? store
      : {
          // Stop at the first event recorded after the instant.
          async readAll(options: Parameters<EventStore['readAll']>[0]) {
            const page = await store.readAll(options);
            const index = page.events.findIndex((e: EventEnvelope) => Date.parse(e.recordedAt) > cutoff);
            return index < 0 ? page : { events: page.events.slice(0, index), nextPosition: null };
          },
        };
  const result = await catchUp(
    bounded,
    views,
    ledgerProjection,
    limit.position !== undefined ? { toPosition: limit.position } : {},
  );
  if (result.status === 'failed') throw result.error;
  const checkpoint = await views.checkpoint();
  return { views, position: checkpoint.position, hash: checkpoint.hash, replayed: true };
}
