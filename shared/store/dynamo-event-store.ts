// The production event store: one DynamoDB table. A commit is one transaction holding
// the events, per stream written one index item (the run of versions it gets) and its
// tip, the command guards, the checks on the streams the decisions read, and the head.
// Reads are strongly consistent and checked: a stream's index and tip must agree with
// the log they point into.
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  appendOne,
  assignEventIds,
  backoffMs,
  buildEnvelopes,
  commitConditions,
  MAX_TRANSACTION_ACTIONS,
  resultOf,
  validateCommit,
} from './append-plan';
import { GENESIS_HASH } from './canonical';
import { call, toStoreError } from './dynamo-errors';
import {
  guardFromItem,
  guardItem,
  keys,
  logItem,
  OLDEST_CURRENT_LAYOUT,
  runItem,
  STORE_LAYOUT,
  tipFromItem,
} from './dynamo-items';
import { getItems, readAllFrom, readStreamChecked } from './dynamo-reads';
import { InvalidAppendError, StoreInconsistentError, StoreLayoutError, StoreUnavailableError } from './errors';
import type {
  AppendOptions,
  AppendOutcome,
  AppendResult,
  CommandRecord,
  EventEnvelope,
  EventStore,
  Head,
  NewEvent,
  PendingAppend,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  StreamTip,
} from './event-store';
import { scanTrustedItems, type TrustedItem } from './trusted-items';

type Item = Record<string, AttributeValue>;

export interface DynamoEventStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** How long a commit keeps retrying contention and lost answers before it answers 503 (default 10 s). */
  commitBudgetMs?: number;
}

/** What each action of a commit's transaction is, so a cancellation can be read back. */
type ActionMeta =
  | { kind: 'head' }
  | { kind: 'tip'; streamId: string }
  | { kind: 'condition'; streamId: string }
  | { kind: 'guard'; append: number }
  | { kind: 'index'; append: number }
  | { kind: 'log' };

interface Batch {
  actions: TransactWriteItem[];
  meta: ActionMeta[];
  results: AppendResult[];
  /** The head once the batch is in. */
  head: Head;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The pause after the `misses`-th loss of the head to another process in one commit, the
 * first not counted: full jitter over twice the commit's time, doubling with each loss, at
 * most 200 ms.
 */
export function headPauseMs(misses: number, commitMs: number): number {
  return Math.random() * Math.min(200, 2 * commitMs * 2 ** Math.min(Math.max(misses, 1) - 1, 3));
}

export class DynamoEventStore implements EventStore {
  private readonly client: DynamoDBClient;
  private readonly table: string;
  private readonly budgetMs: number;
  /** The head as this process last wrote or read it; a failed head condition reads it again. */
  private knownHead: Head | null = null;
  private turn: Promise<unknown> = Promise.resolve();
  /** How long a commit's transaction takes here, smoothed: the scale of the pause after losing the head. */
  private commitMs = 10;

  constructor(options: DynamoEventStoreOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.budgetMs = options.commitBudgetMs ?? 10_000;
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return appendOne(this, streamId, events, options);
  }

  async commit(appends: readonly PendingAppend[]): Promise<AppendOutcome[]> {
    validateCommit(appends);
    if (appends.length === 0) return [];
    // One transaction in flight per process: commits from this process never race each
    // other for the head; callers batch (the command path commits groups of commands).
    return this.inTurn(() => this.commitLoop(appends));
  }

  private inTurn<T>(task: () => Promise<T>): Promise<T> {
    const run = this.turn.then(task, task);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async commitLoop(appends: readonly PendingAppend[]): Promise<AppendOutcome[]> {
    const outcomes: (AppendOutcome | undefined)[] = appends.map(() => undefined);
    const ids = assignEventIds(appends);
    const deadline = Date.now() + this.budgetMs;
    let lastFailure: Error | null = null;
    let headMisses = 0;
    for (let attempt = 0; ; attempt++) {
      const live = outcomes.flatMap((outcome, i) => (outcome === undefined ? [i] : []));
      if (live.length === 0) return outcomes as AppendOutcome[];
      if (Date.now() > deadline) {
        throw lastFailure instanceof StoreUnavailableError
          ? lastFailure
          : new StoreUnavailableError(`the log stayed contended for ${this.budgetMs} ms`, 'HeadContention');
      }
      const head = this.knownHead ?? (await this.readHead());
      const batch = this.buildBatch(
        live.map((i) => appends[i]!),
        live.map((i) => ids[i]!),
        head,
      );
      const sent = Date.now();
      try {
        await this.client.send(new TransactWriteItemsCommand({ TransactItems: batch.actions }));
        this.commitMs = this.commitMs * 0.8 + (Date.now() - sent) * 0.2;
        this.knownHead = batch.head;
        live.forEach((i, k) => {
          outcomes[i] = { status: 'written', result: batch.results[k]! };
        });
        continue;
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          const settled = await this.settleCancellation(error, batch, live, appends, ids, outcomes);
          lastFailure = null;
          if (settled === 'head') {
            headMisses++;
            // Another process took the head, and its value came back with the refusal. The
            // first loss goes again at once: a process that was idle (a Lambda container between
            // requests) knows an old head, which says nothing of contention. After that, going
            // again at once mostly meets the other process's next commit: a random pause of up
            // to a few commits' time spreads the processes out (README, "One head's ceiling").
            if (headMisses > 1) await sleep(headPauseMs(headMisses - 1, this.commitMs));
            continue;
          }
          if (settled) continue;
        } else {
          const failure = toStoreError(error);
          if (!(failure instanceof StoreUnavailableError)) throw failure;
          lastFailure = failure;
          // The answer may have been lost after the transaction went in: the head says so.
          this.knownHead = null;
          const now = await this.readHead().catch(() => null);
          if (now?.position === batch.head.position && now.hash === batch.head.hash) {
            live.forEach((i, k) => {
              outcomes[i] = { status: 'written', result: batch.results[k]! };
            });
            continue;
          }
        }
      }
      await sleep(backoffMs(Math.min(attempt, 6), 8, 250));
    }
  }

  /**
   * Reads why DynamoDB cancelled the transaction and settles the appends that caused it:
   * a guard that exists (a repeated command, or this commit's own write after a lost
   * answer), a stream that moved (stale). True when something changed, so the next try
   * goes at once; false to back off first (contention, or nothing to learn).
   */
  private async settleCancellation(
    error: TransactionCanceledException,
    batch: Batch,
    live: number[],
    appends: readonly PendingAppend[],
    ids: string[][],
    outcomes: (AppendOutcome | undefined)[],
  ): Promise<boolean | 'head'> {
    const reasons = error.CancellationReasons ?? [];
    // Guards that exist, with the item DynamoDB returned (undefined: read it).
    const guards = new Map<number, Item | undefined>();
    const moved = new Set<string>();
    let learned = false;
    let headReturned = false;
    for (const [index, reason] of reasons.entries()) {
      const code = reason.Code ?? 'None';
      const meta = batch.meta[index];
      if (code === 'None' || code === '' || meta === undefined) continue;
      if (code === 'ValidationError') throw toStoreError(error);
      if (code !== 'ConditionalCheckFailed') continue; // TransactionConflict, throttling: back off and retry
      if (meta.kind === 'head') {
        this.knownHead = reason.Item ? this.headFromItem(reason.Item) : null;
        headReturned = reason.Item !== undefined;
        learned = true;
      } else if (meta.kind === 'guard') guards.set(meta.append, reason.Item);
      else if (meta.kind === 'tip' || meta.kind === 'condition') moved.add(meta.streamId);
      else if (meta.kind === 'index') await this.explainIndexClash(appends[live[meta.append]!]!);
      else {
        // A log item already at a position past the head this process knew: the head moved
        // (the head's own reason, listed first, has then brought the new head back).
        if (!headReturned) this.knownHead = null;
        learned = true;
      }
    }
    const broken = new Set<string>();
    for (const [k, i] of live.entries()) {
      const append = appends[i]!;
      if (guards.has(k)) {
        const returned = guards.get(k);
        const found = returned ? guardFromItem(returned) : await this.findGuard(append.commandId);
        if (found === null) continue; // a concurrent transaction held it: retry
        const ours = found.result.eventIds.join() === ids[i]!.join();
        outcomes[i] = ours
          ? { status: 'written', result: { ...found.result, duplicate: false } }
          : { status: 'duplicate', record: { ...found.result, fingerprint: found.fingerprint } };
        if (!ours) broken.add(append.streamId);
        learned = true;
        continue;
      }
      const streams = [append.streamId, ...(append.conditions ?? []).map((c) => c.streamId)];
      const staleOn = streams.filter((streamId) => moved.has(streamId) || broken.has(streamId));
      if (staleOn.length > 0) {
        outcomes[i] = { status: 'stale', streamIds: [...new Set(staleOn)] };
        broken.add(append.streamId);
        learned = true;
      }
    }
    if (learned && headReturned && guards.size === 0 && moved.size === 0) return 'head';
    return learned;
  }

  /** An index item where the tip said the stream ends: the index runs ahead of its tip. */
  private async explainIndexClash(append: PendingAppend): Promise<void> {
    const tip = await this.streamTip(append.streamId);
    if (tip.version <= append.expectedVersion) {
      throw new StoreInconsistentError(
        append.streamId,
        `an index item exists past version ${append.expectedVersion}, where the stream's tip ends (${tip.version})`,
      );
    }
  }

  private buildBatch(appends: PendingAppend[], ids: string[][], head: Head): Batch {
    const T = this.table;
    const actions: TransactWriteItem[] = [];
    const meta: ActionMeta[] = [];
    const add = (action: TransactWriteItem, what: ActionMeta) => {
      actions.push(action);
      meta.push(what);
    };
    let cursor = head;
    const envelopes = appends.map((append, k) => {
      const built = buildEnvelopes(append, ids[k]!, cursor);
      const last = built[built.length - 1]!;
      cursor = { position: last.position, hash: last.hash };
      return built;
    });
    add(
      {
        // A Put, not an Update: the head holds nothing else, and a Put costs less.
        Put: {
          TableName: T,
          Item: {
            ...keys.head(),
            position: { N: String(cursor.position) },
            hash: { S: cursor.hash },
            layout: { N: String(STORE_LAYOUT) },
          },
          ...(head.position === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#position = :current',
                ExpressionAttributeNames: { '#position': 'position' },
                ExpressionAttributeValues: { ':current': { N: String(head.position) } },
              }),
          // Another process moved the head: its item comes back with the cancellation, so
          // the retry goes at once, without a read of its own.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      { kind: 'head' },
    );
    for (const [streamId, span] of streamSpans(appends, envelopes)) {
      add(tipAction(T, streamId, span.from, span.last), { kind: 'tip', streamId });
    }
    for (const [streamId, version] of commitConditions(appends)) {
      add(
        {
          ConditionCheck: {
            TableName: T,
            Key: keys.tip(streamId),
            ...versionCondition(version),
          },
        },
        { kind: 'condition', streamId },
      );
    }
    const results = appends.map((append, k) => resultOf(append, envelopes[k]!));
    appends.forEach((append, k) => {
      add(
        {
          Put: {
            TableName: T,
            Item: guardItem(append.commandId, append.fingerprint, results[k]!),
            ConditionExpression: 'attribute_not_exists(pk)',
            // A command already recorded comes back with the cancellation (its first result).
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        { kind: 'guard', append: k },
      );
    });
    // One index item per stream per commit: the run of versions its appends write.
    for (const run of streamRuns(appends, envelopes)) {
      add(
        { Put: { TableName: T, Item: runItem(run.events), ConditionExpression: 'attribute_not_exists(pk)' } },
        { kind: 'index', append: run.firstAppend },
      );
    }
    for (const e of envelopes.flat()) {
      add(
        { Put: { TableName: T, Item: logItem(e), ConditionExpression: 'attribute_not_exists(pk)' } },
        { kind: 'log' },
      );
    }
    if (actions.length > MAX_TRANSACTION_ACTIONS) {
      throw new InvalidAppendError('commit_too_large', `a commit of ${actions.length} actions; DynamoDB takes 100`);
    }
    assertOneActionPerItem(actions);
    return { actions, meta, results, head: cursor };
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

  private async readHead(): Promise<Head> {
    const out = await call(() =>
      this.client.send(new GetItemCommand({ TableName: this.table, Key: keys.head(), ConsistentRead: true })),
    );
    const head = out.Item ? this.headFromItem(out.Item) : { position: 0, hash: GENESIS_HASH };
    this.knownHead = head;
    return head;
  }

  /** The head an item holds, refused when the table's layout is not this code's. */
  private headFromItem(item: Item): Head {
    const head = { position: Number(item.position?.N ?? 0), hash: item.hash?.S ?? GENESIS_HASH };
    const layout = Number(item.layout?.N ?? 1);
    if (head.position > 0 && layout < OLDEST_CURRENT_LAYOUT) {
      throw new StoreLayoutError(
        'store_needs_upgrade',
        'The events table was written by an earlier version (no stream tips). Local data is upgraded by `npm start`.',
      );
    }
    if (layout > STORE_LAYOUT) {
      throw new StoreLayoutError(
        'store_layout_newer',
        `The events table was written by a later version of this code (layout ${layout}); run that version, or take the table back with \`npm run store-layout\`.`,
      );
    }
    return head;
  }

  async head(): Promise<Head> {
    return this.readHead();
  }

  async streamTip(streamId: string): Promise<StreamTip> {
    const out = await call(() =>
      this.client.send(new GetItemCommand({ TableName: this.table, Key: keys.tip(streamId), ConsistentRead: true })),
    );
    if (!out.Item) return { version: 0, position: 0, hash: GENESIS_HASH };
    const tip = tipFromItem(out.Item);
    if (!tip) throw new StoreInconsistentError(streamId, 'its tip item is malformed');
    return tip;
  }

  async streamTips(streamIds: readonly string[]): Promise<Map<string, StreamTip>> {
    const tips = new Map<string, StreamTip>();
    for (const item of await getItems(
      this.client,
      this.table,
      [...new Set(streamIds)].map((id) => keys.tip(id)),
    )) {
      const streamId = item.pk!.S!.slice('stream#'.length);
      const tip = tipFromItem(item);
      if (!tip) throw new StoreInconsistentError(streamId, 'its tip item is malformed');
      tips.set(streamId, tip);
    }
    for (const streamId of streamIds)
      if (!tips.has(streamId)) tips.set(streamId, { version: 0, position: 0, hash: GENESIS_HASH });
    return tips;
  }

  async streamVersion(streamId: string): Promise<number> {
    return (await this.streamTip(streamId)).version;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    return (await readStreamChecked(this.client, this.table, streamId, options)).events;
  }

  async readTail(streamId: string, afterVersion: number): Promise<{ events: EventEnvelope[]; tip: StreamTip }> {
    return readStreamChecked(this.client, this.table, streamId, { fromVersion: afterVersion + 1 });
  }

  trustedItems(): AsyncIterable<TrustedItem> {
    return scanTrustedItems(this.client, this.table);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    return readAllFrom(this.client, this.table, await this.head(), options);
  }
}

/** Per stream written by a commit: the version it was at, and the last event going on it. */
function streamSpans(appends: PendingAppend[], envelopes: EventEnvelope[][]) {
  const spans = new Map<string, { from: number; last: EventEnvelope }>();
  appends.forEach((append, k) => {
    const last = envelopes[k]![envelopes[k]!.length - 1]!;
    const span = spans.get(append.streamId);
    spans.set(append.streamId, { from: span?.from ?? append.expectedVersion, last });
  });
  return spans;
}

/**
 * Per stream written by a commit: every event going on it, in version order (its appends
 * chain), and its first append, which explains a clash on the run's index item.
 */
function streamRuns(appends: PendingAppend[], envelopes: EventEnvelope[][]) {
  const runs = new Map<string, { firstAppend: number; events: EventEnvelope[] }>();
  appends.forEach((append, k) => {
    const run = runs.get(append.streamId);
    if (run) run.events.push(...envelopes[k]!);
    else runs.set(append.streamId, { firstAppend: k, events: [...envelopes[k]!] });
  });
  return runs.values();
}

/** "The stream is at `version`" on its tip item (version 0: it has none). */
function versionCondition(version: number) {
  return version === 0
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : {
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': { N: String(version) } },
      };
}

/**
 * Moves a stream's tip from `from` to the last event written on it, on condition it is
 * still at `from`: a Put, as the tip holds nothing else (cheaper than an Update).
 */
function tipAction(table: string, streamId: string, from: number, last: EventEnvelope): TransactWriteItem {
  return {
    Put: {
      TableName: table,
      Item: {
        ...keys.tip(streamId),
        version: { N: String(last.version) },
        position: { N: String(last.position) },
        hash: { S: last.hash },
      },
      ...versionCondition(from),
    },
  };
}

/** DynamoDB rejects a transaction that touches one item twice; DynamoDB Local does not, so check here. */
export function assertOneActionPerItem(actions: TransactWriteItem[]): void {
  if (actions.length > MAX_TRANSACTION_ACTIONS)
    throw new Error(`a transaction holds at most ${MAX_TRANSACTION_ACTIONS} actions`);
  const seen = new Set<string>();
  for (const action of actions) {
    const op = action.Put ?? action.Update ?? action.Delete ?? action.ConditionCheck;
    const key: Item | undefined =
      op && 'Item' in op && op.Item ? { pk: op.Item.pk!, sk: op.Item.sk! } : op && 'Key' in op ? op.Key : undefined;
    const id = `${op?.TableName}|${key?.pk?.S}|${key?.sk?.N ?? key?.sk?.S}`;
    if (seen.has(id)) throw new Error(`a transaction may not touch one item twice: ${id}`);
    seen.add(id);
  }
}
