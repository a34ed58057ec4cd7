// Everything the SDK could not recover from (after its own retries) becomes a
// typed error: unavailable (503) for throttling, faults and timeouts.
import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { AppError } from '../errors';
import { StoreUnavailableError } from './errors';

const UNAVAILABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'TransactionInProgressException',
  'LimitExceededException',
]);

const NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|socket hang up|network/i;

export function toStoreError(error: unknown): Error {
  if (error instanceof AppError) return error;
  const name = error instanceof Error ? error.name : 'Unknown';
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code ?? '';
  if (UNAVAILABLE.has(name) || NETWORK.test(`${code} ${message}`) || name === 'ResourceNotFoundException') {
    return new StoreUnavailableError(`the event store is unavailable (${name})`, name);
  }
  return error instanceof Error ? error : new Error(message);
}

/** Runs one SDK call, turning what the SDK could not recover from into a typed error. */
export async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toStoreError(error);
  }
}

/** Every item a Query matches, page after page (each page one `call`); stop early by leaving the loop. */
export async function* queryItems(
  client: DynamoDBClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): AsyncIterable<Record<string, AttributeValue>> {
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const out = await call(() => client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey })));
    yield* out.Items ?? [];
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}
