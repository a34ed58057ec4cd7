// The production event store: one DynamoDB table, appends as one transaction
// (events, stream index, head, command guard), reads strongly consistent.
import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { backoffMs, buildEnvelopes, defaultFingerprint, MAX_TRANSACTION_ACTIONS, validateAppend } from './append-plan';
import { GENESIS_HASH } from './canonical';
import { call, toStoreError } from './dynamo-errors';
import { envelopeFromItem, guardFromItem, guardItem, keys, LOG_BUCKET_SIZE, logItem } from './dynamo-items';
import { ConcurrencyError, IdempotencyConflictError, InvalidAppendError, StoreUnavailableError } from './errors';
import type {
  AppendOptions,
  AppendResult,
  CommandRecord,
  EventEnvelope,
  EventStore,
  Head,
  NewEvent,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
} from './event-store';

type Item = Record<string, AttributeValue>;

export interface DynamoEventStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Attempts when another append moved the head first (default 60, about 10 s at worst). */
  maxHeadAttempts?: number;
}

export class DynamoEventStore implements EventStore {
  private readonly client: DynamoDBClient;
  private readonly table: string;
  private readonly maxHeadAttempts: number;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(options: DynamoEventStoreOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.maxHeadAttempts = options.maxHeadAttempts ?? 60;
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    validateAppend(streamId, events, options);
    const fingerprint = options.fingerprint ?? defaultFingerprint(streamId, events);
    for (let attempt = 0; ; attempt++) {
      // Appends from this process take turns on the head, so they never collide with
      // each other; only appends from other processes can make an attempt fail.
      const outcome = await this.inTurn(() => this.attempt(streamId, events, options, fingerprint));
      if (outcome !== 'retry') return outcome;
      if (attempt + 1 >= this.maxHeadAttempts) {
        throw new StoreUnavailableError(
          `the log head stayed contended for ${this.maxHeadAttempts} attempts`,
          'HeadContention',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, backoffMs(Math.min(attempt, 5), 8, 250)));
    }
  }

  private inTurn<T>(task: () => Promise<T>): Promise<T> {
    const run = this.turn.then(task, task);
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** One try: read the head, write everything in one transaction. 'retry' when the head moved. */
  private async attempt(
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
    fingerprint: string,
  ): Promise<AppendResult | 'retry'> {
    const head = await this.head();
    const current = options.expectedVersion === 'any' ? await this.streamVersion(streamId) : null;
    const expected = options.expectedVersion === 'no-stream' ? 0 : (current ?? (options.expectedVersion as number));
    const envelopes = buildEnvelopes(streamId, events, options, head, expected + 1);
    const last = envelopes[envelopes.length - 1]!;
    const result: AppendResult = {
      commandId: options.commandId,
      streamId,
      firstVersion: expected + 1,
      lastVersion: last.version,
      firstPosition: head.position + 1,
      lastPosition: last.position,
      eventIds: envelopes.map((e) => e.eventId),
      recordedAt: options.recordedAt,
      duplicate: false,
    };
    const actions = this.transaction(
      head,
      last,
      expected,
      envelopes,
      guardItem(options.commandId, fingerprint, result),
    );
    try {
      await this.client.send(new TransactWriteItemsCommand({ TransactItems: actions }));
      return result;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw toStoreError(error);
      const reasons = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
      // Action order: [guard, head, expected-version check?, stream items…, log items…]
      if (reasons[0] === 'ConditionalCheckFailed') return this.replay(options.commandId, fingerprint);
      const streamConflict = reasons
        .slice(2, 2 + (expected > 0 ? 1 : 0) + envelopes.length)
        .includes('ConditionalCheckFailed');
      if (streamConflict && options.expectedVersion !== 'any') {
        throw new ConcurrencyError(streamId, options.expectedVersion, await this.streamVersion(streamId));
      }
      // The head moved, a concurrent transaction touched the same items, or 'any'
      // lost a race on the stream: read again and retry.
      return 'retry';
    }
  }

  private transaction(
    head: Head,
    last: EventEnvelope,
    expected: number,
    envelopes: EventEnvelope[],
    guard: Item,
  ): TransactWriteItem[] {
    const T = this.table;
    const actions: TransactWriteItem[] = [
      { Put: { TableName: T, Item: guard, ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Update: {
          TableName: T,
          Key: keys.head(),
          UpdateExpression: 'SET #position = :next, #hash = :hash',
          ConditionExpression: head.position === 0 ? 'attribute_not_exists(pk)' : '#position = :current',
          ExpressionAttributeNames: { '#position': 'position', '#hash': 'hash' },
          ExpressionAttributeValues: {
            ':next': { N: String(last.position) },
            ':hash': { S: last.hash },
            ...(head.position === 0 ? {} : { ':current': { N: String(head.position) } }),
          },
        },
      },
    ];
    if (expected > 0) {
      actions.push({
        ConditionCheck: {
          TableName: T,
          Key: keys.stream(last.streamId, expected),
          ConditionExpression: 'attribute_exists(pk)',
        },
      });
    }
    for (const e of envelopes) {
      actions.push({
        Put: {
          TableName: T,
          Item: { ...keys.stream(e.streamId, e.version), position: { N: String(e.position) } },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    for (const e of envelopes) {
      actions.push({ Put: { TableName: T, Item: logItem(e), ConditionExpression: 'attribute_not_exists(pk)' } });
    }
    assertOneActionPerItem(actions);
    return actions;
  }

  private async replay(commandId: string, fingerprint: string): Promise<AppendResult> {
    const found = await this.findGuard(commandId);
    if (!found) throw new StoreUnavailableError('the command guard vanished after a conflict', 'GuardMissing');
    if (found.fingerprint !== fingerprint) throw new IdempotencyConflictError(commandId);
    return found.result;
  }

  private async findGuard(commandId: string) {
    const out = await call(() =>
      this.client.send(
        new GetItemCommand({ TableName: this.table, Key: keys.command(commandId), ConsistentRead: true }),
      ),
    );
    return out.Item ? guardFromItem(out.Item) : null;
  }

  async findCommand(commandId: string): Promise<CommandRecord | null> {
    const found = await this.findGuard(commandId);
    return found ? { ...found.result, fingerprint: found.fingerprint } : null;
  }

  async head(): Promise<Head> {
    const out = await call(() =>
      this.client.send(new GetItemCommand({ TableName: this.table, Key: keys.head(), ConsistentRead: true })),
    );
    if (!out.Item) return { position: 0, hash: GENESIS_HASH };
    return { position: Number(out.Item.position?.N ?? 0), hash: out.Item.hash?.S ?? GENESIS_HASH };
  }

  async streamVersion(streamId: string): Promise<number> {
    const out = await call(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: keys.streamPk(streamId) } },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
          ProjectionExpression: 'sk',
        }),
      ),
    );
    return Number(out.Items?.[0]?.sk?.N ?? 0);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    const positions: number[] = [];
    let startKey: Item | undefined;
    do {
      const out = await call(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': { S: keys.streamPk(streamId) },
              ':from': { N: String(options.fromVersion ?? 1) },
              ':to': { N: String(options.toVersion ?? Number.MAX_SAFE_INTEGER) },
            },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of out.Items ?? []) positions.push(Number(item.position?.N));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    const events = await this.getByPositions(positions);
    return events.sort((a, b) => a.version - b.version);
  }

  private async getByPositions(positions: number[]): Promise<EventEnvelope[]> {
    const found: EventEnvelope[] = [];
    for (let i = 0; i < positions.length; i += 100) {
      let request: Record<string, { Keys: Item[]; ConsistentRead: boolean }> | undefined = {
        [this.table]: { Keys: positions.slice(i, i + 100).map((p) => keys.log(p)), ConsistentRead: true },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        if (attempt > 8) throw new StoreUnavailableError('DynamoDB kept leaving keys unprocessed', 'UnprocessedKeys');
        if (attempt > 0) await new Promise((r) => setTimeout(r, backoffMs(attempt, 20, 1000)));
        const out = await call(() => this.client.send(new BatchGetItemCommand({ RequestItems: request })));
        for (const item of out.Responses?.[this.table] ?? []) found.push(envelopeFromItem(item));
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const from = options.fromPosition ?? 1;
    const limit = options.limit ?? 500;
    if (!(Number.isSafeInteger(from) && from >= 1))
      throw new InvalidAppendError('invalid_position', 'fromPosition must be a positive integer');
    if (!(Number.isSafeInteger(limit) && limit >= 1 && limit <= 1000))
      throw new InvalidAppendError('invalid_limit', 'limit must be 1..1000');
    const head = await this.head();
    const to = Math.min(options.toPosition ?? head.position, head.position, from + limit - 1);
    const events: EventEnvelope[] = [];
    for (
      let bucket = Math.floor(from / LOG_BUCKET_SIZE);
      from <= to && bucket <= Math.floor(to / LOG_BUCKET_SIZE);
      bucket++
    ) {
      let startKey: Item | undefined;
      do {
        const out = await call(() =>
          this.client.send(
            new QueryCommand({
              TableName: this.table,
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
              ExpressionAttributeValues: {
                ':pk': { S: keys.logBucket(bucket) },
                ':from': { N: String(Math.max(from, bucket * LOG_BUCKET_SIZE)) },
                ':to': { N: String(to) },
              },
              ConsistentRead: true,
              ExclusiveStartKey: startKey,
            }),
          ),
        );
        for (const item of out.Items ?? []) events.push(envelopeFromItem(item));
        startKey = out.LastEvaluatedKey;
      } while (startKey);
    }
    const end = options.toPosition ?? head.position;
    return { events, nextPosition: to < Math.min(end, head.position) ? to + 1 : null };
  }
}

/** DynamoDB rejects a transaction that touches one item twice; DynamoDB Local does not, so check here. */
export function assertOneActionPerItem(actions: TransactWriteItem[]): void {
  if (actions.length > MAX_TRANSACTION_ACTIONS)
    throw new Error(`a transaction holds at most ${MAX_TRANSACTION_ACTIONS} actions`);
  const seen = new Set<string>();
  for (const action of actions) {
    const op = action.Put ?? action.Update ?? action.Delete ?? action.ConditionCheck;
    const key =
      op && 'Item' in op && op.Item ? { pk: op.Item.pk, sk: op.Item.sk } : op && 'Key' in op ? op.Key : undefined;
    const id = `${op?.TableName}|${key?.pk?.S}|${key?.sk?.N ?? key?.sk?.S}`;
    if (seen.has(id)) throw new Error(`a transaction may not touch one item twice: ${id}`);
    seen.add(id);
  }
}
