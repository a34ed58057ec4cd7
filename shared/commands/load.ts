// Loads aggregate states from their streams (strongly consistent reads of the log),
// and the context a decision needs from other aggregates.
import {
  apiKeyStreamId,
  type DomainCommand,
  type DomainEvent,
  type Executor,
  executorStreamId,
  foldApiKey,
  foldExecutor,
  foldMeasure,
  foldPlan,
  measureStreamId,
  parseEventData,
  planStreamId,
} from '../domain';
import type { EventStore } from '../store/event-store';

export interface LoadedStream {
  events: DomainEvent[];
  version: number;
}

export async function loadStream(store: EventStore, streamId: string): Promise<LoadedStream> {
  const envelopes = await store.readStream(streamId);
  return {
    events: envelopes.map((e) => parseEventData(e.type, e.schemaVersion, e.data)),
    version: envelopes.length === 0 ? 0 : envelopes[envelopes.length - 1]!.version,
  };
}

export async function loadExecutor(store: EventStore, executorId: string) {
  return foldExecutor((await loadStream(store, executorStreamId(executorId))).events);
}

export async function loadPlan(store: EventStore, planId: string) {
  return foldPlan((await loadStream(store, planStreamId(planId))).events);
}

export async function loadMeasure(store: EventStore, planId: string, number: string) {
  return foldMeasure((await loadStream(store, measureStreamId(planId, number))).events);
}

export async function loadApiKey(store: EventStore, keyId: string) {
  return foldApiKey((await loadStream(store, apiKeyStreamId(keyId))).events);
}

/** The named executors and every successor reachable from them. */
export async function loadExecutors(store: EventStore, ids: Iterable<string>): Promise<Map<string, Executor>> {
  const found = new Map<string, Executor>();
  const queue = [...new Set(ids)];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const batch = queue.splice(0, 16);
    const states = await Promise.all(batch.map((id) => loadExecutor(store, id)));
    for (const state of states) {
      if (!state) continue;
      found.set(state.executorId, state);
      const next = state.liquidation?.successorId;
      if (next && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return found;
}

/** Executors a measure command may need: in the command, on the measure, the actor's. */
export function executorIdsFor(command: DomainCommand, measureExecutors: readonly string[]): string[] {
  const ids = new Set(measureExecutors);
  if (command.actor.executorId) ids.add(command.actor.executorId);
  if ('executorId' in command && typeof command.executorId === 'string') ids.add(command.executorId);
  if ('executors' in command && Array.isArray(command.executors))
    for (const a of command.executors) ids.add(a.executorId);
  return [...ids];
}
