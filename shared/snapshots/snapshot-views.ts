// The views as of a snapshot, loaded lazily: a read fetches only the page and the chunk
// that hold its documents (each checked against its address), and the events replayed
// after the snapshot are written to an overlay in memory, never to the snapshot.
import {
  type Checkpoint,
  CheckpointMovedError,
  type ProjectorFailure,
  type QueryOptions,
  type ViewChange,
  type ViewDoc,
  type ViewItem,
  type ViewKey,
  type ViewWriter,
} from '../projections/view-store';
import {
  type ChunkBody,
  type ChunkRef,
  lastAtOrBefore,
  type Manifest,
  type PageBody,
  readBlob,
  SnapshotIntegrityError,
} from './format';
import type { SnapshotStore } from './snapshot-store';

const sorted = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class SnapshotViews implements ViewWriter {
  private readonly overlay = new Map<string, Map<string, ViewDoc | null>>();
  private readonly refs = new Map<string, Promise<ChunkRef[]>>();
  private readonly chunks = new Map<string, Promise<Map<string, ViewDoc>>>();
  private current: Checkpoint;

  constructor(
    private readonly blobs: Pick<SnapshotStore, 'getBlob'>,
    private readonly manifest: Manifest,
  ) {
    this.current = { position: manifest.position, hash: manifest.chainHash };
  }

  /** Blob fetches so far (pages and chunks), for tests and the bench. */
  fetched = 0;

  async get(pk: string, sk: string): Promise<ViewDoc | null> {
    const over = this.overlay.get(pk);
    if (over?.has(sk)) {
      const doc = over.get(sk)!;
      return doc === null ? null : structuredClone(doc);
    }
    const refs = await this.refsOf(pk);
    const at = lastAtOrBefore(refs, pk, sk);
    if (at < 0) return null;
    const doc = (await this.chunk(refs[at]!.hash)).get(sk);
    return doc === undefined ? null : structuredClone(doc);
  }

  async getMany(keys: readonly ViewKey[]): Promise<(ViewDoc | null)[]> {
    return Promise.all(keys.map((key) => this.get(key.pk, key.sk)));
  }

  async query(pk: string, prefix = '', options: QueryOptions = {}): Promise<ViewItem[]> {
    const { after, limit } = options;
    const want = (sk: string) => sk.startsWith(prefix) && (after === undefined || sk > after);
    const from = after !== undefined && after > prefix ? after : prefix;
    const refs = await this.refsOf(pk);
    const over = this.overlay.get(pk) ?? new Map<string, ViewDoc | null>();
    const merged = new Map<string, ViewDoc>();
    // Chunks in key order from the one holding the lower bound; each chunk's documents are
    // final up to the next chunk's first sk, so stop once `limit` of them are in.
    for (let i = Math.max(0, lastAtOrBefore(refs, pk, from)); i < refs.length; i++) {
      const ref = refs[i]!;
      if (!ref.first.startsWith(prefix) && ref.first > prefix) break;
      for (const [sk, doc] of await this.chunk(ref.hash)) if (want(sk) && !over.has(sk)) merged.set(sk, doc);
      const bound = refs[i + 1]?.first;
      if (limit !== undefined && bound !== undefined) {
        const done = [...merged.keys()].filter((sk) => sk < bound).length;
        const overlaid = [...over.entries()].filter(([sk, doc]) => doc !== null && want(sk) && sk < bound).length;
        if (done + overlaid >= limit) break;
      }
    }
    for (const [sk, doc] of over) if (doc !== null && want(sk)) merged.set(sk, doc);
    return [...merged.entries()]
      .sort(([a], [b]) => sorted(a, b))
      .slice(0, limit)
      .map(([sk, doc]) => ({ sk, doc: structuredClone(doc) }));
  }

  async checkpoint(): Promise<Checkpoint> {
    return this.current;
  }

  async projectorFailure(): Promise<ProjectorFailure | null> {
    return null;
  }

  async recordFailure(): Promise<void> {}

  async commit(changes: ViewChange[], from: Checkpoint, to: Checkpoint): Promise<void> {
    if (this.current.position !== from.position) throw new CheckpointMovedError(from.position);
    for (const change of changes) {
      const partition = this.overlay.get(change.pk) ?? new Map<string, ViewDoc | null>();
      partition.set(change.sk, change.doc === null ? null : structuredClone(change.doc));
      this.overlay.set(change.pk, partition);
    }
    this.current = to;
  }

  /** The chunk refs of one partition: from the page(s) whose key range can hold it. */
  private refsOf(pk: string): Promise<ChunkRef[]> {
    let refs = this.refs.get(pk);
    if (!refs) {
      refs = this.loadRefs(pk);
      this.refs.set(pk, refs);
    }
    return refs;
  }

  private async loadRefs(pk: string): Promise<ChunkRef[]> {
    const pages = this.manifest.pages;
    const out: ChunkRef[] = [];
    for (let i = Math.max(0, lastAtOrBefore(pages, pk, '')); i < pages.length; i++) {
      const page = pages[i]!;
      if (page.pk > pk) break;
      const body = await this.blob<PageBody>(page.hash, 'page');
      out.push(...body.refs.filter((ref) => ref.pk === pk));
      if (body.refs.some((ref) => ref.pk > pk)) break;
    }
    return out;
  }

  private chunk(hash: string): Promise<Map<string, ViewDoc>> {
    let chunk = this.chunks.get(hash);
    if (!chunk) {
      chunk = this.blob<ChunkBody>(hash, 'chunk').then((body) => new Map(body.items));
      this.chunks.set(hash, chunk);
    }
    return chunk;
  }

  private async blob<T>(hash: string, what: string): Promise<T> {
    this.fetched++;
    const bytes = await this.blobs.getBlob(hash);
    if (!bytes) throw new SnapshotIntegrityError(`snapshot ${what} ${hash} is missing`);
    return readBlob<T>(hash, bytes, what);
  }
}
