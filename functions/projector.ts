// Lambda entry point of the projector, triggered by the event table's stream.
// The records only wake it; it reads the log from the views' checkpoint.
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { batchResponse, wake } from '../shared/projections/wake';
import { Snapshotter } from '../shared/snapshots/snapshotter';
import { ledgerProjection } from '../shared/views/ledger-projection';
import { systemFromEnv } from './lib/system';

const { system, logger, metrics, instrument } = systemFromEnv('projector');
// Kept across invocations: a warm container writes the next snapshot without loading the last.
const snapshotter = new Snapshotter({ store: system.store, snapshots: system.snapshots, logger });

export const handler = instrument(async (event: DynamoDBStreamEvent) => {
  const result = await wake({
    store: system.store,
    views: () => system.views(),
    projection: ledgerProjection,
    logger,
    metrics,
    tree: system.tree,
    snapshotter,
  });
  return batchResponse(result, event.Records[0]?.dynamodb?.SequenceNumber);
});
