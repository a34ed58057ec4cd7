// Decisions on an executor: register once; rename or liquidate only a live one.
import { KEEPER_ROLES, requireRole } from '../actor';
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
  if (executor.fullName === data.newName && executor.shortName === (data.newShortName ?? null)) {
    refuse('rename_changes_nothing', `Executor ${data.executorId} already has these names`);
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
  liveExecutor(state, data.executorId);
  if (data.successorId !== undefined) checkSuccessor(data.executorId, data.successorId, context.successor);
  return [{ type: 'ExecutorLiquidated', data }];
}

function checkSuccessor(executorId: string, successorId: string, successor: ExecutorState): void {
  if (successorId === executorId) refuse('successor_is_self', 'An executor cannot succeed itself');
  if (successor?.executorId !== successorId) {
    refuse('successor_not_found', `Successor ${successorId} is not registered`);
  }
  if (successor.liquidation) refuse('successor_liquidated', `Successor ${successorId} is liquidated`);
}
