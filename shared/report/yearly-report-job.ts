// The yearly-report job: what EventBridge Scheduler (or a person, on demand) asks
// for, validated, turned into publications: the joint report or one party's, or (the
// schedule) the joint report and one per party of the plan, the parties read from the
// plan itself, so a party added to a plan needs no new schedule.
import { z } from 'zod';
import { type Actor, foldPlan, parseEventData, parseOrThrow, planStreamId } from '../domain';
import { MAX_NAME_LENGTH } from '../domain/limits';
import type { Logger } from '../runtime/logger';
import type { EventStore } from '../store/event-store';
import type { ArtifactStore } from './artifact-store';
import { type CheckpointBinding, type Publication, publishReports } from './publish';

export const YearlyReportRequestSchema = z
  .object({
    planId: z.string().min(1),
    /** A year, or 'previous': the year before the scheduled (or current) time. */
    year: z.union([z.number().int().min(1990).max(2100), z.literal('previous')]),
    /** One party's report; without it, the joint report. */
    party: z.string().min(1).max(MAX_NAME_LENGTH).optional(),
    /** The joint report and one per party of the plan (what the schedule asks for). */
    eachParty: z.boolean().optional(),
    includeAppendix: z.boolean().optional(),
    /** Set by the scheduler (<aws.scheduler.scheduled-time>); doubles as the idempotency key. */
    scheduledTime: z.string().optional(),
    idempotencyKey: z.string().min(1).max(100).optional(),
  })
  .refine((request) => !(request.party !== undefined && request.eachParty), {
    path: ['eachParty'],
    message: 'give a party, or eachParty, not both',
  });
export type YearlyReportRequest = z.infer<typeof YearlyReportRequestSchema>;

/** The plan's parties, from its own stream (none when there is no such plan: the joint report is refused then). */
async function partiesOf(store: EventStore, planId: string): Promise<string[]> {
  const events = await store.readStream(planStreamId(planId));
  return foldPlan(events.map((e) => parseEventData(e.type, e.schemaVersion, e.data)))?.parties ?? [];
}

/** The publications made (or, for a retried run, found): the joint report first, then the parties in the plan's order. */
export async function runYearlyReport(
  deps: {
    store: EventStore;
    artifacts: ArtifactStore;
    logger: Logger;
    now: () => Date;
    /** Who asks, when known (the CLI against a stack); else `scheduler` or `on-demand`. */
    actor?: Actor;
    /** The tree and signer the publications' checkpoints come from (absent: published without one). */
    checkpoints?: CheckpointBinding | undefined;
  },
  input: unknown,
): Promise<Publication[]> {
  const request = parseOrThrow(YearlyReportRequestSchema, input, 'yearly report request');
  const when = request.scheduledTime ? new Date(request.scheduledTime) : deps.now();
  const year = request.year === 'previous' ? when.getUTCFullYear() - 1 : request.year;
  const idempotencyKey =
    request.idempotencyKey ?? (request.scheduledTime ? `schedule:${request.scheduledTime}` : undefined);
  const parties = request.eachParty
    ? [null, ...(await partiesOf(deps.store, request.planId))]
    : [request.party ?? null];
  return publishReports(deps.store, deps.artifacts, {
    planId: request.planId,
    year,
    parties,
    includeAppendix: request.includeAppendix ?? false,
    trigger: request.scheduledTime ? 'schedule' : 'on-demand',
    actor: deps.actor ?? { keyId: request.scheduledTime ? 'scheduler' : 'on-demand', role: 'system' },
    at: deps.now().toISOString(),
    ...(idempotencyKey ? { idempotencyKey } : {}),
    logger: deps.logger,
    checkpoints: deps.checkpoints,
  });
}
