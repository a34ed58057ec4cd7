// Checks a publication against a log (an export loaded into memory): the chain hash
// at the recorded position, and every format rebuilt there hashing to the recorded
// SHA-256; files the auditor holds (downloaded artifacts) are checked too.
import { CHECKPOINTS_STREAM, type CheckpointRecorded } from '../domain/checkpoint/events';
import { ValidationError } from '../errors';
import {
  hashFromHex,
  hashToHex,
  leafOfChainHash,
  MemoryTileStore,
  MerkleLog,
  openCheckpoint,
  verifyInclusion,
} from '../merkle';
import { proveInclusion } from '../merkle/proof-documents';
import type { ReportFormat } from '../report/model';
import { getPublication } from '../report/publish';
import { renderReport } from '../report/render';
import { GENESIS_HASH, sha256Hex } from '../store/canonical';
import type { EventStore } from '../store/event-store';
import { reportModelAt } from './report-at';

export interface FormatCheck {
  format: ReportFormat;
  recordedSha256: string;
  rebuiltSha256: string;
  rebuiltBytes: number;
  /** The rebuilt file hashes to the recorded SHA-256. */
  ok: boolean;
  /** A file the auditor supplied for this format, and whether it hashes to the recorded SHA-256. */
  supplied: { sha256: string; ok: boolean } | null;
}

export interface PublicationCheck {
  planId: string;
  year: number;
  revision: number;
  /** Whose report the publication is: a party's, or null for the joint report. */
  party: string | null;
  position: number;
  includeAppendix: boolean;
  recordedChainHash: string;
  chainHashAtPosition: string;
  chainOk: boolean;
  formats: FormatCheck[];
  /**
   * The publication event under the first checkpoint recorded after it: the root of the
   * tree rebuilt from the log equals the checkpoint's, the event's inclusion proof holds,
   * and (with a verifier key) the signature too. null: no checkpoint covers it yet.
   */
  checkpoint: CheckpointInclusion | null;
  ok: boolean;
}

export interface CheckpointInclusion {
  /** Where the CheckpointRecorded event is in the log. */
  recordedAt: number;
  size: number;
  rootHash: string;
  /** The root of the first `size` events rebuilt from this log. */
  rebuiltRootHash: string;
  eventPosition: number;
  proofHashes: number;
  /** The inclusion proof of the publication event verifies against the checkpoint's root. */
  included: boolean;
  /** 'ok' or 'bad' against the verifier key given; 'not checked' without one. */
  signature: 'ok' | 'bad' | 'not checked';
  ok: boolean;
}

export interface CheckPublicationOptions {
  planId: string;
  year: number;
  revision: number;
  /** Published files the auditor holds, by format. */
  artifacts?: Partial<Record<ReportFormat, Uint8Array>>;
  /** The log's checkpoint verifier key (`GET /v1/audit/public-key`): checks the checkpoint's signature. */
  verifierKey?: string;
}

export async function checkPublication(store: EventStore, options: CheckPublicationOptions): Promise<PublicationCheck> {
  const publication = await getPublication(store, options.planId, options.year, options.revision);
  const head = await store.head();
  if (publication.position > head.position) {
    throw new ValidationError(
      `The log ends at position ${head.position}, before the publication's position ${publication.position}.`,
      [],
      'log_too_short',
    );
  }
  for (const format of Object.keys(options.artifacts ?? {})) {
    if (!publication.artifacts.some((a) => a.format === format)) {
      throw new ValidationError(
        `Revision ${options.revision} has no ${format} file to compare with.`,
        [],
        'format_not_published',
      );
    }
  }
  const chainHashAtPosition = await hashAt(store, publication.position);
  const model = await reportModelAt(store, {
    planId: options.planId,
    year: options.year,
    position: publication.position,
    includeAppendix: publication.includeAppendix,
    party: publication.party,
  });
  const formats: FormatCheck[] = [];
  for (const artifact of publication.artifacts) {
    const rendered = await renderReport(model, artifact.format);
    const rebuiltSha256 = sha256Hex(rendered.body);
    const held = options.artifacts?.[artifact.format];
    const supplied = held ? { sha256: sha256Hex(held), ok: sha256Hex(held) === artifact.sha256 } : null;
    formats.push({
      format: artifact.format,
      recordedSha256: artifact.sha256,
      rebuiltSha256,
      rebuiltBytes: rendered.body.byteLength,
      ok: rebuiltSha256 === artifact.sha256,
      supplied,
    });
  }
  const chainOk = chainHashAtPosition === publication.chainHash;
  const checkpoint = await inclusionUnderCheckpoint(store, publication.eventPosition, options.verifierKey);
  return {
    planId: options.planId,
    year: options.year,
    revision: options.revision,
    party: publication.party,
    position: publication.position,
    includeAppendix: publication.includeAppendix,
    recordedChainHash: publication.chainHash,
    chainHashAtPosition,
    chainOk,
    formats,
    checkpoint,
    ok:
      chainOk &&
      formats.length > 0 &&
      formats.every((f) => f.ok && (f.supplied?.ok ?? true)) &&
      (checkpoint?.ok ?? true),
  };
}

async function inclusionUnderCheckpoint(
  store: EventStore,
  eventPosition: number,
  verifierKey: string | undefined,
): Promise<CheckpointInclusion | null> {
  const recorded = (await store.readStream(CHECKPOINTS_STREAM)).find(
    (e) => (e.data as CheckpointRecorded).size >= eventPosition,
  );
  if (!recorded) return null;
  const data = recorded.data as CheckpointRecorded;
  // The tree of the first `size` events, rebuilt from this log alone.
  const tree = new MerkleLog(new MemoryTileStore());
  await tree.catchUp(data.size, (from, to) => chainHashes(store, from, to));
  const proof = await proveInclusion(tree, eventPosition, data.size);
  const leaf = leafOfChainHash(await hashAt(store, eventPosition));
  const included = verifyInclusion(
    eventPosition - 1,
    data.size,
    leaf,
    proof.hashes.map((h) => hashFromHex(h)),
    hashFromHex(data.rootHash),
  );
  let signature: CheckpointInclusion['signature'] = 'not checked';
  if (verifierKey !== undefined) {
    try {
      const opened = openCheckpoint(data.checkpoint, verifierKey);
      signature = opened.size === data.size && hashToHex(opened.rootHash) === data.rootHash ? 'ok' : 'bad';
    } catch {
      signature = 'bad';
    }
  }
  return {
    recordedAt: recorded.position,
    size: data.size,
    rootHash: data.rootHash,
    rebuiltRootHash: proof.rootHash,
    eventPosition,
    proofHashes: proof.hashes.length,
    included,
    signature,
    ok: included && proof.rootHash === data.rootHash && signature !== 'bad',
  };
}

async function* chainHashes(store: Pick<EventStore, 'readAll'>, from: number, to: number): AsyncIterable<string> {
  for (let position = from; position <= to; ) {
    const page = await store.readAll({ fromPosition: position, toPosition: to, limit: 1000 });
    if (page.events.length === 0)
      throw new ValidationError(`The log has no event at position ${position}.`, [], 'log_too_short');
    for (const event of page.events) yield event.hash;
    position = page.events[page.events.length - 1]!.position + 1;
  }
}

async function hashAt(store: Pick<EventStore, 'readAll'>, position: number): Promise<string> {
  if (position === 0) return GENESIS_HASH;
  const event = (await store.readAll({ fromPosition: position, toPosition: position, limit: 1 })).events[0];
  if (!event) throw new ValidationError(`The log has no event at position ${position}.`, [], 'log_too_short');
  return event.hash;
}
