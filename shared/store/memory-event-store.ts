// An in-process event store with the same contract as DynamoEventStore, for fast
// unit tests and for offline replay of an export. Held to the same contract suite.
import { appendOne, assignEventIds, buildEnvelopes, resultOf, validateCommit } from './append-plan';
import { GENESIS_HASH } from './canonical';
import { STORE_LAYOUT } from './dynamo-items';
import { InvalidAppendError } from './errors';
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
import type { TrustedItem } from './trusted-items';

export class MemoryEventStore implements EventStore {
  private readonly log: EventEnvelope[] = [];
  private readonly streams = new Map<string, EventEnvelope[]>();
  private readonly commands = new Map<string, CommandRecord>();

  /** A store holding an existing log as it is (e.g. an export), without re-hashing. */
  static fromLog(events: Iterable<EventEnvelope>): MemoryEventStore {
    const store = new MemoryEventStore();
    for (const event of events) store.load(event);
    return store;
  }

  /** Adds a recorded event as it is; positions must follow on. */
  load(event: EventEnvelope): void {
    if (event.position !== this.log.length + 1) {
      throw new InvalidAppendError('position_gap', `expected position ${this.log.length + 1}, got ${event.position}`);
    }
    this.log.push(event);
    const stream = this.streams.get(event.streamId) ?? [];
    stream.push(event);
    this.streams.set(event.streamId, stream);
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return appendOne(this, streamId, events, options);
  }

  async commit(appends: readonly PendingAppend[]): Promise<AppendOutcome[]> {
    validateCommit(appends);
    const ids = assignEventIds(appends);
    await Promise.resolve(); // interleave like a real store would
    // From here to the end runs without yielding: the in-process "transaction", which
    // like DynamoDB's writes every append whose conditions hold and none of the others.
    const outcomes: AppendOutcome[] = [];
    const broken = new Set<string>();
    for (const [i, append] of appends.entries()) {
      const known = this.commands.get(append.commandId);
      if (known) {
        outcomes.push({ status: 'duplicate', record: { ...known, duplicate: true } });
        broken.add(append.streamId);
        continue;
      }
      const moved = [append, ...(append.conditions ?? [])]
        .map((c) => ('expectedVersion' in c ? { streamId: c.streamId, version: c.expectedVersion } : c))
        .filter((c) => broken.has(c.streamId) || this.versionOf(c.streamId) !== c.version)
        .map((c) => c.streamId);
      if (moved.length > 0) {
        outcomes.push({ status: 'stale', streamIds: [...new Set(moved)] });
        broken.add(append.streamId);
        continue;
      }
      const envelopes = buildEnvelopes(append, ids[i]!, this.headNow());
      for (const envelope of envelopes) this.load(envelope);
      const result = resultOf(append, envelopes);
      this.commands.set(append.commandId, { ...result, fingerprint: append.fingerprint });
      outcomes.push({ status: 'written', result });
    }
    return outcomes;
  }

  private versionOf(streamId: string): number {
    return this.streams.get(streamId)?.length ?? 0;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    const from = options.fromVersion ?? 1;
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    return (this.streams.get(streamId) ?? []).filter((e) => e.version >= from && e.version <= to);
  }

  async readTail(streamId: string, afterVersion: number) {
    return { events: await this.readStream(streamId, { fromVersion: afterVersion + 1 }), tip: this.tipNow(streamId) };
  }

  async streamVersion(streamId: string): Promise<number> {
    return this.versionOf(streamId);
  }

  async streamTip(streamId: string): Promise<StreamTip> {
    return this.tipNow(streamId);
  }

  async streamTips(streamIds: readonly string[]): Promise<Map<string, StreamTip>> {
    return new Map(streamIds.map((streamId) => [streamId, this.tipNow(streamId)]));
  }

  private tipNow(streamId: string): StreamTip {
    const last = this.streams.get(streamId)?.at(-1);
    return last
      ? { version: last.version, position: last.position, hash: last.hash }
      : { version: 0, position: 0, hash: GENESIS_HASH };
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const from = options.fromPosition ?? 1;
    const limit = options.limit ?? 500;
    if (!(Number.isSafeInteger(from) && from >= 1))
      throw new InvalidAppendError('invalid_position', 'fromPosition must be a positive integer');
    if (!(Number.isSafeInteger(limit) && limit >= 1 && limit <= 1000))
      throw new InvalidAppendError('invalid_limit', 'limit must be 1..1000');
    const headPosition = this.log.length;
    const end = Math.min(options.toPosition ?? headPosition, headPosition);
    const to = Math.min(end, from + limit - 1);
    return { events: this.log.slice(from - 1, Math.max(from - 1, to)), nextPosition: to < end ? to + 1 : null };
  }

  /** Held in one structure, the memory store's index, tips and guards cannot disagree with its log. */
  async *trustedItems(): AsyncGenerator<TrustedItem> {
    for (const e of this.log) {
      const item = { streamId: e.streamId, version: e.version, position: e.position, hash: e.hash };
      yield { kind: 'log', ...item, eventId: e.eventId, commandId: e.metadata.commandId, recordedAt: e.recordedAt };
      yield { kind: 'index', ...item };
    }
    for (const [streamId] of this.streams) yield { kind: 'tip', streamId, ...this.tipNow(streamId) };
    if (this.log.length > 0) yield { kind: 'head', ...this.headNow(), layout: STORE_LAYOUT };
    for (const [commandId, record] of this.commands) yield { kind: 'guard', ...record, commandId };
  }

  async head(): Promise<Head> {
    return this.headNow();
  }

  async findCommand(commandId: string): Promise<CommandRecord | null> {
    const known = this.commands.get(commandId);
    return known ? { ...known, duplicate: true } : null;
  }

  private headNow(): Head {
    const last = this.log[this.log.length - 1];
    return last ? { position: last.position, hash: last.hash } : { position: 0, hash: GENESIS_HASH };
  }
}
