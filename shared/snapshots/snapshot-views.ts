// The views as of a snapshot, loaded lazily: a read fetches only the page and the chunk
// that hold its documents (each checked against its address), and the events replayed
// after the snapshot are written to an overlay in memory, never to the snapshot. Blob reads
// asked for in the same turn of the event loop go out together in one BatchGetItem, so reads
// made concurrently (a replay's warm-up, a query's chunks, a page's parallel reads) cost one
// round trip per level of the tree instead of one per blob.
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

/** A query's chunks fetched together from one page: the most it asks for at once. */
const QUERY_PREFETCH_CHUNKS = 8;

export class SnapshotViews implements ViewWriter {
  private readonly overlay = new Map<string, Map<string, ViewDoc | null>>();
  private readonly pages = new Map<string, Promise<PageBody>>();
  private readonly chunks = new Map<string, Promise<Map<string, ViewDoc>>>();
  /**
   * Blobs asked for in this turn of the event loop, fetched together on the next. One asker
   * per address: `page` and `chunk` keep the promise of each address they asked for.
   */
  private waiting = new Map<
    string,
    { resolve: (bytes: Uint8Array | null) => void; reject: (error: unknown) => void }
  >();
  private current: Checkpoint;

  constructor(
    private readonly blobs: Pick<SnapshotStore, 'getBlob' | 'getBlobs'>,
    private readonly manifest: Manifest,
  ) {
    this.current = { position: manifest.position, hash: manifest.chainHash };
  }

  async get(pk: string, sk: string): Promise<ViewDoc | null> {
    const over = this.overlay.get(pk);
    if (over?.has(sk)) {
      const doc = over.get(sk)!;
      return doc === null ? null : structuredClone(doc);
    }
    const ref = await this.refAt(pk, sk);
    if (!ref) return null;
    const doc = (await this.chunk(ref.hash)).get(sk);
    return doc === undefined ? null : structuredClone(doc);
  }

  async getMany(keys: readonly ViewKey[]): Promise<(ViewDoc | null)[]> {
    return Promise.all(keys.map((key) => this.get(key.pk, key.sk)));
  }

  async query(pk: string, prefix = '', options: QueryOptions = {}): Promise<ViewItem[]> {
    const { after, limit } = options;
    const want = (sk: string) => sk.startsWith(prefix) && (after === undefined || sk > after);
    const from = after !== undefined && after > prefix ? after : prefix;
    const over = this.overlay.get(pk) ?? new Map<string, ViewDoc | null>();
    const merged = new Map<string, ViewDoc>();
    // Chunks in key order from the one holding the lower bound; each chunk's documents are
    // final up to the next chunk's first sk, so stop once `limit` of them are in.
    const refs = this.refsFrom(pk, from, prefix);
    let next = await refs.next();
    while (!next.done) {
      const ref = next.value;
      if (!ref.first.startsWith(prefix) && ref.first > prefix) break;
      for (const [sk, doc] of await this.chunk(ref.hash)) if (want(sk) && !over.has(sk)) merged.set(sk, doc);
      next = await refs.next();
      const bound = next.done ? undefined : next.value.first;
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

  /** The partitions the events applied since the snapshot changed (the snapshotter rewrites these). */
  changedPartitions(): string[] {
    return [...this.overlay.keys()];
  }

  /** The sks of one partition the events applied since the snapshot wrote or deleted. */
  changedKeys(pk: string): string[] {
    return [...(this.overlay.get(pk)?.keys() ?? [])];
  }

  /** The sks a chunk of the snapshot holds (the chunk fetched and checked like any other). */
  async chunkKeys(hash: string): Promise<string[]> {
    return [...(await this.chunk(hash)).keys()];
  }

  async projectorFailure(): Promise<ProjectorFailure | null> {
    return null;
  }

  async recordFailure(): Promise<void> {}

  async commit(changes: ViewChange[], from: Checkpoint, to: Checkpoint): Promise<void> {
    await this.commitPart(changes, from);
    this.current = to;
  }

  async commitPart(changes: ViewChange[], at: Checkpoint): Promise<void> {
    if (this.current.position !== at.position) throw new CheckpointMovedError(at.position);
    for (const change of changes) {
      const partition = this.overlay.get(change.pk) ?? new Map<string, ViewDoc | null>();
      partition.set(change.sk, change.doc === null ? null : structuredClone(change.doc));
      this.overlay.set(change.pk, partition);
    }
  }

  /** The chunks of `page` a query of `prefix` from sk will read first: those from there on that can hold it, a few. */
  private chunksIn(page: PageBody, pk: string, sk: string, prefix: string): string[] {
    const out: string[] = [];
    for (let i = Math.max(0, lastAtOrBefore(page.refs, pk, sk)); i < page.refs.length; i++) {
      const ref = page.refs[i]!;
      if (out.length === QUERY_PREFETCH_CHUNKS || ref.pk > pk) break;
      if (ref.pk === pk && !ref.first.startsWith(prefix) && ref.first > prefix) break;
      if (ref.pk === pk) out.push(ref.hash);
    }
    return out;
  }

  /**
   * The chunk that can hold (pk, sk): the last one at or before that key, in the one page whose
   * range holds it (a page's first key is at or before the key, the next page's after it).
   */
  private async refAt(pk: string, sk: string): Promise<ChunkRef | null> {
    const at = lastAtOrBefore(this.manifest.pages, pk, sk);
    if (at < 0) return null;
    const page = await this.page(this.manifest.pages[at]!.hash);
    const ref = page.refs[lastAtOrBefore(page.refs, pk, sk)];
    return ref?.pk === pk ? ref : null;
  }

  /**
   * The chunk refs of one partition from the one that can hold (pk, sk) on, across pages, in key
   * order. On each page, the chunks a query from there will read first are fetched in one batch.
   */
  private async *refsFrom(pk: string, sk: string, prefix: string): AsyncGenerator<ChunkRef> {
    const pages = this.manifest.pages;
    for (let p = Math.max(0, lastAtOrBefore(pages, pk, sk)); p < pages.length; p++) {
      if (pages[p]!.pk > pk) return;
      const page = await this.page(pages[p]!.hash);
      // Asked for together, so they come in one batch; the loop below then finds them loaded.
      for (const hash of this.chunksIn(page, pk, sk, prefix)) this.chunk(hash).catch(() => {});
      const { refs } = page;
      for (let i = Math.max(0, lastAtOrBefore(refs, pk, sk)); i < refs.length; i++) {
        if (refs[i]!.pk > pk) return;
        if (refs[i]!.pk === pk) yield refs[i]!;
      }
    }
  }

  /** A page, parsed once: neighbouring partitions share it. */
  private page(hash: string): Promise<PageBody> {
    let page = this.pages.get(hash);
    if (!page) {
      page = this.blob<PageBody>(hash, 'page');
      this.pages.set(hash, page);
    }
    return page;
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
    const bytes = await this.fetch(hash);
    if (!bytes) throw new SnapshotIntegrityError(`snapshot ${what} ${hash} is missing`);
    return readBlob<T>(hash, bytes, what);
  }

  /** One blob's bytes, fetched with every other blob asked for in the same turn. */
  private fetch(hash: string): Promise<Uint8Array | null> {
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) setImmediate(() => void this.flush());
      this.waiting.set(hash, { resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = new Map();
    try {
      const hashes = [...batch.keys()];
      const got =
        hashes.length === 1
          ? new Map([[hashes[0]!, await this.blobs.getBlob(hashes[0]!)]])
          : await this.blobs.getBlobs(hashes);
      for (const [hash, { resolve }] of batch) resolve(got.get(hash) ?? null);
    } catch (error) {
      for (const { reject } of batch.values()) reject(error);
    }
  }
}
