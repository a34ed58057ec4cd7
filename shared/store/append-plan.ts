// What both store implementations share: input checks and limits (all before any
// write), the idempotency fingerprint, and building the chained envelopes.
import { randomUUID } from 'node:crypto';
import { canonicalJson, eventHash, isCanonicalInstant, sha256Hex } from './canonical';
import { AppendLimitError, InvalidAppendError } from './errors';
import type { AppendOptions, EventEnvelope, Head, NewEvent } from './event-store';

/** One event's serialised data and metadata stay far below DynamoDB's 400 KB item limit. */
export const MAX_EVENT_BYTES = 64 * 1024;
/** A whole append stays far below the 4 MB transaction limit. */
export const MAX_APPEND_BYTES = 1024 * 1024;
/** DynamoDB allows 100 actions in one transaction. */
export const MAX_TRANSACTION_ACTIONS = 100;
/**
 * Each event takes two actions (log item, stream index item); the head, the
 * command guard and the expected-version check take three more.
 */
export const MAX_EVENTS_PER_APPEND = Math.floor((MAX_TRANSACTION_ACTIONS - 3) / 2);

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;
const COMMAND_ID = /^[\x21-\x7e]{1,200}$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{0,99}$/;

export function validateAppend(streamId: string, events: NewEvent[], options: AppendOptions): void {
  if (!STREAM_ID.test(streamId))
    throw new InvalidAppendError('invalid_stream_id', `invalid stream id: ${JSON.stringify(streamId)}`);
  if (!COMMAND_ID.test(options.commandId))
    throw new InvalidAppendError('invalid_command_id', 'command id must be 1-200 printable ASCII characters');
  if (!isCanonicalInstant(options.recordedAt))
    throw new InvalidAppendError(
      'invalid_recorded_at',
      `recordedAt must be an ISO UTC instant with milliseconds, got ${options.recordedAt}`,
    );
  const expected = options.expectedVersion;
  if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0))
    throw new InvalidAppendError('invalid_expected_version', `expected version must be a non-negative integer`);
  if (events.length === 0) throw new InvalidAppendError('empty_append', 'an append needs at least one event');
  if (events.length > MAX_EVENTS_PER_APPEND)
    throw new AppendLimitError(
      'too_many_events',
      `at most ${MAX_EVENTS_PER_APPEND} events per append, got ${events.length}`,
      {
        limit: MAX_EVENTS_PER_APPEND,
      },
    );
  let total = 0;
  for (const [index, event] of events.entries()) {
    if (!EVENT_TYPE.test(event.type))
      throw new InvalidAppendError('invalid_event_type', `event ${index}: invalid type ${JSON.stringify(event.type)}`);
    if (!(Number.isSafeInteger(event.schemaVersion) && event.schemaVersion >= 1))
      throw new InvalidAppendError(
        'invalid_schema_version',
        `event ${index}: schemaVersion must be a positive integer`,
      );
    const bytes = Buffer.byteLength(canonicalJson(event.data)) + Buffer.byteLength(canonicalJson(options.actor)) + 1024;
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
}

export function defaultFingerprint(streamId: string, events: NewEvent[]): string {
  return sha256Hex(
    canonicalJson({
      streamId,
      events: events.map((e) => ({ type: e.type, schemaVersion: e.schemaVersion, data: e.data })),
    }),
  );
}

/** Builds the envelopes for positions head+1… and versions firstVersion…, chained from the head. */
export function buildEnvelopes(
  streamId: string,
  events: NewEvent[],
  options: AppendOptions,
  head: Head,
  firstVersion: number,
): EventEnvelope[] {
  let prevHash = head.hash;
  return events.map((event, index) => {
    const body = {
      eventId: event.eventId ?? randomUUID(),
      streamId,
      version: firstVersion + index,
      position: head.position + 1 + index,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: {
        actor: options.actor,
        commandId: options.commandId,
        correlationId: options.correlationId ?? null,
        causationId: options.causationId ?? null,
      },
      recordedAt: options.recordedAt,
      prevHash,
    };
    const hash = eventHash(prevHash, body);
    prevHash = hash;
    return { ...body, hash };
  });
}

/** Backoff for head contention: full jitter, exponential, capped. */
export function backoffMs(attempt: number, baseMs = 10, capMs = 500): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}
