// An executor's current facts, folded from its stream. null: never registered.
import type { ExecutorEvent } from './events';

export interface Liquidation {
  effectiveDate: string;
  successorId: string | null;
  note: string | null;
}

export interface Executor {
  executorId: string;
  fullName: string;
  shortName: string | null;
  party: string;
  kind: string | null;
  liquidation: Liquidation | null;
  /**
   * The latest effective date among its renames (null: never renamed). A rename dated
   * before it is refused; logs written before that rule may hold renames out of date
   * order, and fold all the same (the last recorded name is the current one).
   */
  renamedOn: string | null;
  /** Renames recorded (at most MAX_RENAMES_PER_EXECUTOR are taken; an older log may hold more). */
  renames: number;
}

export type ExecutorState = Executor | null;

export const initialExecutorState: ExecutorState = null;

/** Events that cannot apply (nothing registered yet) leave the state as it is. */
export function evolveExecutor(state: ExecutorState, event: ExecutorEvent): ExecutorState {
  switch (event.type) {
    case 'ExecutorRegistered': {
      const { executorId, fullName, shortName, party, kind } = event.data;
      return {
        executorId,
        fullName,
        shortName: shortName ?? null,
        party,
        kind: kind ?? null,
        liquidation: null,
        renamedOn: null,
        renames: 0,
      };
    }
    case 'ExecutorRenamed': {
      const { newName, newShortName, effectiveDate } = event.data;
      return (
        state && {
          ...state,
          fullName: newName,
          shortName: newShortName ?? null,
          renamedOn: state.renamedOn !== null && state.renamedOn > effectiveDate ? state.renamedOn : effectiveDate,
          renames: state.renames + 1,
        }
      );
    }
    case 'ExecutorLiquidated': {
      const { effectiveDate, successorId, note } = event.data;
      return (
        state && { ...state, liquidation: { effectiveDate, successorId: successorId ?? null, note: note ?? null } }
      );
    }
  }
}

/**
 * The executor followed by its successors, as long as each is liquidated and names one:
 * those who may act for it. Stops at a cycle or at an executor not in the directory.
 */
export function successionLine(executorId: string, directory: ReadonlyMap<string, Executor>): string[] {
  const line = [executorId];
  let current = directory.get(executorId);
  while (current?.liquidation?.successorId && !line.includes(current.liquidation.successorId)) {
    line.push(current.liquidation.successorId);
    current = directory.get(current.liquidation.successorId);
  }
  return line;
}
