// Rebuilds the views from the whole log into a fresh generation of the views table,
// with the same catchUp the live projector uses, then points readers at it. Readers
// keep using the active generation until the switch; the old one is deleted after.
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { Logger } from '../runtime/logger';
import { backoffMs } from '../store/append-plan';
import type { EventStore } from '../store/event-store';
import { DynamoViewStore } from './dynamo-view-store';
import { type CatchUpResult, catchUp, type Projection } from './projector';
import { acquireRebuildLock } from './rebuild-lock';

type Item = Record<string, AttributeValue>;

export interface RebuildProgress {
  phase: 'replay' | 'final';
  generation: number;
  /** Events applied to the new generation so far. */
  applied: number;
  position: number;
  /** The log head as last read (it may grow while the rebuild runs). */
  head: number;
  eventsPerSecond: number;
  /** Seconds to reach the head at the current rate; null before the rate is known. */
  etaSeconds: number | null;
}

export interface RebuildReport {
  previousGeneration: number;
  generation: number;
  applied: number;
  position: number;
  hash: string;
  /** Start to finish, clearing and deleting generations included. */
  elapsedMs: number;
  /** Over the replay and the final catch-up only. */
  eventsPerSecond: number;
  /** Items of the previous generation deleted; null when kept. */
  deletedItems: number | null;
}

export interface RebuildDeps {
  store: Pick<EventStore, 'readAll' | 'head'>;
  client: DynamoDBClient;
  table: string;
  projection: Projection;
  logger?: Logger;
  now?: () => number;
}

export interface RebuildOptions {
  /** Leave the previous generation's items in the table (they are deleted by default). */
  keepOld?: boolean;
  onProgress?: (progress: RebuildProgress) => void;
  /** Report progress at most this often (default: after every commit). */
  progressEveryMs?: number;
  pageSize?: number;
}

export class RebuildError extends Error {
  constructor(
    message: string,
    readonly result: CatchUpResult,
  ) {
    super(message);
    this.name = 'RebuildError';
  }
}

export async function rebuildViews(deps: RebuildDeps, options: RebuildOptions = {}): Promise<RebuildReport> {
  const release = await acquireRebuildLock(deps.client, deps.table, Date.now());
  try {
    return await rebuildUnderLock(deps, options);
  } finally {
    await release();
  }
}

async function rebuildUnderLock(deps: RebuildDeps, options: RebuildOptions): Promise<RebuildReport> {
  const now = deps.now ?? Date.now;
  const started = now();
  const previous = await DynamoViewStore.activeGeneration(deps.client, deps.table);
  const generation = previous + 1;
  // Whatever a crashed rebuild left in this generation may come from other code: start clean.
  const leftovers = await dropGeneration(deps.client, deps.table, generation);
  if (leftovers > 0) deps.logger?.warn('cleared an unfinished earlier rebuild', { generation, items: leftovers });
  const views = new DynamoViewStore(deps.client, deps.table, generation);
  const progress = progressReporter(deps, options, generation, now);
  await progress.refreshHead();

  const replayStarted = now();
  const first = await run(deps, views, options, 'replay', (p) => progress.report('replay', p));
  // Someone may have switched generations meanwhile (another rebuild): never switch back.
  const active = await DynamoViewStore.activeGeneration(deps.client, deps.table);
  if (active !== previous)
    throw new RebuildError(`generation ${active} became active during the rebuild; not switching`, first);
  await DynamoViewStore.activate(deps.client, deps.table, generation);
  deps.logger?.info('readers switched to the rebuilt views', { generation, position: first.checkpoint.position });
  // Events appended between the last page read and the switch.
  const final = await run(deps, views, options, 'final', (p) =>
    progress.report('final', { ...p, applied: first.applied + p.applied }),
  );
  const replayMs = now() - replayStarted;

  const deletedItems = options.keepOld ? null : await dropGeneration(deps.client, deps.table, previous);
  if (deletedItems !== null)
    deps.logger?.info('deleted the previous generation', { generation: previous, items: deletedItems });
  const applied = first.applied + final.applied;
  return {
    previousGeneration: previous,
    generation,
    applied,
    position: final.checkpoint.position,
    hash: final.checkpoint.hash,
    elapsedMs: now() - started,
    eventsPerSecond: replayMs > 0 ? Math.round((applied * 1000) / replayMs) : applied,
    deletedItems,
  };
}

async function run(
  deps: RebuildDeps,
  views: DynamoViewStore,
  options: RebuildOptions,
  phase: RebuildProgress['phase'],
  onProgress: (p: { applied: number; position: number }) => void,
) {
  const result = await catchUp(deps.store, views, deps.projection, {
    onProgress,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });
  const readers =
    phase === 'replay' ? 'readers stay on the current views' : `readers already use generation ${views.generation}`;
  if (result.status === 'failed') {
    throw new RebuildError(
      `the rebuild stopped at position ${result.failedAt}: ${result.error.message}; ${readers}`,
      result,
    );
  }
  // After the switch the live projector serves this generation too; if it moved first, it carries on.
  if (result.status === 'superseded' && phase === 'replay') {
    throw new RebuildError(
      `another process wrote to generation ${views.generation} during the rebuild; ${readers}`,
      result,
    );
  }
  return result;
}

function progressReporter(deps: RebuildDeps, options: RebuildOptions, generation: number, now: () => number) {
  const started = now();
  let head = 0;
  let lastReport = -Infinity;
  let lastHeadRead = now();
  const refreshHead = async () => {
    head = Math.max(head, (await deps.store.head()).position);
  };
  return {
    refreshHead,
    report(phase: RebuildProgress['phase'], p: { applied: number; position: number }) {
      const t = now();
      if (t - lastHeadRead > 5_000) {
        lastHeadRead = t;
        void refreshHead().catch(() => {}); // only the ETA depends on it
      }
      if (!options.onProgress || t - lastReport < (options.progressEveryMs ?? 0)) return;
      lastReport = t;
      head = Math.max(head, p.position);
      const seconds = (t - started) / 1000;
      const rate = seconds > 0 ? p.applied / seconds : 0;
      options.onProgress({
        phase,
        generation,
        applied: p.applied,
        position: p.position,
        head,
        eventsPerSecond: Math.round(rate),
        etaSeconds: rate > 0 ? Math.ceil((head - p.position) / rate) : null,
      });
    },
  };
}

/**
 * Deletes every item of one generation; returns how many. The checkpoint goes first,
 * so a projector still writing to that generation fails its next commit and stops.
 */
export async function dropGeneration(client: DynamoDBClient, table: string, generation: number): Promise<number> {
  const prefix = `g${generation}#`;
  const checkpoint = await client.send(
    new DeleteItemCommand({
      TableName: table,
      Key: { pk: { S: `${prefix}_checkpoint` }, sk: { S: 'projector' } },
      ReturnValues: 'ALL_OLD',
    }),
  );
  let deleted = checkpoint.Attributes ? 1 : 0;
  let startKey: Item | undefined;
  do {
    const out = await client.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'begins_with(pk, :g)',
        ExpressionAttributeValues: { ':g': { S: prefix } },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    const keys = (out.Items ?? []).map((item) => ({ pk: item.pk!, sk: item.sk! }));
    const batches: Item[][] = [];
    for (let i = 0; i < keys.length; i += 25) batches.push(keys.slice(i, i + 25));
    // A few batches at a time: quicker, and still gentle on an on-demand table.
    for (let i = 0; i < batches.length; i += 4)
      await Promise.all(batches.slice(i, i + 4).map((b) => batchDelete(client, table, b)));
    deleted += keys.length;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return deleted;
}

async function batchDelete(client: DynamoDBClient, table: string, keys: Item[]): Promise<void> {
  let requests: WriteRequest[] = keys.map((Key) => ({ DeleteRequest: { Key } }));
  for (let attempt = 0; requests.length > 0; attempt++) {
    if (attempt > 10) throw new Error(`DynamoDB kept ${requests.length} deletes unprocessed`);
    if (attempt > 0) await new Promise((r) => setTimeout(r, backoffMs(Math.min(attempt, 6), 50, 2_000)));
    const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
    requests = out.UnprocessedItems?.[table] ?? [];
  }
}
