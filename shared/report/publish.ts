// Publication: build the report at the current head by replaying the log (the same
// projection and report code as everywhere), store every format write-once under
// its SHA-256, and append YearlyReportPublished naming the position, the chain
// hash and each file's hash. The stream version is the revision.
import { parseEventData, publicationStreamId, type YearlyReportPublished } from '../domain';
import { NotFoundError } from '../errors';
import type { Logger } from '../runtime/logger';
import { sha256Hex } from '../store/canonical';
import { ConcurrencyError } from '../store/errors';
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
  actor: ActorRef;
  at: string;
  /** Makes a retried invocation (the scheduler's, Lambda's) return the first publication. */
  idempotencyKey?: string;
  logger?: Logger;
}

export interface Publication extends YearlyReportPublished {
  publishedAt: string;
  publishedBy: ActorRef;
  eventPosition: number;
}

export async function publishReport(
  store: EventStore,
  artifacts: ArtifactStore,
  options: PublishOptions,
): Promise<Publication> {
  const streamId = publicationStreamId(options.planId, options.year);
  const commandId = options.idempotencyKey
    ? `publish:${options.planId}:${options.year}:${options.idempotencyKey}`
    : `publish:${options.planId}:${options.year}:${options.at}`;
  const done = await store.findCommand(commandId);
  if (done)
    return (await listPublications(store, options.planId, options.year)).find(
      (p) => p.eventPosition === done.lastPosition,
    )!;
  for (let attempt = 1; ; attempt++) {
    const head = await store.head();
    const replay = await replayViews(store, { position: head.position });
    const model = await buildReportModel(replay.views, {
      planId: options.planId,
      year: options.year,
      position: replay.position,
      chainHash: replay.hash,
      includeAppendix: options.includeAppendix ?? false,
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
    const version = await store.streamVersion(streamId);
    const data: YearlyReportPublished = {
      planId: options.planId,
      year: options.year,
      revision: version + 1,
      position: replay.position,
      chainHash: replay.hash,
      includeAppendix: options.includeAppendix ?? false,
      artifacts: files,
      trigger: options.trigger,
    };
    try {
      const result = await store.append(streamId, [{ type: 'YearlyReportPublished', schemaVersion: 1, data }], {
        expectedVersion: version === 0 ? 'no-stream' : version,
        commandId,
        actor: options.actor,
        recordedAt: options.at,
      });
      options.logger?.info('report published', {
        planId: options.planId,
        year: options.year,
        revision: data.revision,
        position: data.position,
      });
      return { ...data, publishedAt: options.at, publishedBy: options.actor, eventPosition: result.lastPosition };
    } catch (error) {
      // Someone published (or wrote) meanwhile: rebuild at the new head.
      if (!(error instanceof ConcurrencyError) || attempt >= 3) throw error;
    }
  }
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
    return { ...event.data, publishedAt: e.recordedAt, publishedBy: e.metadata.actor, eventPosition: e.position };
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
