// Decisions on an executor: register once; rename or liquidate only a live one. A key
// limited to a party keeps that party's executors only; a successor is of the same party.
import { KEEPER_ROLES, requireOwnParty, requireRole } from '../actor';
import { MAX_RENAMES_PER_EXECUTOR } from '../limits';
import { refuse } from '../refusals';
import { parseOrThrow, unknownCommand } from '../validate';
import {
  type ExecutorCommand,
  type LiquidateExecutor,
  LiquidateExecutorSchema,
  type RegisterExecutor,
  RegisterExecutorSchema,
  type RenameExecutor,
  RenameExecutorSchema,
} from './commands';
import type { ExecutorEvent } from './events';
import type { Executor, ExecutorState } from './state';

export interface ExecutorContext {
  /** For LiquidateExecutor with a successorId: that successor's state (null if unknown). */
  successor: ExecutorState;
}

const NO_CONTEXT: ExecutorContext = { successor: null };

export function decideExecutor(
  command: ExecutorCommand,
  state: ExecutorState,
  context: ExecutorContext = NO_CONTEXT,
): ExecutorEvent[] {
  switch (command.type) {
    case 'RegisterExecutor':
      return registerExecutor(command, state);
    case 'RenameExecutor':
      return renameExecutor(command, state);
    case 'LiquidateExecutor':
      return liquidateExecutor(command, state, context);
    default:
      return unknownCommand(command);
  }
}

function registerExecutor(command: RegisterExecutor, state: ExecutorState): ExecutorEvent[] {
  requireRole(command.actor, KEEPER_ROLES, 'register executors');
  const { type: _type, ...data } = parseOrThrow(RegisterExecutorSchema, command, 'executor');
  requireOwnParty(command.actor, data);
  if (state) refuse('executor_exists', `Executor ${data.executorId} is already registered`);
  return [{ type: 'ExecutorRegistered', data }];
}

function liveExecutor(state: ExecutorState, executorId: string): Executor {
  if (!state) return refuse('executor_not_found', `Executor ${executorId} is not registered`);
  if (state.liquidation) {
    refuse('executor_liquidated', `Executor ${executorId} was liquidated on ${state.liquidation.effectiveDate}`);
  }
  return state;
}

function renameExecutor(command: RenameExecutor, state: ExecutorState): ExecutorEvent[] {
  requireRole(command.actor, KEEPER_ROLES, 'rename executors');
  const { type: _type, ...data } = parseOrThrow(RenameExecutorSchema, command, 'rename');
  const executor = liveExecutor(state, data.executorId);
  requireOwnParty(command.actor, executor);
  if (executor.renamedOn !== null && data.effectiveDate < executor.renamedOn) {
    refuse(
      'rename_out_of_order',
      `Executor ${data.executorId} was already renamed with effect from ${executor.renamedOn}; a rename must not take effect before it (${data.effectiveDate})`,
      { effectiveDate: data.effectiveDate, latestRenameDate: executor.renamedOn },
    );
  }
  if (executor.fullName === data.newName && executor.shortName === (data.newShortName ?? null)) {
    refuse('rename_changes_nothing', `Executor ${data.executorId} already has these names`);
  }
  if (executor.renames >= MAX_RENAMES_PER_EXECUTOR) {
    refuse(
      'executor_renames_exceeded',
      `Executor ${data.executorId} has been renamed ${executor.renames} times; an executor takes at most ${MAX_RENAMES_PER_EXECUTOR} renames`,
      { executorId: data.executorId, limit: MAX_RENAMES_PER_EXECUTOR, used: executor.renames },
    );
  }
  return [{ type: 'ExecutorRenamed', data }];
}

function liquidateExecutor(
  command: LiquidateExecutor,
  state: ExecutorState,
  context: ExecutorContext,
): ExecutorEvent[] {
  requireRole(command.actor, KEEPER_ROLES, 'liquidate executors');
  const { type: _type, ...data } = parseOrThrow(LiquidateExecutorSchema, command, 'liquidation');
  const executor = liveExecutor(state, data.executorId);
  requireOwnParty(command.actor, executor);
  if (data.successorId !== undefined) checkSuccessor(executor, data.successorId, context.successor);
  return [{ type: 'ExecutorLiquidated', data }];
}

/** The successor carries on the executor's work in the same region: it reports in that party's report. */
function checkSuccessor(executor: Executor, successorId: string, successor: ExecutorState): void {
  if (successorId === executor.executorId) refuse('successor_is_self', 'An executor cannot succeed itself');
  if (successor?.executorId !== successorId) {
    refuse('successor_not_found', `Successor ${successorId} is not registered`);
  }
  if (successor.liquidation) refuse('successor_liquidated', `Successor ${successorId} is liquidated`);
  if (successor.party !== executor.party) {
    refuse(
      'successor_of_other_party',
      `Successor ${successorId} belongs to ${successor.party}, executor ${executor.executorId} to ${executor.party}`,
      { successorId, party: successor.party },
    );
  }
}
