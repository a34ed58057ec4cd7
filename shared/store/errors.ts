// Typed failures of the event store. Each maps to one HTTP status.
import { AppError } from '../errors';

/** The stream is not at the expected version; nothing was written. */
export class ConcurrencyError extends AppError {
  readonly status = 409;
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number | 'no-stream' | 'any',
    readonly currentVersion: number,
  ) {
    super(
      'version_conflict',
      `stream ${streamId} is at version ${currentVersion}, expected ${String(expectedVersion)}`,
      {
        streamId,
        expectedVersion,
        currentVersion,
      },
    );
  }
}

/** The same commandId came with a different payload. */
export class IdempotencyConflictError extends AppError {
  readonly status = 409;
  constructor(readonly commandId: string) {
    super('idempotency_key_reused', `command ${commandId} was already used for a different request`, { commandId });
  }
}

/** An append breaks a documented limit (size, count); checked before any write. */
export class AppendLimitError extends AppError {
  readonly status = 413;
}

/** The input to the store itself is malformed (empty append, bad ids, bad instant). */
export class InvalidAppendError extends AppError {
  readonly status = 400;
}

/** DynamoDB could not be reached or kept refusing (after the SDK's retries). */
export class StoreUnavailableError extends AppError {
  readonly status = 503;
  constructor(
    message: string,
    readonly causeName?: string,
  ) {
    super('store_unavailable', message);
  }
}

/** What is read back from the store does not have the shape the store writes. */
export class StoreCorruptionError extends AppError {
  readonly status = 500;
}

/**
 * What the command side relies on (a stream's index and tip) disagrees with the log.
 * Nothing is decided on such a stream until someone looks: `npm run audit -- verify`
 * names every mismatch.
 */
export class StoreInconsistentError extends AppError {
  readonly status = 500;
  constructor(
    readonly streamId: string,
    detail: string,
  ) {
    super('store_inconsistent', `the stream ${streamId} disagrees with the log: ${detail}`, { streamId });
  }
}

/** The events table was written by an older layout of this code and needs its upgrade first. */
export class StoreLayoutError extends AppError {
  readonly status = 503;
}
