// The projector's entry, for Lambda (DynamoDB Streams) and the local loop alike:
// a wake-up says only "the log may have grown"; the records themselves are ignored.

import { METRIC } from '../config/observability';
import type { MerkleLog } from '../merkle/merkle-log';
import type { Logger } from '../runtime/logger';
import type { Metrics } from '../runtime/metrics';
import type { Snapshotter } from '../snapshots/snapshotter';
import type { EventStore } from '../store/event-store';
import { type CatchUpResult, catchUp, type Projection } from './projector';
import { advanceTree } from './tree-follower';
import type { ViewWriter } from './view-store';

export interface WakeDeps {
  store: EventStore;
  views: () => Promise<ViewWriter>;
  projection: Projection;
  logger: Logger;
  now?: () => Date;
  /**
   * Where each wake reports ProjectorBatch (events applied), ProjectorLag (events between
   * the head and the checkpoint afterwards; one extra read of the head) and ProjectorFailed.
   */
  metrics?: Metrics;
  /** The Merkle tree over the log, extended to the views' position after each catch-up. */
  tree?: MerkleLog;
  /**
   * Writes the snapshots of the views (every K positions) up to the views' position after each
   * catch-up, until the log moves past the views (new events wait for the next wake) or
   * `stopping` says so, at least one when one is due.
   */
  snapshotter?: Snapshotter;
  /** The process is shutting down (the local loop's Ctrl-C): the snapshots stop after the one being written. */
  stopping?: () => boolean;
}

/** Catches the active views up with the log; repeats while other writers keep appending. */
export async function wake(deps: WakeDeps): Promise<CatchUpResult> {
  const views = await deps.views();
  const result = await catchUp(deps.store, views, deps.projection, { logger: deps.logger });
  if (result.status === 'caught-up' && result.applied > 0) {
    deps.logger.debug('views caught up', { applied: result.applied, position: result.checkpoint.position });
    // Past whatever stopped it before: /health is ok again.
    await views.recordFailure(null);
  }
  if (result.status === 'failed') await recordStuck(views, result, deps.now ?? (() => new Date()));
  if (deps.tree) await followTree(deps, deps.tree, result.checkpoint.position);
  if (deps.snapshotter) await followSnapshots(deps, deps.snapshotter, result.checkpoint.position);
  if (deps.metrics) await report(deps, deps.metrics, result);
  return result;
}

/**
 * The tree is extended after the views, up to what they reflect. A failure here does not
 * undo or stop the views: it is logged and counted (TreeFailed, an alarm) and the next
 * wake resumes from the tree's own head. A TileConflictError means the stored tree and
 * the log disagree, which `npm run audit -- verify` then names by tile.
 */
async function followTree(deps: WakeDeps, tree: MerkleLog, position: number): Promise<void> {
  try {
    await advanceTree(tree, deps.store, position);
  } catch (error) {
    deps.logger.error('the Merkle tree could not catch up with the views', { position, error });
    deps.metrics?.count(METRIC.treeFailed);
  }
}

/**
 * Snapshots follow the views like the tree: a failure (DynamoDB, a snapshot that fails its
 * checks) is logged and counted (SnapshotFailed, an alarm), never undoes or stops the views;
 * as-of reads then start from an older snapshot, and the next wake tries again. They give way
 * to the views: after each snapshot, one read of the head says whether events were appended
 * past what the views hold; if so the wake ends, so that the next one (the Streams batch
 * waiting behind this invocation, or the local loop's) applies them. The snapshots go on
 * from where they stopped on the next wake.
 */
async function followSnapshots(deps: WakeDeps, snapshotter: Snapshotter, position: number): Promise<void> {
  const yieldTo = async () => {
    if (deps.stopping?.() === true) return true;
    try {
      return (await deps.store.head()).position > position;
    } catch (error) {
      // Not a snapshot failure: give way, and the next wake goes on from this snapshot.
      deps.logger.warn('could not read the head between snapshots; the next wake goes on', { error });
      return true;
    }
  };
  try {
    await snapshotter.advance(position, yieldTo);
  } catch (error) {
    deps.logger.error('a snapshot of the views could not be written', { position, error });
    deps.metrics?.count(METRIC.snapshotFailed);
  }
}

/** Where the projector is stuck, for /health and the alarm; `since` stays that of the first failure there. */
async function recordStuck(
  views: ViewWriter,
  result: Extract<CatchUpResult, { status: 'failed' }>,
  now: () => Date,
): Promise<void> {
  const before = await views.projectorFailure();
  const error = result.error as Error & { code?: unknown };
  await views.recordFailure({
    position: result.failedAt,
    type: result.event.type,
    streamId: result.event.streamId,
    code: typeof error.code === 'string' ? error.code : error.name,
    message: error.message.slice(0, 500),
    since: before?.position === result.failedAt ? before.since : now().toISOString(),
  });
}

async function report(deps: WakeDeps, metrics: Metrics, result: CatchUpResult): Promise<void> {
  metrics.observe(METRIC.projectorBatch, result.applied, 'Count');
  // The views are stuck at this event until someone fixes the projection (an alarm).
  if (result.status === 'failed') metrics.count(METRIC.projectorFailed);
  try {
    const head = await deps.store.head();
    metrics.observe(METRIC.projectorLag, Math.max(0, head.position - result.checkpoint.position), 'Count');
  } catch (error) {
    // The lag is a measurement; failing to take it must not fail the wake.
    deps.logger.warn('could not read the head to measure the projector lag', { error });
  }
}

/** The Lambda answer for a Streams batch: on failure, ask for the whole batch again. */
export function batchResponse(result: CatchUpResult, firstSequenceNumber: string | undefined) {
  if (result.status !== 'failed' || firstSequenceNumber === undefined) return { batchItemFailures: [] };
  return { batchItemFailures: [{ itemIdentifier: firstSequenceNumber }] };
}
