// Runs one domain command: load the state, decide, append. A stream-version
// conflict re-reads and re-decides (bounded) unless the caller pinned a version
// with If-Match; a retried command id answers with the first result.
import {
  commandStreamId,
  type DomainCommand,
  type DomainEvent,
  decideApiKey,
  decideExecutor,
  decideMeasure,
  decidePlan,
  EVENT_SCHEMA_VERSIONS,
  foldApiKey,
  foldExecutor,
  foldMeasure,
  foldPlan,
} from '../domain';
import { AppError } from '../errors';
import { backoffMs } from '../store/append-plan';
import { ConcurrencyError, IdempotencyConflictError } from '../store/errors';
import type { AppendResult, EventStore, NewEvent } from '../store/event-store';
import { executorIdsFor, loadExecutor, loadExecutors, loadPlan, loadStream } from './load';

/** 412: the If-Match version is not the stream's version. */
export class PreconditionFailedError extends AppError {
  readonly status = 412;
}

export interface ExecuteOptions {
  /** The Idempotency-Key, or a generated id when the client sent none. */
  commandId: string;
  /** What makes a retry "the same request" (a hash of method, path and body). */
  fingerprint: string;
  /** If-Match: the stream version the client saw. */
  expectedVersion?: number;
  correlationId?: string;
  recordedAt: string;
  /** Decisions tried when others write the same stream meanwhile (default 8). */
  maxAttempts?: number;
}

async function decide(store: EventStore, command: DomainCommand, events: DomainEvent[]): Promise<DomainEvent[]> {
  switch (command.type) {
    case 'RegisterExecutor':
    case 'RenameExecutor':
    case 'LiquidateExecutor': {
      const successorId = command.type === 'LiquidateExecutor' ? command.successorId : undefined;
      const successor = successorId ? await loadExecutor(store, successorId) : null;
      return decideExecutor(command, foldExecutor(events), { successor });
    }
    case 'CreatePlan':
    case 'AddSection':
      return decidePlan(command, foldPlan(events));
    case 'AddMeasure':
    case 'AmendMeasure':
    case 'ReportExecution':
    case 'CorrectExecution':
    case 'WithdrawExecution': {
      const state = foldMeasure(events);
      const onMeasure = state ? state.executors.map((x) => x.executorId) : [];
      const [plan, executors] = await Promise.all([
        loadPlan(store, command.planId),
        loadExecutors(store, executorIdsFor(command, onMeasure)),
      ]);
      return decideMeasure(command, state, { plan, executors });
    }
    case 'IssueApiKey':
    case 'RevokeApiKey': {
      const executorId = command.type === 'IssueApiKey' ? command.executorId : undefined;
      const executor = executorId ? await loadExecutor(store, executorId) : null;
      return decideApiKey(command, foldApiKey(events), { executor });
    }
  }
}

export function toNewEvents(events: DomainEvent[]): NewEvent[] {
  return events.map((event) => ({
    type: event.type,
    schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
    data: event.data as NewEvent['data'],
  }));
}

export async function executeCommand(
  store: EventStore,
  command: DomainCommand,
  options: ExecuteOptions,
): Promise<AppendResult> {
  const previous = await store.findCommand(options.commandId);
  if (previous) {
    if (previous.fingerprint !== options.fingerprint) throw new IdempotencyConflictError(options.commandId);
    const { fingerprint: _f, ...result } = previous;
    return result;
  }
  const streamId = commandStreamId(command);
  const attempts = options.expectedVersion === undefined ? (options.maxAttempts ?? 8) : 1;
  for (let attempt = 1; ; attempt++) {
    const stream = await loadStream(store, streamId);
    if (options.expectedVersion !== undefined && options.expectedVersion !== stream.version) {
      throw new PreconditionFailedError(
        'version_mismatch',
        `${streamId} is at version ${stream.version}, not ${options.expectedVersion}.`,
        {
          streamId,
          currentVersion: stream.version,
        },
      );
    }
    const events = await decide(store, command, stream.events);
    try {
      return await store.append(streamId, toNewEvents(events), {
        expectedVersion: stream.version === 0 ? 'no-stream' : stream.version,
        commandId: options.commandId,
        fingerprint: options.fingerprint,
        actor: command.actor,
        recordedAt: options.recordedAt,
        correlationId: options.correlationId,
      });
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      if (options.expectedVersion !== undefined) {
        throw new PreconditionFailedError('version_mismatch', `${streamId} moved to version ${error.currentVersion}.`, {
          streamId,
          currentVersion: error.currentVersion,
        });
      }
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, 5, 200)));
    }
  }
}
