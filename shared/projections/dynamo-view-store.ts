// The views table. Every item belongs to a generation (`g<n>#` prefix on pk) so a
// rebuild can fill a fresh generation while readers keep using the active one; a
// pointer item names the active generation.
import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { call, toStoreError } from '../store/dynamo-errors';
import { assertOneActionPerItem } from '../store/dynamo-event-store';
import { getItems } from '../store/dynamo-reads';
import { StoreCorruptionError, StoreUnavailableError } from '../store/errors';
import {
  type Checkpoint,
  CheckpointMovedError,
  EMPTY_CHECKPOINT,
  type ProjectorFailure,
  type QueryOptions,
  type ScannableViews,
  type StoredViewDoc,
  type ViewChange,
  type ViewDoc,
  type ViewItem,
  type ViewKey,
  type ViewWriter,
} from './view-store';

type Item = Record<string, AttributeValue>;
const TRANSIENT_CANCELLATIONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);
/** Parallel scans when every document is read (verify). */
const SCAN_SEGMENTS = 4;
const META_KEY: Item = { pk: { S: '_meta' }, sk: { S: 'active' } };

function parseDoc(item: Item): ViewDoc {
  const text = item.doc?.S;
  if (text === undefined)
    throw new StoreCorruptionError('corrupt_view_item', `view item ${item.pk?.S}/${item.sk?.S} has no document`);
  return JSON.parse(text) as ViewDoc;
}

export class DynamoViewStore implements ViewWriter, ScannableViews {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    readonly generation: number,
  ) {}

  /** The generation readers should use (1 when no rebuild ever switched it). */
  static async activeGeneration(client: DynamoDBClient, table: string): Promise<number> {
    const out = await call(() =>
      client.send(new GetItemCommand({ TableName: table, Key: META_KEY, ConsistentRead: true })),
    );
    return Number(out.Item?.generation?.N ?? 1);
  }

  static async open(client: DynamoDBClient, table: string): Promise<DynamoViewStore> {
    return new DynamoViewStore(client, table, await DynamoViewStore.activeGeneration(client, table));
  }

  /** Points readers (and the incremental projector) at another generation. */
  static async activate(client: DynamoDBClient, table: string, generation: number): Promise<void> {
    await call(() =>
      client.send(
        new PutItemCommand({ TableName: table, Item: { ...META_KEY, generation: { N: String(generation) } } }),
      ),
    );
  }

  private pk(pk: string): string {
    return `g${this.generation}#${pk}`;
  }

  private failureKey(): Item {
    return { pk: { S: this.pk('_status') }, sk: { S: 'projector' } };
  }

  async projectorFailure(): Promise<ProjectorFailure | null> {
    const out = await call(() =>
      this.client.send(new GetItemCommand({ TableName: this.table, Key: this.failureKey(), ConsistentRead: true })),
    );
    const text = out.Item?.failure?.S;
    return text === undefined ? null : (JSON.parse(text) as ProjectorFailure);
  }

  async recordFailure(failure: ProjectorFailure | null): Promise<void> {
    const Key = this.failureKey();
    if (failure === null) {
      await call(() => this.client.send(new DeleteItemCommand({ TableName: this.table, Key })));
      return;
    }
    const Item = { ...Key, failure: { S: JSON.stringify(failure) } };
    await call(() => this.client.send(new PutItemCommand({ TableName: this.table, Item })));
  }

  private checkpointKey(): Item {
    return { pk: { S: this.pk('_checkpoint') }, sk: { S: 'projector' } };
  }

  async get(pk: string, sk: string): Promise<ViewDoc | null> {
    const out = await call(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.table,
          Key: { pk: { S: this.pk(pk) }, sk: { S: sk } },
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? parseDoc(out.Item) : null;
  }

  async getMany(keys: readonly ViewKey[]): Promise<(ViewDoc | null)[]> {
    const unique = [...new Map(keys.map((key) => [`${key.pk}\u0000${key.sk}`, key])).values()];
    const items = await getItems(
      this.client,
      this.table,
      unique.map((key) => ({ pk: { S: this.pk(key.pk) }, sk: { S: key.sk } })),
    );
    const found = new Map(items.map((item) => [`${item.pk?.S}\u0000${item.sk?.S}`, parseDoc(item)]));
    return keys.map((key) => found.get(`${this.pk(key.pk)}\u0000${key.sk}`) ?? null);
  }

  async query(pk: string, prefix = '', options: QueryOptions = {}): Promise<ViewItem[]> {
    const items: ViewItem[] = [];
    const { after, limit } = options;
    // DynamoDB resumes after any key of the partition, whether or not an item has it.
    let startKey: Item | undefined = after === undefined ? undefined : { pk: { S: this.pk(pk) }, sk: { S: after } };
    do {
      const out = await call(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
            ExpressionAttributeValues: { ':pk': { S: this.pk(pk) }, ...(prefix ? { ':prefix': { S: prefix } } : {}) },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
            ...(limit === undefined ? {} : { Limit: limit - items.length }),
          }),
        ),
      );
      for (const item of out.Items ?? []) items.push({ sk: item.sk?.S ?? '', doc: parseDoc(item) });
      startKey = out.LastEvaluatedKey;
    } while (startKey && (limit === undefined || items.length < limit));
    return items;
  }

  /**
   * Every document of this generation, read by SCAN_SEGMENTS parallel scans (pages yielded as
   * they come, at most one page a segment held), so a large table is read in a fraction of
   * one scan's time.
   */
  async *documents(): AsyncGenerator<StoredViewDoc> {
    const segments = Array.from({ length: SCAN_SEGMENTS }, (_, i) => this.scanSegment(i));
    const next = (i: number) => segments[i]!.next().then((result) => ({ i, result }));
    const pending = new Map(segments.map((_, i) => [i, next(i)]));
    try {
      while (pending.size > 0) {
        const { i, result } = await Promise.race(pending.values());
        if (result.done) pending.delete(i);
        else {
          pending.set(i, next(i));
          yield* result.value;
        }
      }
    } finally {
      // Left early (the caller stopped): let the other segments' reads end quietly.
      for (const read of pending.values()) read.catch(() => {});
      for (const segment of segments) void segment.return(undefined).catch(() => {});
    }
  }

  /** One segment of a parallel scan, a page at a time, without the checkpoint and status items. */
  private async *scanSegment(segment: number): AsyncGenerator<StoredViewDoc[], void, undefined> {
    const prefix = `g${this.generation}#`;
    const own = new Set([this.pk('_checkpoint'), this.pk('_status')]);
    let startKey: Item | undefined;
    do {
      const out = await call(() =>
        this.client.send(
          new ScanCommand({
            TableName: this.table,
            FilterExpression: 'begins_with(pk, :g)',
            ExpressionAttributeValues: { ':g': { S: prefix } },
            ConsistentRead: true,
            Segment: segment,
            TotalSegments: SCAN_SEGMENTS,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      yield (out.Items ?? [])
        .filter((item) => !own.has(item.pk?.S ?? ''))
        .map((item) => ({
          pk: (item.pk?.S ?? '').slice(prefix.length),
          sk: item.sk?.S ?? '',
          text: item.doc?.S ?? null,
        }));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }

  async checkpoint(): Promise<Checkpoint> {
    const out = await call(() =>
      this.client.send(new GetItemCommand({ TableName: this.table, Key: this.checkpointKey(), ConsistentRead: true })),
    );
    if (!out.Item) return EMPTY_CHECKPOINT;
    return { position: Number(out.Item.position?.N ?? 0), hash: out.Item.hash?.S ?? EMPTY_CHECKPOINT.hash };
  }

  async commit(changes: ViewChange[], from: Checkpoint, to: Checkpoint): Promise<void> {
    await this.transact(
      changes,
      {
        Put: {
          TableName: this.table,
          Item: { ...this.checkpointKey(), position: { N: String(to.position) }, hash: { S: to.hash } },
          ...this.checkpointIs(from),
        },
      },
      from,
    );
  }

  async commitPart(changes: ViewChange[], at: Checkpoint): Promise<void> {
    await this.transact(
      changes,
      { ConditionCheck: { TableName: this.table, Key: this.checkpointKey(), ...this.checkpointIs(at) } },
      at,
    );
  }

  private checkpointIs(at: Checkpoint) {
    return {
      ConditionExpression: at.position === 0 ? 'attribute_not_exists(pk) OR #p = :from' : '#p = :from',
      ExpressionAttributeNames: { '#p': 'position' },
      ExpressionAttributeValues: { ':from': { N: String(at.position) } },
    };
  }

  /** The changes and, last, the action on the checkpoint, in one transaction. */
  private async transact(changes: ViewChange[], checkpoint: TransactWriteItem, from: Checkpoint): Promise<void> {
    const actions: TransactWriteItem[] = changes.map((change) => {
      const Key = { pk: { S: this.pk(change.pk) }, sk: { S: change.sk } };
      return change.doc === null
        ? { Delete: { TableName: this.table, Key } }
        : { Put: { TableName: this.table, Item: { ...Key, doc: { S: JSON.stringify(change.doc) } } } };
    });
    actions.push(checkpoint);
    assertOneActionPerItem(actions);
    try {
      await this.client.send(new TransactWriteItemsCommand({ TransactItems: actions }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
        if (reasons[reasons.length - 1] === 'ConditionalCheckFailed') throw new CheckpointMovedError(from.position);
        // Another writer on one of these items, or throttling: worth trying again, not a stuck projector.
        if (reasons.some((r) => TRANSIENT_CANCELLATIONS.has(r)))
          throw new StoreUnavailableError(
            `the views table refused the commit for now (${reasons.join(', ')})`,
            error.name,
          );
      }
      throw toStoreError(error);
    }
  }
}
