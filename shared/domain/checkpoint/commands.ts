// Recording a checkpoint: the caller (the schedule, the publisher) reads the tree, signs
// it and brings the consistency proof from the last recorded checkpoint; the decision
// checks that proof, so the log never records two checkpoints that disagree.
import { z } from 'zod';
import type { CommandEnvelope } from '../actor';
import { Sha256HexSchema } from '../fields';

export const RecordCheckpointSchema = z.object({
  type: z.literal('RecordCheckpoint'),
  origin: z.string().min(1).max(200),
  size: z.number().int().positive(),
  rootHash: Sha256HexSchema,
  checkpoint: z.string().min(1).max(4096),
  /** RFC 9162 PROOF(previous size, this size), hex, bottom-up; empty for the first. */
  consistency: z.array(Sha256HexSchema).max(128),
  trigger: z.enum(['schedule', 'publication', 'on-demand']),
});

export type RecordCheckpoint = z.infer<typeof RecordCheckpointSchema> & CommandEnvelope;
export type CheckpointCommand = RecordCheckpoint;
