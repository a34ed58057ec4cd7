// Lambda entry point of the projector, triggered by the event table's stream and every
// 5 minutes by a schedule ({ task: 'wake' }): either only wakes it; it reads the log from
// the views' checkpoint. The schedule lets the snapshots catch up when nobody writes.
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { batchResponse, wake } from '../shared/projections/wake';
import { Snapshotter } from '../shared/snapshots/snapshotter';
import { ledgerProjection } from '../shared/views/ledger-projection';
import { systemFromEnv } from './lib/system';

const { system, logger, metrics, instrument } = systemFromEnv('projector');
// Kept across invocations: a warm container writes the next snapshot without loading the last.
const snapshotter = new Snapshotter({ store: system.store, snapshots: system.snapshots, logger });

/** A batch of the log's stream, or the schedule's wake. */
type Wake = DynamoDBStreamEvent | { task: 'wake'; Records?: undefined };

export const handler = instrument(async (event: Wake) => {
  const result = await wake({
    store: system.store,
    views: () => system.views(),
    projection: ledgerProjection,
    logger,
    metrics,
    tree: system.tree,
    snapshotter,
  });
  return batchResponse(result, event.Records?.[0]?.dynamodb?.SequenceNumber);
});
