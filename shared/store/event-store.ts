// The event store contract: the log is the truth. Implementations:
// DynamoEventStore (production, DynamoDB) and MemoryEventStore (fast unit tests),
// both held to the same contract suite (test/store/contract.ts).
import type { JsonValue } from './canonical';
import type { TrustedItem } from './trusted-items';

export type ExpectedVersion = number | 'no-stream' | 'any';

/** Who caused an event. `keyId` names the API key (or `system`, `import`, `iam`). */
export interface ActorRef {
  keyId: string;
  role: string;
  executorId?: string;
  /** For `iam`: the AWS identity (ARN, from sts:GetCallerIdentity) that ran the CLI against a stack. */
  principal?: string;
}

export interface EventMetadata {
  actor: ActorRef;
  commandId: string;
  correlationId: string | null;
  causationId: string | null;
}

/** An event as the caller proposes it. */
export interface NewEvent {
  type: string;
  schemaVersion: number;
  data: { [key: string]: JsonValue };
  /** Optional; the store assigns a UUID when absent. */
  eventId?: string;
}

/** An event as recorded: the envelope every reader and auditor sees. */
export interface EventEnvelope {
  eventId: string;
  streamId: string;
  version: number;
  position: number;
  type: string;
  schemaVersion: number;
  data: { [key: string]: JsonValue };
  metadata: EventMetadata;
  recordedAt: string;
  prevHash: string;
  hash: string;
}

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  commandId: string;
  actor: ActorRef;
  /** The instant recorded on every event (ISO, UTC, milliseconds); never read from a clock here. */
  recordedAt: string;
  correlationId?: string | undefined;
  causationId?: string | undefined;
  /**
   * What "the same command" means for idempotency. Defaults to a hash of the stream
   * id and the events' type, schema version and data; the API passes a hash of the
   * request instead, so a retried request matches even if a re-decision differs.
   */
  fingerprint?: string;
}

export interface AppendResult {
  commandId: string;
  streamId: string;
  firstVersion: number;
  lastVersion: number;
  firstPosition: number;
  lastPosition: number;
  eventIds: string[];
  recordedAt: string;
  /** True when this is the stored result of an earlier append with the same commandId. */
  duplicate: boolean;
}

/** What the command guard keeps: the first result and the fingerprint it was given. */
export interface CommandRecord extends AppendResult {
  fingerprint: string;
}

export interface Head {
  position: number;
  hash: string;
}

/** Where a stream stands: its version and its last event's position and hash (0 and genesis when empty). */
export interface StreamTip {
  version: number;
  position: number;
  hash: string;
}

/** The decision rested on this stream at this version (0: the stream did not exist). */
export interface StreamCondition {
  streamId: string;
  version: number;
}

/**
 * One decided command: its events for a stream, decided on `expectedVersion` of it, and
 * the versions of the other streams its decision read. Appends to one stream in one
 * commit chain: each expects the version the previous one leaves.
 */
export interface PendingAppend {
  streamId: string;
  expectedVersion: number;
  events: NewEvent[];
  commandId: string;
  /** What "the same command" means for idempotency (see AppendOptions.fingerprint). */
  fingerprint: string;
  actor: ActorRef;
  recordedAt: string;
  correlationId?: string | undefined;
  causationId?: string | undefined;
  conditions?: readonly StreamCondition[] | undefined;
}

/**
 * What became of one append of a commit. `stale`: a stream it was decided on has moved
 * (its own, one it read, or an earlier append of the same commit that did not go in);
 * nothing of it was written and it should be decided again. `duplicate`: its command id
 * was recorded before (the caller compares fingerprints).
 */
export type AppendOutcome =
  | { status: 'written'; result: AppendResult }
  | { status: 'duplicate'; record: CommandRecord }
  | { status: 'stale'; streamIds: string[] };

export interface ReadStreamOptions {
  fromVersion?: number;
  toVersion?: number;
}

export interface ReadAllOptions {
  fromPosition?: number;
  toPosition?: number;
  /** Page size, 1..1000 (default 500). */
  limit?: number;
}

export interface ReadAllPage {
  events: EventEnvelope[];
  /** Where the next page starts, or null when the page reached toPosition or the head. */
  nextPosition: number | null;
}

export interface EventStore {
  /**
   * Writes as many of the appends as can go in, together, in one transaction where it
   * can: an append whose conditions fail is left out and the rest go in without it.
   * Positions are assigned at commit in the order given. Retries head contention itself.
   */
  commit(appends: readonly PendingAppend[]): Promise<AppendOutcome[]>;
  /** One append, with its expected version checked: a ConcurrencyError when the stream moved. */
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<EventEnvelope[]>;
  /** The events after `afterVersion`, and the tip they end at (a cached state's catch-up). */
  readTail(streamId: string, afterVersion: number): Promise<{ events: EventEnvelope[]; tip: StreamTip }>;
  /** The current version of a stream, 0 when it does not exist (one strongly consistent read). */
  streamVersion(streamId: string): Promise<number>;
  /** Where the stream stands (one strongly consistent read). */
  streamTip(streamId: string): Promise<StreamTip>;
  /** Where each of these streams stands (one strongly consistent read of up to 100 tips). */
  streamTips(streamIds: readonly string[]): Promise<Map<string, StreamTip>>;
  readAll(options?: ReadAllOptions): Promise<ReadAllPage>;
  head(): Promise<Head>;
  /** The recorded result of a command, or null: lets a retried request answer as the first did. */
  findCommand(commandId: string): Promise<CommandRecord | null>;
  /** Every item the command side trusts besides the events' content, as stored (for verification). */
  trustedItems(): AsyncIterable<TrustedItem>;
}

/** Iterates the whole log (or a range) page by page, in position order. */
export async function* iterateAll(
  store: Pick<EventStore, 'readAll'>,
  options: { fromPosition?: number; toPosition?: number; pageSize?: number } = {},
): AsyncGenerator<EventEnvelope> {
  let from: number | null = options.fromPosition ?? 1;
  while (from !== null) {
    const page: ReadAllPage = await store.readAll({
      fromPosition: from,
      ...(options.toPosition !== undefined ? { toPosition: options.toPosition } : {}),
      limit: options.pageSize ?? 500,
    });
    yield* page.events;
    from = page.nextPosition;
  }
}
