// Checks a publication against a log (an export loaded into memory): the chain hash
// at the recorded position, and every format rebuilt there hashing to the recorded
// SHA-256; files the auditor holds (downloaded artifacts) are checked too. The
// checkpoint the publication carries (of the log at its position) must have the root of
// the tree rebuilt from the log, be signed by the log's key, and be consistent with the
// first checkpoint recorded after the publication, under which the publication event
// itself must be included.
import { CHECKPOINTS_STREAM, type CheckpointRecorded } from '../domain/checkpoint/events';
import type { PublishedCheckpoint } from '../domain/publication/events';
import { ValidationError } from '../errors';
import {
  hashFromHex,
  hashToHex,
  leafOfChainHash,
  MemoryTileStore,
  MerkleLog,
  openCheckpoint,
  parseCheckpointText,
  verifyConsistency,
  verifyInclusion,
} from '../merkle';
import { proveInclusion } from '../merkle/proof-documents';
import { parseNote } from '../merkle/signed-note';
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
  /**
   * The checkpoint the publication carries (of the log at its position, printed in the
   * footer): null for a publication recorded before publications carried one.
   */
  carried: CarriedCheckpointCheck | null;
  ok: boolean;
}

export interface CarriedCheckpointCheck {
  /** As the event records it. */
  checkpoint: PublishedCheckpoint;
  /** The note states the event's origin, size and root, and its size is the report's position. */
  noteOk: boolean;
  /** The root of the first `size` events rebuilt from this log. */
  rebuiltRootHash: string;
  /** 'ok' or 'bad' against the verifier key given; 'not checked' without one. */
  signature: 'ok' | 'bad' | 'not checked';
  /**
   * The consistency proof (rebuilt from this log) from the carried checkpoint to the first
   * checkpoint recorded after the publication verifies between their recorded roots; null
   * when none is recorded yet.
   */
  consistency: { to: number; recordedAt: number; proofHashes: number; ok: boolean } | null;
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
  // Rebuilt with the event's checkpoint, as the published files were (their footer prints it).
  const model = await reportModelAt(store, {
    checkpoint: publication.checkpoint,
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
  const later = await firstCheckpointCovering(store, publication.eventPosition);
  // The tree of this log alone, up to the later checkpoint (or the report's position).
  const tree = new MerkleLog(new MemoryTileStore());
  await tree.catchUp(Math.max(later?.data.size ?? 0, publication.position), (from, to) => chainHashes(store, from, to));
  const checkpoint = later
    ? await inclusionUnderCheckpoint(store, tree, later, publication.eventPosition, options.verifierKey)
    : null;
  const carried = publication.checkpoint
    ? await checkCarried(tree, publication.checkpoint, publication.position, later, options.verifierKey)
    : null;
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
    carried,
    ok:
      chainOk &&
      formats.length > 0 &&
      formats.every((f) => f.ok && (f.supplied?.ok ?? true)) &&
      (checkpoint?.ok ?? true) &&
      (carried?.ok ?? true),
  };
}

interface RecordedCheckpointEvent {
  position: number;
  data: CheckpointRecorded;
}

/** The first CheckpointRecorded whose tree includes the position, or null. */
async function firstCheckpointCovering(store: EventStore, position: number): Promise<RecordedCheckpointEvent | null> {
  const recorded = (await store.readStream(CHECKPOINTS_STREAM)).find(
    (e) => (e.data as CheckpointRecorded).size >= position,
  );
  return recorded ? { position: recorded.position, data: recorded.data as CheckpointRecorded } : null;
}

/** 'ok' when the note opens under the key and states this size and root; 'bad' otherwise. */
function signatureOf(note: string, size: number, rootHash: string, verifierKey: string | undefined) {
  if (verifierKey === undefined) return 'not checked' as const;
  try {
    const opened = openCheckpoint(note, verifierKey);
    return opened.size === size && hashToHex(opened.rootHash) === rootHash ? ('ok' as const) : ('bad' as const);
  } catch {
    return 'bad' as const;
  }
}

/** The note states the carried origin, size and root (whoever signed it). */
function statesItself(checkpoint: PublishedCheckpoint): boolean {
  try {
    const stated = parseCheckpointText(parseNote(checkpoint.note).text);
    return (
      stated.origin === checkpoint.origin &&
      stated.size === checkpoint.size &&
      hashToHex(stated.rootHash) === checkpoint.rootHash
    );
  } catch {
    return false;
  }
}

async function checkCarried(
  tree: MerkleLog,
  carried: PublishedCheckpoint,
  position: number,
  later: RecordedCheckpointEvent | null,
  verifierKey: string | undefined,
): Promise<CarriedCheckpointCheck> {
  const noteOk = carried.size === position && statesItself(carried);
  const rebuiltRootHash = hashToHex(await tree.rootAt(position));
  const signature = signatureOf(carried.note, carried.size, carried.rootHash, verifierKey);
  let consistency: CarriedCheckpointCheck['consistency'] = null;
  if (later && noteOk) {
    const proof = await tree.consistencyProof(carried.size, later.data.size);
    consistency = {
      to: later.data.size,
      recordedAt: later.position,
      proofHashes: proof.length,
      ok: verifyConsistency(
        carried.size,
        later.data.size,
        hashFromHex(carried.rootHash),
        hashFromHex(later.data.rootHash),
        proof,
      ),
    };
  }
  return {
    checkpoint: carried,
    noteOk,
    rebuiltRootHash,
    signature,
    consistency,
    ok: noteOk && rebuiltRootHash === carried.rootHash && signature !== 'bad' && (consistency?.ok ?? true),
  };
}

async function inclusionUnderCheckpoint(
  store: EventStore,
  tree: MerkleLog,
  recorded: RecordedCheckpointEvent,
  eventPosition: number,
  verifierKey: string | undefined,
): Promise<CheckpointInclusion> {
  const { data } = recorded;
  const proof = await proveInclusion(tree, eventPosition, data.size);
  const leaf = leafOfChainHash(await hashAt(store, eventPosition));
  const included = verifyInclusion(
    eventPosition - 1,
    data.size,
    leaf,
    proof.hashes.map((h) => hashFromHex(h)),
    hashFromHex(data.rootHash),
  );
  const signature = signatureOf(data.checkpoint, data.size, data.rootHash, verifierKey);
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
