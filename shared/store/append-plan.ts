// What both store implementations share: input checks and limits (all before any
// write), the idempotency fingerprint, building the chained envelopes of a commit,
// and the single `append` expressed as a commit of one.
import { randomUUID } from 'node:crypto';
import { canonicalJson, eventHash, isCanonicalInstant, sha256Hex } from './canonical';
import { AppendLimitError, ConcurrencyError, IdempotencyConflictError, InvalidAppendError } from './errors';
import type {
  AppendOptions,
  AppendResult,
  EventEnvelope,
  EventStore,
  Head,
  NewEvent,
  PendingAppend,
} from './event-store';

/** One event's serialised data and metadata stay far below DynamoDB's 400 KB item limit. */
export const MAX_EVENT_BYTES = 64 * 1024;
/** A whole append stays far below the 4 MB transaction limit. */
export const MAX_APPEND_BYTES = 1024 * 1024;
/** DynamoDB allows 100 actions in one transaction. */
export const MAX_TRANSACTION_ACTIONS = 100;
/** A commit stays under DynamoDB's 4 MB transaction limit, with room for keys and attributes. */
export const MAX_COMMIT_BYTES = 3 * 1024 * 1024;
/**
 * Part of the API (`too_many_events`), so it stays 48: within one transaction's 100
 * actions with room to spare, as each event takes one action (its log item) and the
 * head, the command guard, the stream's tip and its run index item four more.
 */
export const MAX_EVENTS_PER_APPEND = 48;

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;
const COMMAND_ID = /^[\x21-\x7e]{1,200}$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{0,99}$/;

export function checkStreamId(streamId: string): void {
  if (!STREAM_ID.test(streamId))
    throw new InvalidAppendError('invalid_stream_id', `invalid stream id: ${JSON.stringify(streamId)}`);
}

/** The bytes an append adds to a transaction (data, actor and an allowance for the envelope). */
export function appendBytes(append: Pick<PendingAppend, 'events' | 'actor'>): number {
  const actor = Buffer.byteLength(canonicalJson(append.actor));
  return append.events.reduce((total, event) => total + eventBytes(event, actor), 0);
}

/** One event's share of `appendBytes`, given the bytes of the append's actor. */
function eventBytes(event: NewEvent, actorBytes: number): number {
  return Buffer.byteLength(canonicalJson(event.data)) + actorBytes + 1024;
}

/**
 * Checks one append's ids, events and limits; throws the typed error a client would see.
 * Returns its bytes as `appendBytes` counts them, so a caller need not serialise it again.
 */
export function validatePending(append: PendingAppend): number {
  checkStreamId(append.streamId);
  if (!COMMAND_ID.test(append.commandId))
    throw new InvalidAppendError('invalid_command_id', 'command id must be 1-200 printable ASCII characters');
  if (!isCanonicalInstant(append.recordedAt))
    throw new InvalidAppendError(
      'invalid_recorded_at',
      `recordedAt must be an ISO UTC instant with milliseconds, got ${append.recordedAt}`,
    );
  if (!(Number.isSafeInteger(append.expectedVersion) && append.expectedVersion >= 0))
    throw new InvalidAppendError('invalid_expected_version', 'expected version must be a non-negative integer');
  const { events } = append;
  if (events.length === 0) throw new InvalidAppendError('empty_append', 'an append needs at least one event');
  if (events.length > MAX_EVENTS_PER_APPEND)
    throw new AppendLimitError(
      'too_many_events',
      `at most ${MAX_EVENTS_PER_APPEND} events per append, got ${events.length}`,
      { limit: MAX_EVENTS_PER_APPEND },
    );
  let total = 0;
  let actorBytes: number | undefined;
  for (const [index, event] of events.entries()) {
    if (!EVENT_TYPE.test(event.type))
      throw new InvalidAppendError('invalid_event_type', `event ${index}: invalid type ${JSON.stringify(event.type)}`);
    if (!(Number.isSafeInteger(event.schemaVersion) && event.schemaVersion >= 1))
      throw new InvalidAppendError(
        'invalid_schema_version',
        `event ${index}: schemaVersion must be a positive integer`,
      );
    actorBytes ??= Buffer.byteLength(canonicalJson(append.actor));
    const bytes = eventBytes(event, actorBytes);
    if (bytes > MAX_EVENT_BYTES)
      throw new AppendLimitError(
        'event_too_large',
        `event ${index} is ${bytes} bytes; the limit is ${MAX_EVENT_BYTES}`,
        {
          limit: MAX_EVENT_BYTES,
        },
      );
    total += bytes;
  }
  if (total > MAX_APPEND_BYTES)
    throw new AppendLimitError('append_too_large', `the append is ${total} bytes; the limit is ${MAX_APPEND_BYTES}`, {
      limit: MAX_APPEND_BYTES,
    });
  for (const condition of append.conditions ?? []) {
    checkStreamId(condition.streamId);
    if (!(Number.isSafeInteger(condition.version) && condition.version >= 0))
      throw new InvalidAppendError('invalid_condition', `condition on ${condition.streamId}: bad version`);
  }
  return total;
}

/**
 * Checks a whole commit: each append, distinct command ids, appends to one stream that
 * chain, and conditions that neither disagree nor name a stream the commit writes
 * (DynamoDB refuses two actions on one item; the caller keeps such commands apart).
 */
export function validateCommit(appends: readonly PendingAppend[]): void {
  const commandIds = new Set<string>();
  const next = new Map<string, number>();
  for (const append of appends) {
    validatePending(append);
    if (commandIds.has(append.commandId))
      throw new InvalidAppendError('duplicate_command_in_commit', `command ${append.commandId} twice in one commit`);
    commandIds.add(append.commandId);
    const expected = next.get(append.streamId);
    if (expected !== undefined && expected !== append.expectedVersion)
      throw new InvalidAppendError('unchained_appends', `appends to ${append.streamId} in one commit must chain`);
    next.set(append.streamId, append.expectedVersion + append.events.length);
  }
  const conditions = new Map<string, number>();
  for (const append of appends) {
    for (const condition of append.conditions ?? []) {
      if (condition.streamId === append.streamId) continue;
      if (next.has(condition.streamId))
        throw new InvalidAppendError('condition_on_written_stream', `${condition.streamId} is written in this commit`);
      const seen = conditions.get(condition.streamId);
      if (seen !== undefined && seen !== condition.version)
        throw new InvalidAppendError('conflicting_conditions', `two versions of ${condition.streamId} in one commit`);
      conditions.set(condition.streamId, condition.version);
    }
  }
}

/** The distinct conditions of a commit, leaving out each append's own stream. */
export function commitConditions(appends: readonly PendingAppend[]): Map<string, number> {
  const conditions = new Map<string, number>();
  for (const append of appends) {
    for (const condition of append.conditions ?? []) {
      if (condition.streamId !== append.streamId) conditions.set(condition.streamId, condition.version);
    }
  }
  return conditions;
}

export function defaultFingerprint(streamId: string, events: NewEvent[]): string {
  return sha256Hex(
    canonicalJson({
      streamId,
      events: events.map((e) => ({ type: e.type, schemaVersion: e.schemaVersion, data: e.data })),
    }),
  );
}

/** Event ids fixed once per append, so an attempt repeated after a lost answer writes the same ids. */
export function assignEventIds(appends: readonly PendingAppend[]): string[][] {
  return appends.map((append) => append.events.map((event) => event.eventId ?? randomUUID()));
}

/** Builds the envelopes of one append at positions from `head.position + 1`, chained from `head.hash`. */
export function buildEnvelopes(append: PendingAppend, eventIds: readonly string[], head: Head): EventEnvelope[] {
  let prevHash = head.hash;
  return append.events.map((event, index) => {
    const body = {
      eventId: eventIds[index] ?? randomUUID(),
      streamId: append.streamId,
      version: append.expectedVersion + 1 + index,
      position: head.position + 1 + index,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: {
        actor: append.actor,
        commandId: append.commandId,
        correlationId: append.correlationId ?? null,
        causationId: append.causationId ?? null,
      },
      recordedAt: append.recordedAt,
      prevHash,
    };
    const hash = eventHash(prevHash, body);
    prevHash = hash;
    return { ...body, hash };
  });
}

export function resultOf(append: PendingAppend, envelopes: readonly EventEnvelope[]): AppendResult {
  const first = envelopes[0]!;
  const last = envelopes[envelopes.length - 1]!;
  return {
    commandId: append.commandId,
    streamId: append.streamId,
    firstVersion: first.version,
    lastVersion: last.version,
    firstPosition: first.position,
    lastPosition: last.position,
    eventIds: envelopes.map((e) => e.eventId),
    recordedAt: append.recordedAt,
    duplicate: false,
  };
}

/** Backoff for contention: full jitter, exponential, capped. */
export function backoffMs(attempt: number, baseMs = 10, capMs = 500): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

/**
 * `append` for both stores: a commit of one. With `any`, a stream that moved meanwhile
 * is read again and the events go on top; otherwise the move is a ConcurrencyError.
 */
export async function appendOne(
  store: Pick<EventStore, 'commit' | 'streamVersion'>,
  streamId: string,
  events: NewEvent[],
  options: AppendOptions,
): Promise<AppendResult> {
  checkStreamId(streamId);
  const fingerprint = options.fingerprint ?? defaultFingerprint(streamId, events);
  const expected = options.expectedVersion;
  const pinned = expected === 'no-stream' ? 0 : expected === 'any' ? undefined : expected;
  if (pinned !== undefined && !(Number.isSafeInteger(pinned) && pinned >= 0))
    throw new InvalidAppendError('invalid_expected_version', 'expected version must be a non-negative integer');
  const ids = events.map((event) => event.eventId ?? randomUUID());
  for (let attempt = 0; ; attempt++) {
    const version = pinned ?? (await store.streamVersion(streamId));
    const [outcome] = await store.commit([
      {
        streamId,
        expectedVersion: version,
        events: events.map((event, i) => ({ ...event, eventId: ids[i]! })),
        commandId: options.commandId,
        fingerprint,
        actor: options.actor,
        recordedAt: options.recordedAt,
        correlationId: options.correlationId,
        causationId: options.causationId,
      },
    ]);
    if (outcome === undefined) throw new Error('a commit of one append returned no outcome');
    if (outcome.status === 'written') return outcome.result;
    if (outcome.status === 'duplicate') {
      if (outcome.record.fingerprint !== fingerprint) throw new IdempotencyConflictError(options.commandId);
      const { fingerprint: _f, ...result } = outcome.record;
      return { ...result, duplicate: true };
    }
    if (pinned !== undefined) throw new ConcurrencyError(streamId, expected, await store.streamVersion(streamId));
    if (attempt > 50) throw new ConcurrencyError(streamId, expected, await store.streamVersion(streamId));
    await new Promise((resolve) => setTimeout(resolve, backoffMs(Math.min(attempt, 5), 5, 200)));
  }
}
