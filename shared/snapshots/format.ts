// The bytes of a snapshot of the views (docs/SNAPSHOTS.md). A snapshot is three levels of
// content-addressed blobs: chunks of documents (one partition each, cut where an sk's hash
// says so or at a size bound), pages listing the chunks in key order, and a manifest listing
// the pages with the position, chain hash and projection version. Every blob's address is the
// SHA-256 of its bytes, so unchanged chunks and pages are shared between snapshots.
import type { ViewDoc } from '../projections/view-store';
import { canonicalJson, sha256Hex } from '../store/canonical';
import { StoreCorruptionError } from '../store/errors';

/** Bump when ledgerProjection writes different documents for the same log: older snapshots are then ignored. */
export const PROJECTION_VERSION = 'ledger-views/1';
export const SNAPSHOT_FORMAT = 'ledger-snapshot/1';
/**
 * The default distance between snapshots, in log positions. An as-of read replays at most
 * one less; 25 keeps a cold read near 3x the live one (100 made it about 5x at 100,000
 * events), for four times the snapshot writes (each a manifest, a few pages and chunks).
 */
export const DEFAULT_SNAPSHOT_EVERY = 25;

/** A chunk is closed before a document that would take it past this (a single document may be larger, ≤ 300 KB). */
export const CHUNK_TARGET_BYTES = 64 * 1024;
/** On average one sk in this many ends a chunk; the cut depends on the sk alone, so an insert changes one chunk. */
const CHUNK_CUT_EVERY = 32;
/** On average one chunk in this many ends a page. */
const PAGE_CUT_EVERY = 64;

export interface ChunkBody {
  pk: string;
  /** [sk, doc] in sk order. */
  items: [string, ViewDoc][];
}

export interface ChunkRef {
  pk: string;
  /** The first sk in the chunk; the chunk covers every sk from here to the next chunk's first of the same pk. */
  first: string;
  hash: string;
}

export interface PageBody {
  refs: ChunkRef[];
}

export interface PageRef {
  /** The key (pk, first) of the page's first chunk. */
  pk: string;
  first: string;
  hash: string;
}

export interface Manifest {
  format: typeof SNAPSHOT_FORMAT;
  projectionVersion: string;
  every: number;
  position: number;
  chainHash: string;
  /** The latest recordedAt of the events 1..position (as-of-instant reads pick a snapshot by it). */
  maxRecordedAt: string | null;
  pages: PageRef[];
}

export interface Blob {
  hash: string;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toBlob(value: ChunkBody | PageBody | Manifest): Blob {
  const bytes = encoder.encode(canonicalJson(value));
  return { hash: sha256Hex(bytes), bytes };
}

/** Parses a blob after checking its bytes hash to its address; anything else is a SnapshotIntegrityError. */
export function readBlob<T>(hash: string, bytes: Uint8Array, what: string): T {
  const actual = sha256Hex(bytes);
  if (actual !== hash) throw new SnapshotIntegrityError(`snapshot ${what} ${hash} holds bytes hashing to ${actual}`);
  return JSON.parse(decoder.decode(bytes)) as T;
}

/** A snapshot's bytes do not hash to their address, or it disagrees with the log: it is never used. */
export class SnapshotIntegrityError extends StoreCorruptionError {
  constructor(message: string) {
    super('snapshot_corrupt', message);
    this.name = 'SnapshotIntegrityError';
  }
}

/** FNV-1a: a cheap, stable hash to decide chunk and page cuts (not a security property). */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const bySk = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Cuts one partition's documents, fed in sk order, into chunks. The state between two
 * documents is only what the open chunk holds: a chunk starts empty after every cut, so
 * from any cut on the same documents give the same chunks (what `rechunkPartition` uses).
 */
export class Chunker {
  private items: [string, ViewDoc][] = [];
  private bytes = 0;
  readonly out: { ref: ChunkRef; blob: Blob }[] = [];

  constructor(private readonly pk: string) {}

  /** Nothing open: the next document starts a chunk. */
  get empty(): boolean {
    return this.items.length === 0;
  }

  push(sk: string, doc: ViewDoc): void {
    const size = sk.length + canonicalJson(doc).length;
    if (this.bytes + size > CHUNK_TARGET_BYTES) this.close();
    this.items.push([sk, doc]);
    this.bytes += size;
    if (fnv(sk) % CHUNK_CUT_EVERY === 0) this.close();
  }

  close(): void {
    if (this.items.length === 0) return;
    const blob = toBlob({ pk: this.pk, items: this.items });
    this.out.push({ ref: { pk: this.pk, first: this.items[0]![0], hash: blob.hash }, blob });
    this.items = [];
    this.bytes = 0;
  }
}

/** One partition's documents as chunks (blobs with their refs), in sk order. */
export function chunkPartition(pk: string, docs: Iterable<[string, ViewDoc]>): { ref: ChunkRef; blob: Blob }[] {
  const chunker = new Chunker(pk);
  for (const [sk, doc] of [...docs].sort(bySk)) chunker.push(sk, doc);
  chunker.close();
  return chunker.out;
}

/** Compares keys (pk, sk) in the order the views sort them: pk first, then sk, as JS strings. */
export function compareKey(aPk: string, aSk: string, bPk: string, bSk: string): number {
  if (aPk !== bPk) return aPk < bPk ? -1 : 1;
  return aSk < bSk ? -1 : aSk > bSk ? 1 : 0;
}

/** Every chunk ref of the state, in key order, as pages (blobs with their refs). */
export function pageRefs(refs: ChunkRef[]): { ref: PageRef; blob: Blob }[] {
  const out: { ref: PageRef; blob: Blob }[] = [];
  let page: ChunkRef[] = [];
  const close = () => {
    if (page.length === 0) return;
    const blob = toBlob({ refs: page });
    out.push({ ref: { pk: page[0]!.pk, first: page[0]!.first, hash: blob.hash }, blob });
    page = [];
  };
  for (const ref of refs) {
    page.push(ref);
    if (fnv(`${ref.pk}\u0000${ref.first}`) % PAGE_CUT_EVERY === 0) close();
  }
  close();
  return out;
}

/** The index of the last element whose key is ≤ (pk, sk), or -1. */
export function lastAtOrBefore(list: readonly { pk: string; first: string }[], pk: string, sk: string): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = list[mid]!;
    if (compareKey(item.pk, item.first, pk, sk) <= 0) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
