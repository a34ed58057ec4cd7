// The projector's entry, for Lambda (DynamoDB Streams) and the local loop alike:
// a wake-up says only "the log may have grown"; the records themselves are ignored.

import { METRIC } from '../config/observability';
import type { Logger } from '../runtime/logger';
import type { Metrics } from '../runtime/metrics';
import type { EventStore } from '../store/event-store';
import { type CatchUpResult, catchUp, type Projection } from './projector';
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
  if (deps.metrics) await report(deps, deps.metrics, result);
  return result;
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
