// The projector: reads the log from the views' checkpoint in position order and
// applies each event once, committing view changes together with the checkpoint.
// Stream records (or a timer) only wake it up, so duplicates, reordering, late or
// missing records cannot change the result.

import type { Logger } from '../runtime/logger';
import { StoreUnavailableError } from '../store/errors';
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

/** A commit the views store refused for a reason that waiting will not change. */
class CommitRefused extends Error {
  constructor(readonly refusal: Error) {
    super(refusal.message);
  }
}

/**
 * Runs a commit. DynamoDB being unavailable (or throttling, or a conflicting writer) and
 * another projector having moved the checkpoint stay exceptions (the wake is retried, or
 * left to the other); anything else (a transaction DynamoDB rejects, an event that cannot
 * be split) is the projector being stuck, reported as a failure at that event.
 */
async function committing(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (error instanceof StoreUnavailableError || error instanceof CheckpointMovedError) throw error;
    throw new CommitRefused(error instanceof Error ? error : new Error(String(error)));
  }
}

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
  /** The first event of the pending commit: the one named when that commit, of it alone, fails. */
  let firstPending: EventEnvelope | null = null;
  /** After a commit of several events was refused: up to here, each event gets its own commit. */
  let oneByOneUntil = 0;

  const committed = () => {
    uow.clear();
    checkpoint = pending;
    applied += pendingCount;
    pendingCount = 0;
    firstPending = null;
    options.onProgress?.({ applied, position: checkpoint.position });
  };
  const flush = async () => {
    if (pending.position === checkpoint.position) return;
    await committing(() => views.commit(uow.changes(), checkpoint, pending));
    committed();
  };
  /**
   * One event whose changes do not fit one commit: the documents it did not read first,
   * then those it read with the checkpoint (UnitOfWork.split says why a crash in between
   * is safe). Readers of the views may meanwhile see the first parts without the last.
   */
  const commitSplit = async (event: EventEnvelope) => {
    await committing(async () => {
      const { parts, last } = uow.split();
      options.logger?.info('an event too large for one commit is written in parts', {
        position: event.position,
        type: event.type,
        commits: parts.length + 1,
      });
      for (const part of parts) await views.commitPart(part, checkpoint);
      await views.commit(last, checkpoint, pending);
    });
    committed();
  };
  /** Applies one event on top of what is pending; on a throw, nothing of it is kept. */
  const apply = async (event: EventEnvelope): Promise<Error | null> => {
    const mark = uow.mark();
    try {
      await projection.apply(event, uow);
      return null;
    } catch (error) {
      uow.rollback(mark);
      return error instanceof Error ? error : new Error(String(error));
    }
  };
  const failed = (event: EventEnvelope, error: Error): CatchUpResult => {
    options.logger?.error('projection failed; stopping before this event', {
      position: event.position,
      type: event.type,
      streamId: event.streamId,
      error,
    });
    return {
      status: 'failed',
      applied,
      checkpoint,
      failedAt: event.position,
      event: { type: event.type, streamId: event.streamId },
      error,
    };
  };
  /** One event: applied, and committed when the pending changes call for it; a result when the run ends here. */
  const step = async (event: EventEnvelope): Promise<CatchUpResult | null> => {
    if (event.position !== pending.position + 1) {
      throw new Error(`the log skipped from ${pending.position} to ${event.position}`);
    }
    const mark = uow.mark();
    let error = await apply(event);
    if (error === null && uow.over && pendingCount > 0) {
      // It would take the commit past a limit: commit what came before, then apply it alone.
      uow.rollback(mark);
      await flush();
      error = await apply(event);
    }
    if (error !== null) {
      // Keep what came before N, leave N and everything after it for the next wake-up.
      await flush();
      return failed(event, error);
    }
    pending = { position: event.position, hash: event.hash };
    if (pendingCount === 0) firstPending = event;
    pendingCount++;
    if (uow.over) await commitSplit(event);
    else if (uow.full || event.position <= oneByOneUntil) await flush();
    return null;
  };

  let from: number | null = checkpoint.position + 1;
  for (;;) {
    try {
      if (from === null || (options.toPosition !== undefined && from > options.toPosition)) {
        await flush();
        return { status: 'caught-up', applied, checkpoint };
      }
      const page = await store.readAll({
        fromPosition: from,
        limit: options.pageSize ?? 500,
        ...(options.toPosition !== undefined ? { toPosition: options.toPosition } : {}),
      });
      for (const event of page.events) {
        const ended = await step(event);
        if (ended) return ended;
      }
      from = page.nextPosition;
    } catch (error) {
      if (error instanceof CheckpointMovedError) {
        options.logger?.info('another projector moved the checkpoint; leaving the work to it', {
          at: checkpoint.position,
        });
        return { status: 'superseded', applied, checkpoint: await views.checkpoint() };
      }
      if (!(error instanceof CommitRefused)) throw error;
      if (pendingCount <= 1) {
        if (firstPending === null) throw error.refusal; // nothing was pending: not a commit of an event
        return failed(firstPending, error.refusal);
      }
      // A commit of several events: again from the checkpoint, one event a commit, to name the one at fault.
      options.logger?.warn('a commit of several events was refused; retrying them one at a time', {
        from: checkpoint.position + 1,
        to: pending.position,
        error: error.refusal,
      });
      oneByOneUntil = pending.position;
      uow.clear();
      pending = checkpoint;
      pendingCount = 0;
      firstPending = null;
      from = checkpoint.position + 1;
    }
  }
}
