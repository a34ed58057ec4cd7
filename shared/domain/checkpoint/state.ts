// The last checkpoint recorded: what the next one must extend.
import type { CheckpointEvent } from './events';

export type CheckpointState = { size: number; rootHash: string } | null;

export const initialCheckpointState: CheckpointState = null;

export function evolveCheckpoint(_state: CheckpointState, event: CheckpointEvent): CheckpointState {
  return { size: event.data.size, rootHash: event.data.rootHash };
}
