// Lambda entry point of the projector, triggered by the event table's stream.
// The records only wake it; it reads the log from the views' checkpoint.
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { batchResponse, wake } from '../shared/projections/wake';
import { ledgerProjection } from '../shared/views/ledger-projection';
import { systemFromEnv } from './lib/system';

const { system, logger, metrics, instrument } = systemFromEnv('projector');

export const handler = instrument(async (event: DynamoDBStreamEvent) => {
  const result = await wake({
    store: system.store,
    views: () => system.views(),
    projection: ledgerProjection,
    logger,
    metrics,
    tree: system.tree,
  });
  return batchResponse(result, event.Records[0]?.dynamodb?.SequenceNumber);
});
