// The projector: reads the log from the views' checkpoint in position order and
// applies each event once, committing view changes together with the checkpoint.
// Stream records (or a timer) only wake it up, so duplicates, reordering, late or
// missing records cannot change the result.

import type { Logger } from '../runtime/logger';
import type { EventEnvelope, EventStore } from '../store/event-store';
import { UnitOfWork, type ViewTx } from './unit-of-work';
import { type Checkpoint, CheckpointMovedError, type ViewWriter } from './view-store';

export interface Projection {
  /** Applies one event. Must not throw on a known event; unknown types are ignored. */
  apply(event: EventEnvelope, tx: ViewTx): Promise<void>;
}

export interface CatchUpOptions {
  /** Stop after this position (as-of replays); the head when omitted. */
  toPosition?: number;
  pageSize?: number;
  logger?: Logger;
  /** Called after each commit. */
  onProgress?: (progress: { applied: number; position: number }) => void;
}

export type CatchUpResult =
  | { status: 'caught-up'; applied: number; checkpoint: Checkpoint }
  | { status: 'superseded'; applied: number; checkpoint: Checkpoint }
  | {
      status: 'failed';
      applied: number;
      checkpoint: Checkpoint;
      failedAt: number;
      event: { type: string; streamId: string };
      error: Error;
    };

export async function catchUp(
  store: Pick<EventStore, 'readAll'>,
  views: ViewWriter,
  projection: Projection,
  options: CatchUpOptions = {},
): Promise<CatchUpResult> {
  let checkpoint = await views.checkpoint();
  let applied = 0;
  const uow = new UnitOfWork(views);
  let pending: Checkpoint = checkpoint;
  let pendingCount = 0;

  const flush = async () => {
    if (pending.position === checkpoint.position) return;
    await views.commit(uow.changes(), checkpoint, pending);
    uow.clear();
    checkpoint = pending;
    applied += pendingCount;
    pendingCount = 0;
    options.onProgress?.({ applied, position: checkpoint.position });
  };

  try {
    let from: number | null = checkpoint.position + 1;
    while (from !== null) {
      if (options.toPosition !== undefined && from > options.toPosition) break;
      const page = await store.readAll({
        fromPosition: from,
        limit: options.pageSize ?? 500,
        ...(options.toPosition !== undefined ? { toPosition: options.toPosition } : {}),
      });
      for (const event of page.events) {
        if (event.position !== pending.position + 1) {
          throw new Error(`the log skipped from ${pending.position} to ${event.position}`);
        }
        const mark = uow.mark();
        try {
          await projection.apply(event, uow);
        } catch (error) {
          // Keep what came before N, leave N and everything after it for the next wake-up.
          uow.rollback(mark);
          await flush();
          const failure = error instanceof Error ? error : new Error(String(error));
          options.logger?.error('projection failed; stopping before this event', {
            position: event.position,
            type: event.type,
            streamId: event.streamId,
            error: failure,
          });
          return {
            status: 'failed',
            applied,
            checkpoint,
            failedAt: event.position,
            event: { type: event.type, streamId: event.streamId },
            error: failure,
          };
        }
        pending = { position: event.position, hash: event.hash };
        pendingCount++;
        if (uow.full) await flush();
      }
      from = page.nextPosition;
    }
    await flush();
    return { status: 'caught-up', applied, checkpoint };
  } catch (error) {
    if (error instanceof CheckpointMovedError) {
      options.logger?.info('another projector moved the checkpoint; leaving the work to it', {
        at: checkpoint.position,
      });
      return { status: 'superseded', applied, checkpoint: await views.checkpoint() };
    }
    throw error;
  }
}
