// Collects the document changes of a run of events so they are written together
// with the checkpoint, one item at most once per commit (DynamoDB refuses two
// actions on one item in a transaction). The projector commits before an event would
// take a commit past a limit (`over`); it also records what the projection read (keys
// and queried ranges), the line on which an event too large for one commit is split.
import { MAX_TRANSACTION_ACTIONS } from '../store/append-plan';
import { MAX_VIEW_DOC_BYTES, type ViewChange, type ViewDoc, type ViewItem, type ViewReader } from './view-store';

/** Distinct documents per commit: 100 transaction actions, one kept for the checkpoint. */
export const MAX_CHANGES_PER_COMMIT = MAX_TRANSACTION_ACTIONS - 1;
/** Bytes per commit, under the 4 MB transaction limit. */
export const MAX_BYTES_PER_COMMIT = 3 * 1024 * 1024;

export class ViewTooLargeError extends Error {
  constructor(pk: string, sk: string, bytes: number) {
    super(`view document ${pk}/${sk} would be ${bytes} bytes (limit ${MAX_VIEW_DOC_BYTES})`);
    this.name = 'ViewTooLargeError';
  }
}

const keyOf = (pk: string, sk: string) => `${pk}\u0000${sk}`;

/** What a projection sees: reads include its own pending writes. */
export interface ViewTx {
  get(pk: string, sk: string): Promise<ViewDoc | null>;
  query(pk: string, prefix?: string): Promise<ViewItem[]>;
  put(pk: string, sk: string, doc: ViewDoc): void;
  delete(pk: string, sk: string): void;
}

type Pending = ViewChange & { bytes: number };

/** One event's changes in the order they can be written over several commits. */
export interface SplitChanges {
  /** Changes to documents the event did not read, in commits that each fit: written first. */
  parts: ViewChange[][];
  /** Changes to documents it read (or looked for): written last, with the checkpoint. */
  last: ViewChange[];
}

/** What the event read and changes does not fit one commit with the checkpoint: it cannot be split safely. */
export class ViewEventTooLargeError extends Error {
  readonly code = 'view_event_too_large';
  constructor(changes: number, bytes: number) {
    super(
      `the event changes ${changes} documents it read (${bytes} bytes); one commit holds ${MAX_CHANGES_PER_COMMIT} and ${MAX_BYTES_PER_COMMIT} bytes`,
    );
    this.name = 'ViewEventTooLargeError';
  }
}

const sumBytes = (changes: readonly Pending[]) => changes.reduce((total, change) => total + change.bytes, 0);
const strip = ({ pk, sk, doc }: Pending): ViewChange => ({ pk, sk, doc });

export class UnitOfWork implements ViewTx {
  private pending = new Map<string, Pending>();
  /** Keys the projection asked for since the last clear (found or not, from the store or pending). */
  private readKeys = new Set<string>();
  /** Ranges (pk, sk prefix) it queried since the last clear. */
  private readRanges: { pk: string; prefix: string }[] = [];

  constructor(private readonly reader: ViewReader) {}

  async get(pk: string, sk: string): Promise<ViewDoc | null> {
    this.readKeys.add(keyOf(pk, sk));
    const change = this.pending.get(keyOf(pk, sk));
    if (change) return change.doc === null ? null : structuredClone(change.doc);
    return this.reader.get(pk, sk);
  }

  async query(pk: string, prefix = ''): Promise<ViewItem[]> {
    this.readRanges.push({ pk, prefix });
    const merged = new Map((await this.reader.query(pk, prefix)).map((item) => [item.sk, item.doc]));
    for (const change of this.pending.values()) {
      if (change.pk !== pk || !change.sk.startsWith(prefix)) continue;
      if (change.doc === null) merged.delete(change.sk);
      else merged.set(change.sk, structuredClone(change.doc));
    }
    return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sk, doc]) => ({ sk, doc }));
  }

  put(pk: string, sk: string, doc: ViewDoc): void {
    const bytes = Buffer.byteLength(JSON.stringify(doc)) + pk.length + sk.length;
    if (bytes > MAX_VIEW_DOC_BYTES) throw new ViewTooLargeError(pk, sk, bytes);
    this.pending.set(keyOf(pk, sk), { pk, sk, doc: structuredClone(doc), bytes });
  }

  delete(pk: string, sk: string): void {
    this.pending.set(keyOf(pk, sk), { pk, sk, doc: null, bytes: pk.length + sk.length });
  }

  get size(): number {
    return this.pending.size;
  }

  get bytes(): number {
    let total = 0;
    for (const change of this.pending.values()) total += change.bytes;
    return total;
  }

  /** True when the pending changes no longer fit one commit (the last event must go, or be split). */
  get over(): boolean {
    return this.size > MAX_CHANGES_PER_COMMIT || this.bytes > MAX_BYTES_PER_COMMIT;
  }

  /**
   * True when a commit now is worth it: close to a limit. Only an optimisation; the
   * projector never relies on it to stay under a limit (it checks `over` after each event).
   */
  get full(): boolean {
    return this.size >= MAX_CHANGES_PER_COMMIT - 8 || this.bytes >= MAX_BYTES_PER_COMMIT - 2 * MAX_VIEW_DOC_BYTES;
  }

  /** A mark to roll back to if the next event fails half-way. */
  mark(): Map<string, Pending> {
    return new Map(this.pending);
  }

  rollback(mark: Map<string, Pending>): void {
    this.pending = mark;
  }

  private wasRead(change: ViewChange): boolean {
    if (this.readKeys.has(keyOf(change.pk, change.sk))) return true;
    return this.readRanges.some((range) => range.pk === change.pk && change.sk.startsWith(range.prefix));
  }

  /**
   * The pending changes of one event (call it after a clear and that event alone) in
   * commits that each fit, split by what the event read. Written in this order, the
   * split is safe to re-apply after a crash between two of the commits: the documents
   * the event read (or looked for, or queried a range of) change only in the last one,
   * with the checkpoint, so a second run reads the same inputs, makes the same reads in
   * the same order and writes the same documents again (puts are whole documents,
   * deleting what is gone is a no-op). That holds for a projection whose output depends
   * on nothing but the event and what it reads, as ledgerProjection's does.
   */
  split(): SplitChanges {
    const unread: Pending[] = [];
    const read: Pending[] = [];
    for (const change of this.pending.values()) (this.wasRead(change) ? read : unread).push(change);
    if (read.length > MAX_CHANGES_PER_COMMIT || sumBytes(read) > MAX_BYTES_PER_COMMIT)
      throw new ViewEventTooLargeError(read.length, sumBytes(read));
    const parts: ViewChange[][] = [];
    let part: Pending[] = [];
    for (const change of unread) {
      if (part.length === MAX_CHANGES_PER_COMMIT || sumBytes(part) + change.bytes > MAX_BYTES_PER_COMMIT) {
        parts.push(part.map(strip));
        part = [];
      }
      part.push(change);
    }
    if (part.length > 0) parts.push(part.map(strip));
    return { parts, last: read.map(strip) };
  }

  changes(): ViewChange[] {
    return [...this.pending.values()].map(({ pk, sk, doc }) => ({ pk, sk, doc }));
  }

  clear(): void {
    this.pending.clear();
    this.readKeys.clear();
    this.readRanges = [];
  }
}
