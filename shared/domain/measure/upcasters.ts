// Older shapes of measure events, and how each becomes the next version.
import { z } from 'zod';
import type { Period } from '../period';

/**
 * ExecutionReported v1 stored a `date` (and `dateTo` for a range) instead of a period,
 * and the counts as `participantsCount` / `regionsCount`. It could not say "a month"
 * or "no date", so every v1 entry becomes a day or a range.
 */
export const ExecutionReportedV1Schema = z.object({
  planId: z.string(),
  number: z.string(),
  reportId: z.string(),
  executorId: z.string(),
  date: z.string(),
  dateTo: z.string().exactOptional(),
  text: z.string(),
  place: z.string().exactOptional(),
  participantsCount: z.number().exactOptional(),
  regionsCount: z.number().exactOptional(),
});

export function executionReportedV1ToV2(data: unknown): unknown {
  const { date, dateTo, participantsCount, regionsCount, ...rest } = ExecutionReportedV1Schema.parse(data);
  const period: Period =
    dateTo === undefined || dateTo === date ? { kind: 'day', date } : { kind: 'range', from: date, to: dateTo };
  return {
    ...rest,
    period,
    ...(participantsCount !== undefined && { participants: participantsCount }),
    ...(regionsCount !== undefined && { regions: regionsCount }),
  };
}
