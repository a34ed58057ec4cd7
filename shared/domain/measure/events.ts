// Events of one measure of a plan: the measure itself and the execution entries
// reported on it. ExecutionReported is at schema version 2 (see upcasters.ts for v1).
import { z } from 'zod';
import { PeriodSchema } from '../period';

export const MeasureExecutorSchema = z.object({
  executorId: z.string(),
  /** The executor's name as the plan writes it: a snapshot taken at assignment. */
  nameInPlan: z.string(),
});

export const MeasureAddedSchema = z.object({
  planId: z.string(),
  number: z.string(),
  sectionNumber: z.string(),
  title: z.string(),
  /** The term column as printed: «2021-2023 годы». */
  term: z.string(),
  fromYear: z.number().int(),
  toYear: z.number().int(),
  executors: z.array(MeasureExecutorSchema),
});

/** Carries only what changed. */
export const MeasureAmendedSchema = z.object({
  planId: z.string(),
  number: z.string(),
  title: z.string().exactOptional(),
  term: z.string().exactOptional(),
  fromYear: z.number().int().exactOptional(),
  toYear: z.number().int().exactOptional(),
  executors: z.array(MeasureExecutorSchema).exactOptional(),
  reason: z.string().exactOptional(),
});

export const ExecutionReportedSchema = z.object({
  planId: z.string(),
  number: z.string(),
  reportId: z.string(),
  /** The executor the entry is reported for. */
  executorId: z.string(),
  period: PeriodSchema,
  text: z.string(),
  place: z.string().exactOptional(),
  participants: z.number().int().nonnegative().exactOptional(),
  regions: z.number().int().nonnegative().exactOptional(),
});

/** Carries only what changed; null clears an optional field. */
export const ExecutionCorrectedSchema = z.object({
  planId: z.string(),
  number: z.string(),
  reportId: z.string(),
  text: z.string().exactOptional(),
  period: PeriodSchema.exactOptional(),
  place: z.string().nullable().exactOptional(),
  participants: z.number().int().nonnegative().nullable().exactOptional(),
  regions: z.number().int().nonnegative().nullable().exactOptional(),
  reason: z.string(),
});

export const ExecutionWithdrawnSchema = z.object({
  planId: z.string(),
  number: z.string(),
  reportId: z.string(),
  reason: z.string(),
});

export const MeasureEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('MeasureAdded'), data: MeasureAddedSchema }),
  z.object({ type: z.literal('MeasureAmended'), data: MeasureAmendedSchema }),
  z.object({ type: z.literal('ExecutionReported'), data: ExecutionReportedSchema }),
  z.object({ type: z.literal('ExecutionCorrected'), data: ExecutionCorrectedSchema }),
  z.object({ type: z.literal('ExecutionWithdrawn'), data: ExecutionWithdrawnSchema }),
]);
export type MeasureEvent = z.infer<typeof MeasureEventSchema>;
export type MeasureExecutor = z.infer<typeof MeasureExecutorSchema>;
export type MeasureAdded = z.infer<typeof MeasureAddedSchema>;
export type MeasureAmended = z.infer<typeof MeasureAmendedSchema>;
export type ExecutionReported = z.infer<typeof ExecutionReportedSchema>;
export type ExecutionCorrected = z.infer<typeof ExecutionCorrectedSchema>;
export type ExecutionWithdrawn = z.infer<typeof ExecutionWithdrawnSchema>;

export const MEASURE_EVENT_VERSIONS = {
  MeasureAdded: 1,
  MeasureAmended: 1,
  ExecutionReported: 2,
  ExecutionCorrected: 1,
  ExecutionWithdrawn: 1,
} as const satisfies Record<MeasureEvent['type'], number>;
