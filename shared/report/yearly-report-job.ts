// The yearly-report job: what EventBridge Scheduler (or a person, on demand) asks
// for, validated, turned into a publication.
import { z } from 'zod';
import { type Actor, parseOrThrow } from '../domain';
import type { Logger } from '../runtime/logger';
import type { EventStore } from '../store/event-store';
import type { ArtifactStore } from './artifact-store';
import { type Publication, publishReport } from './publish';

export const YearlyReportRequestSchema = z.object({
  planId: z.string().min(1),
  /** A year, or 'previous': the year before the scheduled (or current) time. */
  year: z.union([z.number().int().min(1990).max(2100), z.literal('previous')]),
  includeAppendix: z.boolean().optional(),
  /** Set by the scheduler (<aws.scheduler.scheduled-time>); doubles as the idempotency key. */
  scheduledTime: z.string().optional(),
  idempotencyKey: z.string().min(1).max(100).optional(),
});
export type YearlyReportRequest = z.infer<typeof YearlyReportRequestSchema>;

export async function runYearlyReport(
  deps: {
    store: EventStore;
    artifacts: ArtifactStore;
    logger: Logger;
    now: () => Date;
    /** Who asks, when known (the CLI against a stack); else `scheduler` or `on-demand`. */
    actor?: Actor;
  },
  input: unknown,
): Promise<Publication> {
  const request = parseOrThrow(YearlyReportRequestSchema, input, 'yearly report request');
  const when = request.scheduledTime ? new Date(request.scheduledTime) : deps.now();
  const year = request.year === 'previous' ? when.getUTCFullYear() - 1 : request.year;
  const idempotencyKey =
    request.idempotencyKey ?? (request.scheduledTime ? `schedule:${request.scheduledTime}` : undefined);
  return publishReport(deps.store, deps.artifacts, {
    planId: request.planId,
    year,
    includeAppendix: request.includeAppendix ?? false,
    trigger: request.scheduledTime ? 'schedule' : 'on-demand',
    actor: deps.actor ?? { keyId: request.scheduledTime ? 'scheduler' : 'on-demand', role: 'system' },
    at: deps.now().toISOString(),
    ...(idempotencyKey ? { idempotencyKey } : {}),
    logger: deps.logger,
  });
}
