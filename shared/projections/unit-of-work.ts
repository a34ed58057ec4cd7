// Collects the document changes of a run of events so they are written together
// with the checkpoint, one item at most once per commit (DynamoDB refuses two
// actions on one item in a transaction), and flushed before any limit is reached.
import { MAX_VIEW_DOC_BYTES, type ViewChange, type ViewDoc, type ViewItem, type ViewReader } from './view-store';

/** Distinct documents per commit: 100 transaction actions, one kept for the checkpoint. */
export const MAX_CHANGES_PER_COMMIT = 90;
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

export class UnitOfWork implements ViewTx {
  private pending = new Map<string, ViewChange & { bytes: number }>();

  constructor(private readonly reader: ViewReader) {}

  async get(pk: string, sk: string): Promise<ViewDoc | null> {
    const change = this.pending.get(keyOf(pk, sk));
    if (change) return change.doc === null ? null : structuredClone(change.doc);
    return this.reader.get(pk, sk);
  }

  async query(pk: string, prefix = ''): Promise<ViewItem[]> {
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

  /** True when one more event might push the commit past a limit. */
  get full(): boolean {
    return this.size >= MAX_CHANGES_PER_COMMIT - 8 || this.bytes >= MAX_BYTES_PER_COMMIT - 2 * MAX_VIEW_DOC_BYTES;
  }

  /** A mark to roll back to if the next event fails half-way. */
  mark(): Map<string, ViewChange & { bytes: number }> {
    return new Map(this.pending);
  }

  rollback(mark: Map<string, ViewChange & { bytes: number }>): void {
    this.pending = mark;
  }

  changes(): ViewChange[] {
    return [...this.pending.values()].map(({ pk, sk, doc }) => ({ pk, sk, doc }));
  }

  clear(): void {
    this.pending.clear();
  }
}
