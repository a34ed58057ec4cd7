// Where views live. A view is a set of JSON documents addressed by (pk, sk); the
// projector changes documents and its checkpoint in one atomic commit.
// Implementations: DynamoViewStore (the views table) and MemoryViewStore (tests,
// as-of reads and offline replay) — the projection code cannot tell them apart.

import { AppError } from '../errors';
import type { JsonValue } from '../store/canonical';
import { GENESIS_HASH } from '../store/canonical';

export type ViewDoc = { [key: string]: JsonValue };

export interface ViewItem {
  sk: string;
  doc: ViewDoc;
}

export interface Checkpoint {
  /** The last log position applied to the views. */
  position: number;
  /** The chain hash at that position. */
  hash: string;
}

export const EMPTY_CHECKPOINT: Checkpoint = { position: 0, hash: GENESIS_HASH };

/** A page of a partition: lets a reader of a large plan read one page, not the whole plan. */
export interface QueryOptions {
  /** Only documents whose sk sorts after this one (it need not exist). */
  after?: string | undefined;
  /** At most this many documents. */
  limit?: number | undefined;
}

export interface ViewKey {
  pk: string;
  sk: string;
}

/** Where the projector is stuck, if it is: written when an event fails, cleared once past it. */
export interface ProjectorFailure {
  position: number;
  type: string;
  streamId: string;
  /** The error's stable code (or its name when it has none). */
  code: string;
  message: string;
  /** When it was first recorded (ISO). */
  since: string;
}

export interface ViewReader {
  get(pk: string, sk: string): Promise<ViewDoc | null>;
  /** Several documents at once, in the order asked (null where there is none). */
  getMany(keys: readonly ViewKey[]): Promise<(ViewDoc | null)[]>;
  /** Documents of one partition in sort-key order, optionally only those whose sk starts with a prefix. */
  query(pk: string, prefix?: string, options?: QueryOptions): Promise<ViewItem[]>;
  checkpoint(): Promise<Checkpoint>;
  /** The failure the projector recorded last, if it has not got past it since. */
  projectorFailure(): Promise<ProjectorFailure | null>;
}

export interface ViewChange {
  pk: string;
  sk: string;
  /** The new document, or null to delete it. */
  doc: ViewDoc | null;
}

export interface ViewWriter extends ViewReader {
  /**
   * Writes the changes and moves the checkpoint from `from` to `to`, atomically.
   * Throws CheckpointMovedError (writing nothing) if the checkpoint is no longer `from`.
   */
  commit(changes: ViewChange[], from: Checkpoint, to: Checkpoint): Promise<void>;
  /**
   * Writes the changes, atomically, only while the checkpoint is still `at`, and leaves it
   * there: the leading parts of one event too large for a single commit (the projector's
   * last part moves the checkpoint). Throws CheckpointMovedError (writing nothing) otherwise.
   */
  commitPart(changes: ViewChange[], at: Checkpoint): Promise<void>;
  /** Records (or, with null, clears) where the projector is stuck; outside the checkpoint's commit. */
  recordFailure(failure: ProjectorFailure | null): Promise<void>;
}

/** Another projector moved the checkpoint first; this one's batch was not written. */
export class CheckpointMovedError extends AppError {
  readonly status = 409;
  constructor(readonly expected: number) {
    super('checkpoint_moved', `the projection checkpoint is no longer at ${expected}`);
  }
}

/** One stored document as read back, unparsed: what verify compares with a replay of the log. */
export interface StoredViewDoc {
  pk: string;
  sk: string;
  /** The document's JSON text as stored (null when the item has none). */
  text: string | null;
}

/** Views that can hand out every document they hold (in no particular order): verify's reading of them. */
export interface ScannableViews {
  /** Which generation of the views (the one readers use when it was opened). */
  readonly generation: number;
  checkpoint(): Promise<Checkpoint>;
  /** Every document of this generation, page by page, strongly consistent; not the checkpoint or status items. */
  documents(): AsyncIterable<StoredViewDoc>;
}

/** A documented bound well under DynamoDB's 400 KB item limit. */
export const MAX_VIEW_DOC_BYTES = 300 * 1024;

/** Sort keys that order measure numbers naturally: 2.1 < 2.10 < 12.3. */
export function naturalKey(number: string): string {
  return number
    .split('.')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? part.padStart(6, '0') : part))
    .join('.');
}

export function compareNatural(a: string, b: string): number {
  const ka = naturalKey(a);
  const kb = naturalKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
