// One rebuild at a time: a lease item in the views table, taken with a conditional
// put and given back at the end. It expires on its own (longer than a Lambda can
// run), so a crashed rebuild never blocks the next one for good.

import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { AppError } from '../errors';
import { call } from '../store/dynamo-errors';

const LOCK_KEY = { pk: { S: '_meta' }, sk: { S: 'rebuild-lock' } };
/** Longer than the 15 minutes a Lambda may run. */
export const REBUILD_LEASE_MS = 20 * 60 * 1000;

export class RebuildInProgressError extends AppError {
  readonly status = 409;
}

export async function acquireRebuildLock(
  client: DynamoDBClient,
  table: string,
  now: number,
): Promise<() => Promise<void>> {
  const owner = randomUUID();
  try {
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: { ...LOCK_KEY, owner: { S: owner }, expiresAt: { N: String(now + REBUILD_LEASE_MS) } },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': { N: String(now) } },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new RebuildInProgressError(
        'rebuild_in_progress',
        'Another rebuild is running; its lease expires within 20 minutes if it died.',
      );
    }
    throw error;
  }
  return async () => {
    await call(() =>
      client.send(
        new DeleteItemCommand({
          TableName: table,
          Key: LOCK_KEY,
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': { S: owner } },
        }),
      ),
    ).catch(() => undefined); // expired and taken over: nothing of ours to release
  };
}
