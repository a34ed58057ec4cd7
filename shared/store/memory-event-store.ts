// An in-process event store with the same contract as DynamoEventStore, for fast
// unit tests and for offline replay of an export. Held to the same contract suite.
import { buildEnvelopes, defaultFingerprint, validateAppend } from './append-plan';
import { GENESIS_HASH } from './canonical';
import { ConcurrencyError, IdempotencyConflictError, InvalidAppendError } from './errors';
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

export class MemoryEventStore implements EventStore {
  private readonly log: EventEnvelope[] = [];
  private readonly streams = new Map<string, EventEnvelope[]>();
  private readonly commands = new Map<string, { fingerprint: string; result: AppendResult }>();

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

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    validateAppend(streamId, events, options);
    const fingerprint = options.fingerprint ?? defaultFingerprint(streamId, events);
    await Promise.resolve(); // interleave like a real store would
    // From here to the end runs without yielding: the in-process "transaction".
    const known = this.commands.get(options.commandId);
    if (known) {
      if (known.fingerprint !== fingerprint) throw new IdempotencyConflictError(options.commandId);
      return known.result;
    }
    const current = this.streams.get(streamId)?.length ?? 0;
    const expected = options.expectedVersion;
    if ((expected === 'no-stream' && current !== 0) || (typeof expected === 'number' && expected !== current)) {
      throw new ConcurrencyError(streamId, expected, current);
    }
    const envelopes = buildEnvelopes(streamId, events, options, this.headNow(), current + 1);
    for (const envelope of envelopes) this.load(envelope);
    const result: AppendResult = {
      commandId: options.commandId,
      streamId,
      firstVersion: current + 1,
      lastVersion: current + envelopes.length,
      firstPosition: envelopes[0]!.position,
      lastPosition: envelopes[envelopes.length - 1]!.position,
      eventIds: envelopes.map((e) => e.eventId),
      recordedAt: options.recordedAt,
      duplicate: false,
    };
    this.commands.set(options.commandId, { fingerprint, result: { ...result, duplicate: true } });
    return result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    const from = options.fromVersion ?? 1;
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    return (this.streams.get(streamId) ?? []).filter((e) => e.version >= from && e.version <= to);
  }

  async streamVersion(streamId: string): Promise<number> {
    return this.streams.get(streamId)?.length ?? 0;
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

  async head(): Promise<Head> {
    return this.headNow();
  }

  async findCommand(commandId: string): Promise<CommandRecord | null> {
    const known = this.commands.get(commandId);
    return known ? { ...known.result, fingerprint: known.fingerprint } : null;
  }

  private headNow(): Head {
    const last = this.log[this.log.length - 1];
    return last ? { position: last.position, hash: last.hash } : { position: 0, hash: GENESIS_HASH };
  }
}
