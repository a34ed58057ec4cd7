// The one registry of deciders: per aggregate, its stream, how its state folds, the
// other streams a decision needs (declared per command, never guessed from fields), and
// the decision. The command path, the import, publication and the domain tests all
// decide through these objects.
import { type ApiKeyCommand, decideApiKey, evolveApiKey, initialApiKeyState } from './apikey';
import type { ApiKeyState } from './apikey/state';
import type { CheckpointCommand } from './checkpoint/commands';
import { decideCheckpoint } from './checkpoint/decide';
import { CHECKPOINTS_STREAM } from './checkpoint/events';
import { type CheckpointState, evolveCheckpoint, initialCheckpointState } from './checkpoint/state';
import type { DomainEvent } from './event-log';
import {
  decideExecutor,
  type Executor,
  type ExecutorCommand,
  type ExecutorState,
  evolveExecutor,
  initialExecutorState,
} from './executor';
import {
  isApiKeyEvent,
  isCheckpointEvent,
  isExecutorEvent,
  isMeasureEvent,
  isPlanEvent,
  isPublicationEvent,
} from './fold';
import { decideMeasure, evolveMeasure, initialMeasureState, type MeasureCommand, type MeasureState } from './measure';
import { shareReachable } from './measure/year-budget';
import { overlapsYear, type Period } from './period';
import { decidePlan, evolvePlan, initialPlanState, type PlanCommand, type PlanState } from './plan';
import type { PublicationCommand } from './publication/commands';
import { decidePublication } from './publication/decide';
import { publicationStreamId } from './publication/events';
import { evolvePublication, initialPublicationState, type PublicationState } from './publication/state';
import { apiKeyStreamId, executorStreamId, measureStreamId, planStreamId } from './streams';

export type DomainCommand =
  | ExecutorCommand
  | PlanCommand
  | MeasureCommand
  | ApiKeyCommand
  | PublicationCommand
  | CheckpointCommand;
export type DomainCommandType = DomainCommand['type'];

/** The other streams a decision rests on. The command path checks at commit that none moved. */
export interface ContextNeeds {
  plans?: readonly string[];
  executors?: readonly string[];
  /** Also every successor of those executors, transitively: who may act for a liquidated one. */
  successors?: boolean;
}

/** What a decision may consult besides its own stream: exactly what it declared. */
export interface DecisionContext {
  plan(planId: string): PlanState;
  /** The declared executors (and successors, if asked): absent means not registered. */
  executors: ReadonlyMap<string, Executor>;
}

export interface Decider<C extends DomainCommand, S> {
  readonly aggregate: string;
  readonly commandTypes: readonly C['type'][];
  streamId(command: C): string;
  readonly initialState: S;
  /** Folds one event of the stream; events of other aggregates leave the state as it is. */
  evolve(state: S, event: DomainEvent): S;
  needs(command: C, state: S): ContextNeeds;
  decide(command: C, state: S, context: DecisionContext): DomainEvent[];
}

const ids = (...lists: (readonly (string | undefined)[] | undefined)[]) => [
  ...new Set(lists.flatMap((list) => (list ?? []).filter((id): id is string => id !== undefined))),
];

export const executorDecider: Decider<ExecutorCommand, ExecutorState> = {
  aggregate: 'executor',
  commandTypes: ['RegisterExecutor', 'RenameExecutor', 'LiquidateExecutor'],
  streamId: (command) => executorStreamId(command.executorId),
  initialState: initialExecutorState,
  evolve: (state, event) => (isExecutorEvent(event) ? evolveExecutor(state, event) : state),
  needs: (command) => (command.type === 'LiquidateExecutor' ? { executors: ids([command.successorId]) } : {}),
  decide: (command, state, context) =>
    decideExecutor(command, state, {
      successor:
        command.type === 'LiquidateExecutor' && command.successorId !== undefined
          ? (context.executors.get(command.successorId) ?? null)
          : null,
    }),
};

export const planDecider: Decider<PlanCommand, PlanState> = {
  aggregate: 'plan',
  commandTypes: ['CreatePlan', 'AddSection'],
  streamId: (command) => planStreamId(command.planId),
  initialState: initialPlanState,
  evolve: (state, event) => (isPlanEvent(event) ? evolvePlan(state, event) : state),
  needs: () => ({}),
  decide: (command, state) => decidePlan(command, state),
};

/**
 * The executors the year budget groups by succession line, in the years of the measure where
 * a share can be reached (`shareReachable`: a line's use is at most the year's): those whose
 * entries have had changes, near the changes share; near the live shares, those with live
 * entries (the decision reads their successors too, so their lines are known). The executors
 * the measure names are not read for it: every line has its share, however many the measure
 * names. Below that, none is read, so a co-executor's stream moving costs a write no retry.
 * Only the years the entry counts in once written (`period`) are looked at, as
 * checkYearBudget looks at no other: a full 2022 does not make a write of 2023 read them.
 */
function tallied(state: MeasureState, period: unknown): string[] {
  const read = new Set<string>();
  for (const [year, tally] of Object.entries(state?.years ?? {})) {
    if (!countsIn(period, Number(year))) continue;
    const reachable = shareReachable(tally);
    if (reachable.changes) for (const executorId of Object.keys(tally.changesBy)) read.add(executorId);
    if (reachable.live) for (const executorId of Object.keys(tally.entriesBy)) read.add(executorId);
  }
  return [...read];
}

/**
 * Whether an entry of this period counts in the year (`overlapsYear`, as `yearsOverlapped`
 * finds them). The command is not validated yet: a period it cannot read counts everywhere
 * (the decision refuses it before the budget anyway).
 */
function countsIn(period: unknown, year: number): boolean {
  try {
    return overlapsYear(period as Period, year);
  } catch {
    return true;
  }
}

/** Whom a measure decision consults: the plan, and the executors it names, checks or acts for. */
function measureNeeds(command: MeasureCommand, state: MeasureState): ContextNeeds {
  const plans = [command.planId];
  const reportOwner = (reportId: string) => state?.reports.get(reportId)?.executorId;
  switch (command.type) {
    case 'AddMeasure':
    case 'AmendMeasure':
      return { plans, executors: ids(command.executors?.map((x) => x.executorId)) };
    case 'ReportExecution':
      // An executor assigned to the measure may report whatever the others' states are: the
      // decision reads only its own (party, liquidation). Any other may report only as the
      // successor of an assigned one, which reads them all and their successors. The year
      // budget reads, where a share can be reached, those whose entries count in it, with
      // their successors: a succession line has one share of a year.
      if (state?.executors.some((x) => x.executorId === command.executorId)) {
        const shares = tallied(state, command.period);
        return shares.length === 0
          ? { plans, executors: ids([command.executorId]) }
          : { plans, executors: ids([command.executorId], shares), successors: true };
      }
      return {
        plans,
        executors: ids(
          [command.executorId],
          state?.executors.map((x) => x.executorId),
          tallied(state, command.period),
        ),
        successors: true,
      };
    case 'CorrectExecution': {
      // The years the entry counts in once corrected: its new period, or the one it has.
      const period = command.period ?? state?.reports.get(command.reportId)?.period;
      return { plans, executors: ids([reportOwner(command.reportId)], tallied(state, period)), successors: true };
    }
    case 'WithdrawExecution':
      return { plans, executors: ids([reportOwner(command.reportId)]), successors: true };
  }
}

export const measureDecider: Decider<MeasureCommand, MeasureState> = {
  aggregate: 'measure',
  commandTypes: ['AddMeasure', 'AmendMeasure', 'ReportExecution', 'CorrectExecution', 'WithdrawExecution'],
  streamId: (command) => measureStreamId(command.planId, command.number),
  initialState: initialMeasureState,
  evolve: (state, event) => (isMeasureEvent(event) ? evolveMeasure(state, event) : state),
  needs: measureNeeds,
  decide: (command, state, context) =>
    decideMeasure(command, state, { plan: context.plan(command.planId), executors: context.executors }),
};

export const apiKeyDecider: Decider<ApiKeyCommand, ApiKeyState> = {
  aggregate: 'apikey',
  commandTypes: ['IssueApiKey', 'RevokeApiKey'],
  streamId: (command) => apiKeyStreamId(command.keyId),
  initialState: initialApiKeyState,
  evolve: (state, event) => (isApiKeyEvent(event) ? evolveApiKey(state, event) : state),
  // Issuing: the agency key's executor and the plans it is limited to. Revoking: the
  // revoked key's executor, whose party says whether a party's coordinator may revoke it.
  needs: (command, state) =>
    command.type === 'IssueApiKey'
      ? { executors: ids([command.executorId]), plans: command.planIds ?? [] }
      : { executors: ids([state?.executorId ?? undefined]) },
  decide: (command, state, context) => {
    const executorId = command.type === 'IssueApiKey' ? command.executorId : (state?.executorId ?? undefined);
    return decideApiKey(command, state, {
      executor: executorId !== undefined ? (context.executors.get(executorId) ?? null) : null,
      plan: context.plan,
    });
  },
};

export const publicationDecider: Decider<PublicationCommand, PublicationState> = {
  aggregate: 'publication',
  commandTypes: ['PublishReport'],
  streamId: (command) => publicationStreamId(command.planId, command.year),
  initialState: initialPublicationState,
  evolve: (state, event) => (isPublicationEvent(event) ? evolvePublication(state, event) : state),
  needs: (command) => ({ plans: [command.planId] }),
  decide: (command, state, context) => decidePublication(command, state, context.plan(command.planId)),
};

/** Checkpoints of the Merkle tree, in one stream: each must extend the one before. */
export const checkpointDecider: Decider<CheckpointCommand, CheckpointState> = {
  aggregate: 'checkpoint',
  commandTypes: ['RecordCheckpoint'],
  streamId: () => CHECKPOINTS_STREAM,
  initialState: initialCheckpointState,
  evolve: (state, event) => (isCheckpointEvent(event) ? evolveCheckpoint(state, event) : state),
  needs: () => ({}),
  decide: (command, state) => decideCheckpoint(command, state),
};

// biome-ignore lint/suspicious/noExplicitAny: the registry holds deciders of every command and state type
type AnyDecider = Decider<any, any>;

export const DECIDERS: readonly AnyDecider[] = [
  executorDecider,
  planDecider,
  measureDecider,
  apiKeyDecider,
  publicationDecider,
  checkpointDecider,
];

const BY_TYPE = new Map<string, AnyDecider>(DECIDERS.flatMap((d) => d.commandTypes.map((type) => [type, d])));

/** The decider of a command; a command of no known type is a validation error upstream. */
export function deciderFor<C extends DomainCommand>(command: C): Decider<C, unknown> {
  const decider = BY_TYPE.get((command as { type: string }).type);
  if (!decider) throw new TypeError(`no decider for command type ${String((command as { type: unknown }).type)}`);
  return decider;
}

export function commandStreamId(command: DomainCommand): string {
  return deciderFor(command).streamId(command);
}

/** Folds a stream's events with its decider. */
export function foldWith<S>(decider: Decider<DomainCommand, S>, events: readonly DomainEvent[]): S {
  return events.reduce(decider.evolve, decider.initialState);
}

/** Where the context's states come from: the command path's cache, or a test's ledger. */
export interface ContextSource {
  plan(planId: string): PlanState;
  executor(executorId: string): ExecutorState;
}

/**
 * Resolves declared needs against a source. Returns the context and every stream it read
 * whose state could still change (absent ones included; not a liquidated executor's), which
 * the command path turns into commit conditions.
 */
export function resolveContext(
  needs: ContextNeeds,
  source: ContextSource,
): { context: DecisionContext; read: string[] } {
  const read = new Set<string>();
  const plans = new Map<string, PlanState>();
  for (const planId of needs.plans ?? []) {
    read.add(planStreamId(planId));
    plans.set(planId, source.plan(planId));
  }
  const executors = new Map<string, Executor>();
  const queue = [...(needs.executors ?? [])];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const id = queue.shift()!;
    const executor = source.executor(id);
    // A liquidated executor's stream is final: every command on it is refused (it is registered,
    // and may be neither renamed nor liquidated again), so what a decision read there cannot
    // change before its commit, and the commit need not check it. A long line of successors, or
    // a measure whose executors were succeeded, then costs the transaction one check per live
    // executor, not one per executor read (red team 6). An absent or live one is checked.
    if (!executor?.liquidation) read.add(executorStreamId(id));
    if (!executor) continue;
    executors.set(id, executor);
    const next = executor.liquidation?.successorId;
    if (needs.successors && next && !seen.has(next)) {
      seen.add(next);
      queue.push(next);
    }
  }
  const context: DecisionContext = {
    plan: (planId) => {
      if (!plans.has(planId)) throw new TypeError(`plan ${planId} was not declared by the decision`);
      return plans.get(planId) ?? null;
    },
    executors,
  };
  return { context, read: [...read] };
}
