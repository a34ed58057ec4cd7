// Publication: build the report at the current head by replaying the log (the same
// projection and report code as everywhere), store every format write-once under
// its SHA-256, then record it with a PublishReport command through the command path:
// YearlyReportPublished names the position, the chain hash and each file's hash, and
// the stream version is the revision.
import { commandPathFor } from '../commands/command-path';
import {
  type Actor,
  type PublishReport,
  parseEventData,
  publicationStreamId,
  type YearlyReportPublished,
} from '../domain';
import { AppError, NotFoundError } from '../errors';
import type { Logger } from '../runtime/logger';
import { canonicalJson, sha256Hex } from '../store/canonical';
import type { ActorRef, EventStore } from '../store/event-store';
import { replayViews } from '../views/replay';
import type { ArtifactStore } from './artifact-store';
import { buildReportModel } from './build-model';
import { REPORT_FORMATS } from './model';
import { renderReport, reportFileName } from './render';

export interface PublishOptions {
  planId: string;
  year: number;
  includeAppendix?: boolean;
  trigger: 'schedule' | 'on-demand';
  actor: Actor;
  at: string;
  /** Makes a retried invocation (the scheduler's, Lambda's) return the first publication. */
  idempotencyKey?: string;
  logger?: Logger;
}

export interface Publication extends Omit<YearlyReportPublished, 'party'> {
  /** Whose report: a party of the plan, or null for the joint report. */
  party: string | null;
  publishedAt: string;
  publishedBy: ActorRef;
  eventPosition: number;
}

export async function publishReport(
  store: EventStore,
  artifacts: ArtifactStore,
  options: PublishOptions,
): Promise<Publication> {
  const { planId, year } = options;
  const includeAppendix = options.includeAppendix ?? false;
  const commandId = `publish:${planId}:${year}:${options.idempotencyKey ?? options.at}`;
  const fingerprint = sha256Hex(canonicalJson({ planId, year, includeAppendix, trigger: options.trigger }));
  const commands = commandPathFor(store);
  // A retried run answers with what the first one published, without building it again
  // (the command path would answer so too, but only after the build).
  const recorded = await commands.recorded(commandId, fingerprint);
  if (recorded) return findPublication(store, planId, year, recorded.lastPosition);
  for (let attempt = 1; ; attempt++) {
    const replay = await replayViews(store, { position: (await store.head()).position });
    const model = await buildReportModel(replay.views, {
      planId,
      year,
      position: replay.position,
      chainHash: replay.hash,
      includeAppendix,
    });
    const files = [];
    for (const format of REPORT_FORMATS) {
      const rendered = await renderReport(model, format);
      const stored = await putOnce(artifacts, rendered.body, rendered.contentType);
      files.push({
        format,
        contentType: rendered.contentType,
        fileName: reportFileName(model, format),
        key: stored.key,
        sha256: stored.sha256,
        bytes: rendered.body.byteLength,
      });
    }
    const command: PublishReport = {
      type: 'PublishReport',
      planId,
      year,
      position: replay.position,
      chainHash: replay.hash,
      includeAppendix,
      artifacts: files,
      trigger: options.trigger,
      actor: options.actor,
      at: options.at,
    };
    try {
      const result = await commands.execute(command, { commandId, fingerprint, recordedAt: options.at });
      const publication = await findPublication(store, planId, year, result.lastPosition);
      options.logger?.info('report published', {
        planId,
        year,
        revision: publication.revision,
        position: publication.position,
      });
      return publication;
    } catch (error) {
      // Another revision was built from a later position meanwhile: build again at the head.
      if (!(error instanceof AppError && error.code === 'publication_outdated') || attempt >= 3) throw error;
    }
  }
}

async function findPublication(store: EventStore, planId: string, year: number, eventPosition: number) {
  const found = (await listPublications(store, planId, year)).find((p) => p.eventPosition === eventPosition);
  if (!found) throw new Error(`the publication at position ${eventPosition} is not in its stream`);
  return found;
}

/** Content-addressed: the same bytes already stored (an earlier revision, a retry) are kept as they are. */
async function putOnce(artifacts: ArtifactStore, body: Uint8Array, contentType: string) {
  const sha256 = sha256Hex(body);
  const key = `sha256/${sha256}`;
  await artifacts.put(key, body, contentType);
  return { key, sha256 };
}

export async function listPublications(store: EventStore, planId: string, year: number): Promise<Publication[]> {
  const events = await store.readStream(publicationStreamId(planId, year));
  return events.map((e) => {
    const event = parseEventData(e.type, e.schemaVersion, e.data);
    if (event.type !== 'YearlyReportPublished') throw new Error(`unexpected ${e.type} in ${e.streamId}`);
    const { party, ...data } = event.data;
    return {
      ...data,
      party: party ?? null,
      publishedAt: e.recordedAt,
      publishedBy: e.metadata.actor,
      eventPosition: e.position,
    };
  });
}

export async function getPublication(
  store: EventStore,
  planId: string,
  year: number,
  revision: number,
): Promise<Publication> {
  const found = (await listPublications(store, planId, year)).find((p) => p.revision === revision);
  if (!found)
    throw new NotFoundError(
      'publication_not_found',
      `There is no revision ${revision} of the ${year} report of ${planId}.`,
      { planId, year, revision },
    );
  return found;
}
