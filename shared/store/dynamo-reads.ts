// Reads of the events table: a stream through its index (checked against its tip and
// the log items it points to), and the log itself bucket by bucket.
import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { backoffMs } from './append-plan';
import { GENESIS_HASH } from './canonical';
import { call } from './dynamo-errors';
import {
  envelopeFromItem,
  type IndexEntry,
  indexEntriesFromItem,
  keys,
  LOG_BUCKET_SIZE,
  TIP_SK,
  tipFromItem,
} from './dynamo-items';
import { InvalidAppendError, StoreInconsistentError, StoreUnavailableError } from './errors';
import type { EventEnvelope, Head, ReadAllOptions, ReadAllPage, ReadStreamOptions, StreamTip } from './event-store';

type Item = Record<string, AttributeValue>;
const EMPTY_TIP: StreamTip = { version: 0, position: 0, hash: GENESIS_HASH };

async function queryPartition(client: DynamoDBClient, table: string, pk: string, from: number, to: number) {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const out = await call(() =>
      client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': { S: pk }, ':from': { N: String(from) }, ':to': { N: String(to) } },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

async function getTip(client: DynamoDBClient, table: string, streamId: string): Promise<Item | undefined> {
  const out = await call(() =>
    client.send(new GetItemCommand({ TableName: table, Key: keys.tip(streamId), ConsistentRead: true })),
  );
  return out.Item;
}

/** The stream's first index item after version `to`: the run holding `to` when one runs past it. */
async function runAfter(client: DynamoDBClient, table: string, pk: string, to: number): Promise<Item | undefined> {
  const out = await call(() =>
    client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND sk > :to',
        ExpressionAttributeValues: { ':pk': { S: pk }, ':to': { N: String(to) } },
        ConsistentRead: true,
        Limit: 1,
      }),
    ),
  );
  const item = out.Items?.[0];
  return item === undefined || Number(item.sk?.N) === TIP_SK ? undefined : item;
}

const isTip = (item: Item) => Number(item.sk?.N) === TIP_SK;

/**
 * A stream's events from `fromVersion` (to `toVersion`, or its end), with its tip. Each
 * index item covers a run of versions and is keyed by its last, so the query from
 * `fromVersion` returns the run holding it first; a bounded read also fetches the run
 * holding `toVersion`. Runs must not overlap, the index must run without a gap up to the
 * tip, and every version must point at a log item of this stream, at that version and
 * position, with that hash; the tip must name the last event. Anything else is a
 * StoreInconsistentError: nothing is decided on it.
 */
export async function readStreamChecked(
  client: DynamoDBClient,
  table: string,
  streamId: string,
  options: ReadStreamOptions = {},
): Promise<{ events: EventEnvelope[]; tip: StreamTip }> {
  const from = Math.max(1, options.fromVersion ?? 1);
  const to = options.toVersion === undefined ? undefined : Math.min(options.toVersion, TIP_SK - 1);
  const pk = keys.streamPk(streamId);
  const empty = to !== undefined && to < from;
  // Open-ended: one query returns the index from `from` and the tip, which sorts last.
  const [items, after, separateTip] = await Promise.all([
    empty ? [] : queryPartition(client, table, pk, from, to ?? TIP_SK),
    to === undefined || empty ? undefined : runAfter(client, table, pk, to),
    to === undefined ? undefined : getTip(client, table, streamId),
  ]);
  const tipItem = to === undefined ? items.find(isTip) : separateTip;
  const tip = tipItem === undefined ? EMPTY_TIP : tipFromItem(tipItem);
  if (tip === null) throw new StoreInconsistentError(streamId, 'its tip item is malformed');
  if (empty) return { events: [], tip };
  const runs = [...items.filter((item) => !isTip(item)), ...(after ? [after] : [])];
  const entries = expandRuns(streamId, runs).filter(
    (entry) => entry.version >= from && (to === undefined || entry.version <= to),
  );
  checkIndex(streamId, entries, tip, from, to);
  const events = await getByPositions(client, table, [...new Set(entries.map((entry) => entry.position))]);
  const sorted = matchLog(streamId, entries, events);
  const last = sorted[sorted.length - 1];
  if (last && last.version === tip.version && (last.position !== tip.position || last.hash !== tip.hash)) {
    throw new StoreInconsistentError(streamId, `its tip does not name its last event (version ${tip.version})`);
  }
  return { events: sorted, tip };
}

/** The versions of index items in key order, each checked, none covered twice. */
function expandRuns(streamId: string, items: Item[]): IndexEntry[] {
  const entries: IndexEntry[] = [];
  for (const item of items) {
    const run = indexEntriesFromItem(item);
    const previous = entries[entries.length - 1]?.version;
    if (previous !== undefined && run.first <= previous) {
      throw new StoreInconsistentError(
        streamId,
        `its index items overlap: one from version ${run.first} follows one ending at version ${previous}`,
      );
    }
    entries.push(...run.entries);
  }
  return entries;
}

/** The events the entries point at, in version order: each of this stream, at that version, with that hash. */
function matchLog(streamId: string, entries: IndexEntry[], events: EventEnvelope[]): EventEnvelope[] {
  const byPosition = new Map(events.map((event) => [event.position, event]));
  return entries.map((entry) => {
    const event = byPosition.get(entry.position);
    if (!event)
      throw new StoreInconsistentError(
        streamId,
        `version ${entry.version} points at position ${entry.position}, which holds no event`,
      );
    if (event.streamId !== streamId || event.version !== entry.version) {
      throw new StoreInconsistentError(
        streamId,
        `version ${entry.version} points at position ${entry.position}, which holds ${event.streamId} version ${event.version}`,
      );
    }
    if (entry.hash !== null && entry.hash !== event.hash) {
      throw new StoreInconsistentError(streamId, `the index hash of version ${entry.version} is not the event's hash`);
    }
    return event;
  });
}

function checkIndex(streamId: string, entries: IndexEntry[], tip: StreamTip, from: number, to: number | undefined) {
  if (tip.version === 0 && entries.length > 0) {
    throw new StoreInconsistentError(streamId, `it has index items (version ${entries[0]!.version}…) but no tip`);
  }
  const end = Math.min(to ?? tip.version, tip.version);
  const beyond = entries.find((entry) => entry.version > tip.version);
  if (beyond) {
    throw new StoreInconsistentError(
      streamId,
      `its index has version ${beyond.version}, past its tip (${tip.version})`,
    );
  }
  for (let version = from, i = 0; version <= end; version++, i++) {
    if (entries[i]?.version !== version) {
      throw new StoreInconsistentError(streamId, `version ${version} is missing from its index (tip: ${tip.version})`);
    }
  }
}

/** BatchGetItem calls one read keeps in flight: a long stream loads in parallel, within bounds. */
export const READ_CONCURRENCY = 8;

/**
 * Items by key, strongly consistent, 100 keys per call and at most READ_CONCURRENCY calls
 * at once, unprocessed keys retried. In no particular order.
 */
export async function getItems(client: DynamoDBClient, table: string, itemKeys: Item[]): Promise<Item[]> {
  const batches: Item[][] = [];
  for (let i = 0; i < itemKeys.length; i += 100) batches.push(itemKeys.slice(i, i + 100));
  const found: Item[][] = [];
  let next = 0;
  // Once one batch has failed the read has: the others take no more batches.
  let failed = false;
  const worker = async () => {
    while (!failed && next < batches.length) {
      try {
        found.push(await getBatch(client, table, batches[next++]!));
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, batches.length) }, worker));
  return found.flat();
}

async function getBatch(client: DynamoDBClient, table: string, batch: Item[]): Promise<Item[]> {
  const found: Item[] = [];
  let request: Record<string, { Keys: Item[]; ConsistentRead: boolean }> | undefined = {
    [table]: { Keys: batch, ConsistentRead: true },
  };
  for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
    if (attempt > 8) throw new StoreUnavailableError('DynamoDB kept leaving keys unprocessed', 'UnprocessedKeys');
    if (attempt > 0) await new Promise((r) => setTimeout(r, backoffMs(attempt, 20, 1000)));
    const current = request;
    const out = await call(() => client.send(new BatchGetItemCommand({ RequestItems: current })));
    found.push(...(out.Responses?.[table] ?? []));
    request = out.UnprocessedKeys as typeof request;
  }
  return found;
}

/** Log items by position (see getItems). */
export async function getByPositions(
  client: DynamoDBClient,
  table: string,
  positions: number[],
): Promise<EventEnvelope[]> {
  return (
    await getItems(
      client,
      table,
      positions.map((p) => keys.log(p)),
    )
  ).map(envelopeFromItem);
}

/** One page of the log, in position order, up to the head read before. */
export async function readAllFrom(
  client: DynamoDBClient,
  table: string,
  head: Head,
  options: ReadAllOptions = {},
): Promise<ReadAllPage> {
  const from = options.fromPosition ?? 1;
  const limit = options.limit ?? 500;
  if (!(Number.isSafeInteger(from) && from >= 1))
    throw new InvalidAppendError('invalid_position', 'fromPosition must be a positive integer');
  if (!(Number.isSafeInteger(limit) && limit >= 1 && limit <= 1000))
    throw new InvalidAppendError('invalid_limit', 'limit must be 1..1000');
  const to = Math.min(options.toPosition ?? head.position, head.position, from + limit - 1);
  const events: EventEnvelope[] = [];
  for (
    let bucket = Math.floor(from / LOG_BUCKET_SIZE);
    from <= to && bucket <= Math.floor(to / LOG_BUCKET_SIZE);
    bucket++
  ) {
    const items = await queryPartition(
      client,
      table,
      keys.logBucket(bucket),
      Math.max(from, bucket * LOG_BUCKET_SIZE),
      to,
    );
    for (const item of items) events.push(envelopeFromItem(item));
  }
  const end = options.toPosition ?? head.position;
  return { events, nextPosition: to < Math.min(end, head.position) ? to + 1 : null };
}
