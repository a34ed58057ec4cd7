// Deciding a checkpoint: keepers (the system's schedule, a coordinator) only; larger than
// the last recorded one and proved to extend it (RFC 9162 consistency, pure hashing); the
// signed note must say what the command says.
import { parseCheckpointText } from '../../merkle/checkpoint';
import { hashFromHex } from '../../merkle/hash';
import { parseNote } from '../../merkle/signed-note';
import { verifyConsistency } from '../../merkle/verify-proofs';
import { KEEPER_ROLES, requireRole } from '../actor';
import { refuse } from '../refusals';
import { parseOrThrow } from '../validate';
import { type CheckpointCommand, RecordCheckpointSchema } from './commands';
import type { CheckpointEvent } from './events';
import type { CheckpointState } from './state';

export function decideCheckpoint(command: CheckpointCommand, state: CheckpointState): CheckpointEvent[] {
  requireRole(command.actor, KEEPER_ROLES, 'record checkpoints');
  const { type: _type, consistency, ...data } = parseOrThrow(RecordCheckpointSchema, command, 'checkpoint');
  if (!notes(data)) refuse('checkpoint_invalid', 'The signed note does not state this origin, size and root hash');
  const previousSize = state?.size ?? 0;
  if (state && data.size <= state.size) {
    refuse('checkpoint_not_newer', `A checkpoint of ${state.size} events is recorded already`, { size: state.size });
  }
  if (state) {
    const proved = verifyConsistency(
      state.size,
      data.size,
      hashFromHex(state.rootHash),
      hashFromHex(data.rootHash),
      consistency.map((hash) => hashFromHex(hash)),
    );
    if (!proved) {
      refuse(
        'checkpoint_inconsistent',
        `The log of ${data.size} events does not extend the recorded checkpoint of ${state.size}`,
        { size: state.size, rootHash: state.rootHash },
      );
    }
  }
  return [{ type: 'CheckpointRecorded', data: { ...data, previousSize } }];
}

function notes(data: { origin: string; size: number; rootHash: string; checkpoint: string }): boolean {
  try {
    const stated = parseCheckpointText(parseNote(data.checkpoint).text);
    return (
      stated.origin === data.origin &&
      stated.size === data.size &&
      Buffer.from(stated.rootHash).toString('hex') === data.rootHash
    );
  } catch {
    return false;
  }
}
