// A tiny in-memory ledger for domain tests: streams keyed by stream id, decisions made
// by the decider registry the command path uses, with the context each decider declares.
import {
  apiKeyStreamId,
  commandStreamId,
  type DomainCommand,
  type DomainEvent,
  deciderFor,
  type Executor,
  eventStreamId,
  executorStreamId,
  foldApiKey,
  foldExecutor,
  foldMeasure,
  foldPlan,
  foldWith,
  measureStreamId,
  planStreamId,
  resolveContext,
} from '../../../shared/domain';

export class InMemoryLedger {
  private readonly streams = new Map<string, DomainEvent[]>();

  record(events: readonly DomainEvent[]): void {
    for (const event of events) {
      const streamId = eventStreamId(event);
      this.streams.set(streamId, [...(this.streams.get(streamId) ?? []), event]);
    }
  }

  events(streamId: string): DomainEvent[] {
    return this.streams.get(streamId) ?? [];
  }

  streamIds(): string[] {
    return [...this.streams.keys()];
  }

  executor(executorId: string) {
    return foldExecutor(this.events(executorStreamId(executorId)));
  }

  plan(planId: string) {
    return foldPlan(this.events(planStreamId(planId)));
  }

  measure(planId: string, number: string) {
    return foldMeasure(this.events(measureStreamId(planId, number)));
  }

  apiKey(keyId: string) {
    return foldApiKey(this.events(apiKeyStreamId(keyId)));
  }

  /** Every registered executor: the directory a measure decision consults. */
  executors(): Map<string, Executor> {
    const directory = new Map<string, Executor>();
    for (const streamId of this.streamIds()) {
      const executor = foldExecutor(this.events(streamId));
      if (executor) directory.set(executor.executorId, executor);
    }
    return directory;
  }

  /**
   * Decides through the registry the command path uses, with the context the decider
   * declares (and nothing more) resolved from this ledger's streams.
   */
  decide(command: DomainCommand): DomainEvent[] {
    const decider = deciderFor(command);
    const state = foldWith(decider, this.events(decider.streamId(command)));
    const { context } = resolveContext(decider.needs(command, state), {
      plan: (planId) => this.plan(planId),
      executor: (executorId) => this.executor(executorId),
    });
    return decider.decide(command, state, context);
  }

  /** Decides and records; returns the new events. Checks each lands on the command's stream. */
  execute(command: DomainCommand): DomainEvent[] {
    const events = this.decide(command);
    const streamId = commandStreamId(command);
    const stray = events.find((event) => eventStreamId(event) !== streamId);
    if (stray) throw new Error(`${command.type} produced ${stray.type} for another stream`);
    this.record(events);
    return events;
  }
}
