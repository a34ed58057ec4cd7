// Publication: build the report at the current head by replaying the log (the same
// projection and report code as everywhere), store every format write-once under
// its SHA-256, then record it with a PublishReport command through the command path:
// YearlyReportPublished names the position, the chain hash and each file's hash, and
// the stream version is the revision. Where the publisher can sign, the report (its
// footer) and the event carry the signed checkpoint of the log at that position.

import { z } from 'zod';
import { commandPathFor } from '../commands/command-path';
import {
  type Actor,
  type PublishedCheckpoint,
  PublishedCheckpointSchema,
  type PublishReport,
  parseEventData,
  publicationStreamId,
  type YearlyReportPublished,
  YearlyReportPublishedSchema,
} from '../domain';
import { AppError, NotFoundError } from '../errors';
import { signCheckpoint } from '../merkle/checkpoint';
import { CheckpointUnavailableError } from '../merkle/errors';
import { hashToHex } from '../merkle/hash';
import type { MerkleLog } from '../merkle/merkle-log';
import type { CheckpointSigner } from '../merkle/signer';
import { advanceTree } from '../projections/tree-follower';
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
  /** A party's report (one of the plan's parties); absent or null: the joint report. */
  party?: string | null;
  includeAppendix?: boolean;
  trigger: 'schedule' | 'on-demand';
  actor: Actor;
  at: string;
  /** Makes a retried invocation (the scheduler's, Lambda's) return the first publication. */
  idempotencyKey?: string;
  /** The API key of a publication asked for on a page: its commit checks the key still holds. */
  credential?: { keyId: string };
  logger?: Logger;
  /**
   * Where the publisher can sign (the API, the yearly report function, the local CLI):
   * the report carries the signed checkpoint of the log at its position.
   */
  checkpoints?: CheckpointBinding | undefined;
}

/** The Merkle tree over the log and the log's checkpoint signer. */
export interface CheckpointBinding {
  tree: MerkleLog;
  signer: () => Promise<CheckpointSigner>;
}

export const PublicationSchema = YearlyReportPublishedSchema.extend({
  /** Whose report: a party of the plan, or null for the joint report. */
  party: z.string().nullable(),
  publishedAt: z.string(),
  publishedBy: z.object({
    keyId: z.string(),
    role: z.string(),
    executorId: z.string().exactOptional(),
    principal: z.string().exactOptional(),
  }),
  /** The log position of the YearlyReportPublished event itself. */
  eventPosition: z.number().int().positive(),
  /** The signed checkpoint of the log at `position`; absent in publications recorded before they carried one. */
  checkpoint: PublishedCheckpointSchema.optional(),
});
export type Publication = Omit<YearlyReportPublished, 'party'> & {
  /** Whose report: a party of the plan, or null for the joint report. */
  party: string | null;
  publishedAt: string;
  publishedBy: ActorRef;
  eventPosition: number;
};

export async function publishReport(
  store: EventStore,
  artifacts: ArtifactStore,
  options: PublishOptions,
): Promise<Publication> {
  const { party, ...rest } = options;
  const [publication] = await publishReports(store, artifacts, { ...rest, parties: [party ?? null] });
  return publication!;
}

/** One publication's command id and fingerprint: what makes a retried run answer with the first. */
function identity(options: Omit<PublishOptions, 'party'>, includeAppendix: boolean, party: string | null) {
  const { planId, year, trigger } = options;
  const key = options.idempotencyKey ?? options.at;
  // The joint report keeps the ids it had before parties, so a retry across the upgrade still matches.
  if (party === null) {
    return {
      commandId: `publish:${planId}:${year}:${key}`,
      fingerprint: sha256Hex(canonicalJson({ planId, year, includeAppendix, trigger })),
    };
  }
  return {
    commandId: `publish:${planId}:${year}:party-${sha256Hex(party).slice(0, 16)}:${key}`,
    fingerprint: sha256Hex(canonicalJson({ planId, year, party, includeAppendix, trigger })),
  };
}

/**
 * Publishes several reports of one plan and year (the joint one: null; a party's: its
 * name), built from one replay of the log, each recorded by its own command. A retried
 * run skips those already recorded and publishes the rest.
 */
export async function publishReports(
  store: EventStore,
  artifacts: ArtifactStore,
  options: Omit<PublishOptions, 'party'> & { parties: readonly (string | null)[] },
): Promise<Publication[]> {
  const { planId, year } = options;
  const includeAppendix = options.includeAppendix ?? false;
  const commands = commandPathFor(store);
  const jobs = options.parties.map((party) => ({ party, ...identity(options, includeAppendix, party) }));
  const done = new Map<number, Publication>();
  // A retried run answers with what the first one published, without building it again
  // (the command path would answer so too, but only after the build).
  for (const [index, job] of jobs.entries()) {
    const recorded = await commands.recorded(job.commandId, job.fingerprint);
    if (recorded) done.set(index, await findPublication(store, planId, year, recorded.lastPosition));
  }
  for (let attempt = 1; done.size < jobs.length; attempt++) {
    const replay = await replayViews(store, { position: (await store.head()).position });
    const checkpoint = options.checkpoints
      ? await signedCheckpointAt(store, options.checkpoints, replay.position)
      : undefined;
    try {
      for (const [index, job] of jobs.entries()) {
        if (done.has(index)) continue;
        const model = await buildReportModel(replay.views, {
          planId,
          year,
          party: job.party,
          position: replay.position,
          chainHash: replay.hash,
          includeAppendix,
          checkpoint,
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
          ...(job.party !== null && { party: job.party }),
          position: replay.position,
          chainHash: replay.hash,
          includeAppendix,
          artifacts: files,
          trigger: options.trigger,
          ...(checkpoint ? { checkpoint } : {}),
          actor: options.actor,
          at: options.at,
        };
        let publication: Publication;
        try {
          const result = await commands.execute(command, {
            commandId: job.commandId,
            fingerprint: job.fingerprint,
            recordedAt: options.at,
            ...(options.credential ? { credential: options.credential } : {}),
          });
          publication = await findPublication(store, planId, year, result.lastPosition);
        } catch (error) {
          // Another publisher built this very report at this very position a moment before:
          // its revision is the answer (the same files), not a second one.
          if (!(error instanceof AppError && error.code === 'publication_current')) throw error;
          publication = await getPublication(store, planId, year, Number(error.extras.revision));
        }
        done.set(index, publication);
        options.logger?.info('report published', {
          planId,
          year,
          party: job.party,
          revision: publication.revision,
          position: publication.position,
        });
      }
    } catch (error) {
      // Another revision was built from a later position meanwhile: build again at the head.
      if (!(error instanceof AppError && error.code === 'publication_outdated') || attempt >= 3) throw error;
    }
  }
  return jobs.map((_, index) => done.get(index)!);
}

/**
 * The signed checkpoint of the first `position` events: the tree (which follows the
 * views and may lag the log) is extended to the position from the log's chain hashes
 * first, as recording a checkpoint does; tiles are write-once, so a projector extending
 * it at the same time writes the same bytes. Ed25519 is deterministic: the same size
 * always gives the same note.
 */
export async function signedCheckpointAt(
  store: EventStore,
  binding: CheckpointBinding,
  position: number,
): Promise<PublishedCheckpoint> {
  // A key that cannot be read now (the secret's extension, the file) is the service's fault, not the caller's: 503.
  const signer = await binding.signer().catch((error: unknown) => {
    throw new CheckpointUnavailableError(`the signing key could not be read (${(error as Error).message})`);
  });
  const head = await advanceTree(binding.tree, store, position);
  const rootHash = await binding.tree.rootAt(position, head);
  const origin = signer.keyName;
  const note = await signCheckpoint({ origin, size: position, rootHash }, signer);
  return { origin, size: position, rootHash: hashToHex(rootHash), note };
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
