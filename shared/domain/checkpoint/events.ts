// A signed checkpoint of the Merkle tree over the log, recorded in the log itself (once a
// day and after each publication), so that a history forked after it cannot be
// presented as the same log: the next checkpoint must extend it (a consistency proof
// from it is checked before it is recorded), and every later auditor sees it.
import { z } from 'zod';
import { Sha256HexSchema } from '../fields';

export const CHECKPOINTS_STREAM = 'checkpoints';

export const CheckpointRecordedSchema = z.object({
  /** The log the checkpoint is of (its first line). */
  origin: z.string(),
  /** It covers log positions 1..size. */
  size: z.number().int().positive(),
  /** MTH(size), hex. */
  rootHash: Sha256HexSchema,
  /** The signed note, as an auditor checks it with docs/verify-proof.mjs. */
  checkpoint: z.string(),
  /** The size of the checkpoint recorded before it (0: the first), proved to be its prefix. */
  previousSize: z.number().int().nonnegative(),
  trigger: z.enum(['schedule', 'publication', 'on-demand']),
});

export const CheckpointEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('CheckpointRecorded'), data: CheckpointRecordedSchema }),
]);
export type CheckpointEvent = z.infer<typeof CheckpointEventSchema>;
export type CheckpointRecorded = z.infer<typeof CheckpointRecordedSchema>;

export const CHECKPOINT_EVENT_VERSIONS = { CheckpointRecorded: 1 } as const satisfies Record<
  CheckpointEvent['type'],
  number
>;
