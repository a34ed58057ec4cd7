// Events of an executor (a department, an institution, an АНО): its register entry,
// renames and liquidation are facts with an effective date, never edits of a name.
import { z } from 'zod';
import { IsoDateSchema } from '../fields';

export const ExecutorRegisteredSchema = z.object({
  executorId: z.string(),
  fullName: z.string(),
  shortName: z.string().exactOptional(),
  /** The party (region) it belongs to: «Смоленская область», «Санкт-Петербург». */
  party: z.string(),
  /** e.g. department, institution, ano. */
  kind: z.string().exactOptional(),
});

/** A rename replaces both names; without newShortName the executor has no short name. */
export const ExecutorRenamedSchema = z.object({
  executorId: z.string(),
  newName: z.string(),
  newShortName: z.string().exactOptional(),
  effectiveDate: IsoDateSchema,
});

export const ExecutorLiquidatedSchema = z.object({
  executorId: z.string(),
  effectiveDate: IsoDateSchema,
  successorId: z.string().exactOptional(),
  note: z.string().exactOptional(),
});

export const ExecutorEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ExecutorRegistered'), data: ExecutorRegisteredSchema }),
  z.object({ type: z.literal('ExecutorRenamed'), data: ExecutorRenamedSchema }),
  z.object({ type: z.literal('ExecutorLiquidated'), data: ExecutorLiquidatedSchema }),
]);
export type ExecutorEvent = z.infer<typeof ExecutorEventSchema>;
export type ExecutorRegistered = z.infer<typeof ExecutorRegisteredSchema>;
export type ExecutorRenamed = z.infer<typeof ExecutorRenamedSchema>;
export type ExecutorLiquidated = z.infer<typeof ExecutorLiquidatedSchema>;

export const EXECUTOR_EVENT_VERSIONS = {
  ExecutorRegistered: 1,
  ExecutorRenamed: 1,
  ExecutorLiquidated: 1,
} as const satisfies Record<ExecutorEvent['type'], number>;
