// Records a signed checkpoint of the Merkle tree in the log (the schedule once a day,
// the publisher after each publication): the tree is brought up to the log's head, its
// head signed, and the consistency proof from the last recorded checkpoint handed to
// the decision, which refuses a checkpoint that does not extend it. See docs/MERKLE.md.
import { executeCommand } from '../commands/execute';
import type { Actor } from '../domain/actor';
import { CHECKPOINTS_STREAM, type CheckpointRecorded } from '../domain/checkpoint/events';
import { parseEventData } from '../domain/event-log';
import { AppError } from '../errors';
import { signCheckpoint } from '../merkle/checkpoint';
import { hashToHex } from '../merkle/hash';
import { MerkleLog } from '../merkle/merkle-log';
import type { CheckpointSigner } from '../merkle/signer';
import type { TileStore } from '../merkle/tile-store';
import { advanceTree } from '../projections/tree-follower';
import type { Logger } from '../runtime/logger';
import type { EventStore } from '../store/event-store';

export interface RecordCheckpointDeps {
  store: EventStore;
  tree: MerkleLog;
  signer: CheckpointSigner;
}

export type RecordedCheckpoint = CheckpointRecorded & {
  /** The log position of the CheckpointRecorded event; null when the tree had not grown since the last one. */
  position: number | null;
};

/** Decisions lost to another recorder's checkpoint are made again from it, this many times. */
const ATTEMPTS = 4;

export async function recordCheckpoint(
  deps: RecordCheckpointDeps,
  options: { actor: Actor; at: string; trigger: CheckpointRecorded['trigger'] },
): Promise<RecordedCheckpoint> {
  for (let attempt = 1; ; attempt++) {
    const head = await advanceTree(deps.tree, deps.store, (await deps.store.head()).position);
    const last = await lastCheckpoint(deps.store);
    if (last && last.size >= head.size) return { ...last, position: null };
    const consistency = last ? await deps.tree.consistencyProof(last.size, head.size, head) : [];
    const origin = deps.signer.keyName;
    const checkpoint = await signCheckpoint({ origin, size: head.size, rootHash: head.rootHash }, deps.signer);
    const data = { origin, size: head.size, rootHash: hashToHex(head.rootHash), checkpoint };
    try {
      const result = await executeCommand(
        deps.store,
        {
          type: 'RecordCheckpoint',
          ...data,
          consistency: consistency.map(hashToHex),
          trigger: options.trigger,
          actor: options.actor,
          at: options.at,
        },
        { commandId: `checkpoint-${head.size}`, fingerprint: `${head.size}:${data.rootHash}`, recordedAt: options.at },
      );
      return { ...data, previousSize: last?.size ?? 0, trigger: options.trigger, position: result.lastPosition };
    } catch (error) {
      // Another recorder got there first: decide again from its checkpoint.
      const raced =
        error instanceof AppError && ['checkpoint_not_newer', 'checkpoint_inconsistent'].includes(error.code);
      if (!raced || attempt >= ATTEMPTS) throw error;
    }
  }
}

/** When the last checkpoint was recorded (ISO), or null when none was. */
export async function lastCheckpointAt(
  store: Pick<EventStore, 'streamVersion' | 'readStream'>,
): Promise<string | null> {
  const version = await store.streamVersion(CHECKPOINTS_STREAM);
  if (version === 0) return null;
  const [event] = await store.readStream(CHECKPOINTS_STREAM, { fromVersion: version, toVersion: version });
  return event?.recordedAt ?? null;
}

/** The last CheckpointRecorded in the log, or null. */
export async function lastCheckpoint(
  store: Pick<EventStore, 'streamVersion' | 'readStream'>,
): Promise<(CheckpointRecorded & { position: number }) | null> {
  const version = await store.streamVersion(CHECKPOINTS_STREAM);
  if (version === 0) return null;
  const [event] = await store.readStream(CHECKPOINTS_STREAM, { fromVersion: version, toVersion: version });
  if (!event) return null;
  const parsed = parseEventData(event.type, event.schemaVersion, event.data);
  if (parsed.type !== 'CheckpointRecorded') throw new Error(`unexpected ${event.type} in ${CHECKPOINTS_STREAM}`);
  return { ...parsed.data, position: event.position };
}

/**
 * After a publication, where the publisher can sign (the API, the yearly report function):
 * records a checkpoint; a failure is logged, never undoes the publication (the daily
 * checkpoint follows).
 */
export async function checkpointAfterPublication(
  deps: { store: EventStore; tiles?: TileStore | undefined; signer?: (() => Promise<CheckpointSigner>) | undefined },
  options: { actor: Actor; at: string; logger: Logger },
): Promise<RecordedCheckpoint | null> {
  if (!deps.tiles || !deps.signer) return null;
  try {
    const signer = await deps.signer();
    return await recordCheckpoint(
      { store: deps.store, tree: new MerkleLog(deps.tiles), signer },
      { actor: options.actor, at: options.at, trigger: 'publication' },
    );
  } catch (error) {
    options.logger.error('the checkpoint after the publication could not be recorded', { error });
    return null;
  }
}
