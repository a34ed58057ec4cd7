// A tiny in-memory ledger for domain tests: streams keyed by stream id, states folded
// with the real evolve functions, decisions made with the real decide functions and a
// context built from the states it holds.
import {
  apiKeyStreamId,
  commandStreamId,
  type DomainCommand,
  type DomainEvent,
  decideApiKey,
  decideExecutor,
  decideMeasure,
  decidePlan,
  type Executor,
  eventStreamId,
  executorStreamId,
  foldApiKey,
  foldExecutor,
  foldMeasure,
  foldPlan,
  type MeasureContext,
  measureStreamId,
  planStreamId,
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

  decide(command: DomainCommand): DomainEvent[] {
    switch (command.type) {
      case 'RegisterExecutor':
      case 'RenameExecutor':
        return decideExecutor(command, this.executor(command.executorId));
      case 'LiquidateExecutor': {
        const successor = command.successorId === undefined ? null : this.executor(command.successorId);
        return decideExecutor(command, this.executor(command.executorId), { successor });
      }
      case 'CreatePlan':
      case 'AddSection':
        return decidePlan(command, this.plan(command.planId));
      case 'IssueApiKey': {
        const executor = command.executorId === undefined ? null : this.executor(command.executorId);
        return decideApiKey(command, this.apiKey(command.keyId), { executor });
      }
      case 'RevokeApiKey':
        return decideApiKey(command, this.apiKey(command.keyId));
      default: {
        const context: MeasureContext = { plan: this.plan(command.planId), executors: this.executors() };
        return decideMeasure(command, this.measure(command.planId, command.number), context);
      }
    }
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
