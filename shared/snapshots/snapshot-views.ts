// The views as of a snapshot, loaded lazily: a read fetches only the page and the chunk
// that hold its documents (each checked against its address), and the events replayed
// after the snapshot are written to an overlay in memory, never to the snapshot. Before a
// replay, a dry run (`offline`) learns what the events will read, and `prefetch` fetches it
// in two batches instead of a page and a chunk at a time.
import {
  type Checkpoint,
  CheckpointMovedError,
  type ProjectorFailure,
  type QueryOptions,
  type ViewChange,
  type ViewDoc,
  type ViewItem,
  type ViewKey,
  type ViewReader,
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

/** What a dry run of the replay asked for and the snapshot had not loaded: fetched together by `prefetch`. */
export interface Misses {
  /** Pages (by address) a read needed. */
  pages: Set<string>;
  /** Chunks (by address) a read needed. */
  chunks: Set<string>;
  /** Reads whose page was missing: resolved to chunks once it is in (a document, or a query from a bound). */
  reads: { pk: string; sk: string; prefix: string | null }[];
}

export const noMisses = (): Misses => ({ pages: new Set(), chunks: new Set(), reads: [] });

/** A query's chunks fetched ahead: the most a dry run asks for from one bound. */
const QUERY_PREFETCH_CHUNKS = 8;

export class SnapshotViews implements ViewWriter {
  private readonly overlay = new Map<string, Map<string, ViewDoc | null>>();
  private readonly pages = new Map<string, Promise<PageBody>>();
  private readonly chunks = new Map<string, Promise<Map<string, ViewDoc>>>();
  /** The same, once loaded: what a dry run can answer without a fetch. */
  private readonly loadedPages = new Map<string, PageBody>();
  private readonly loadedChunks = new Map<string, Map<string, ViewDoc>>();
  /** Blobs fetched by `prefetch` and not yet parsed. */
  private readonly prefetched = new Map<string, Uint8Array>();
  private current: Checkpoint;

  constructor(
    private readonly blobs: Pick<SnapshotStore, 'getBlob' | 'getBlobs'>,
    private readonly manifest: Manifest,
  ) {
    this.current = { position: manifest.position, hash: manifest.chainHash };
  }

  /** Blobs fetched so far (pages and chunks), for tests and the bench. */
  fetched = 0;
  /** Round trips those took (a batch counts once). */
  roundTrips = 0;

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

  /**
   * A reader over what is already loaded (and the overlay), for a dry run of the replay: a read
   * the snapshot cannot answer without a fetch is noted in `misses` and answered as empty.
   */
  offline(misses: Misses): ViewReader {
    /** True when the read can be answered from memory; otherwise notes what it lacks. */
    const ready = (pk: string, sk: string, prefix: string | null): boolean => {
      if (prefix === null && this.overlay.get(pk)?.has(sk)) return true;
      const at = lastAtOrBefore(this.manifest.pages, pk, sk);
      if (at < 0) return true;
      const page = this.loadedPages.get(this.manifest.pages[at]!.hash);
      if (!page) {
        misses.pages.add(this.manifest.pages[at]!.hash);
        misses.reads.push({ pk, sk, prefix });
        return false;
      }
      const wanted = this.chunksIn(page, pk, sk, prefix).filter((hash) => !this.loadedChunks.has(hash));
      for (const hash of wanted) misses.chunks.add(hash);
      return wanted.length === 0;
    };
    return {
      get: async (pk, sk) => (ready(pk, sk, null) ? this.get(pk, sk) : null),
      getMany: async (keys) =>
        Promise.all(keys.map((key) => (ready(key.pk, key.sk, null) ? this.get(key.pk, key.sk) : null))),
      query: async (pk, prefix = '', options = {}) => {
        const from = options.after !== undefined && options.after > prefix ? options.after : prefix;
        return ready(pk, from, prefix) ? this.query(pk, prefix, options) : [];
      },
      checkpoint: () => this.checkpoint(),
      projectorFailure: async () => null,
    };
  }

  /** Fetches what a dry run missed: the pages first, then every chunk, each set in one batch. */
  async prefetch(misses: Misses): Promise<void> {
    await this.fetchAll([...misses.pages]);
    await Promise.all([...misses.pages].map((hash) => this.page(hash)));
    const chunks = new Set(misses.chunks);
    for (const { pk, sk, prefix } of misses.reads) {
      const at = lastAtOrBefore(this.manifest.pages, pk, sk);
      const page = this.loadedPages.get(this.manifest.pages[at]?.hash ?? '');
      if (page) for (const hash of this.chunksIn(page, pk, sk, prefix)) chunks.add(hash);
    }
    const wanted = [...chunks].filter((hash) => !this.loadedChunks.has(hash));
    await this.fetchAll(wanted);
    await Promise.all(wanted.map((hash) => this.chunk(hash)));
  }

  private async fetchAll(hashes: string[]): Promise<void> {
    const wanted = hashes.filter((hash) => !this.prefetched.has(hash) && !this.fetchedAlready(hash));
    if (wanted.length === 0) return;
    this.roundTrips++;
    this.fetched += wanted.length;
    for (const [hash, bytes] of await this.blobs.getBlobs(wanted)) this.prefetched.set(hash, bytes);
  }

  private fetchedAlready(hash: string): boolean {
    return this.pages.has(hash) || this.chunks.has(hash);
  }

  /**
   * The chunks of `page` a read needs: for a document (`prefix` null), the one that can hold (pk, sk);
   * for a query of `prefix` from sk, those from there on that can hold the prefix, a few at most.
   */
  private chunksIn(page: PageBody, pk: string, sk: string, prefix: string | null): string[] {
    const at = lastAtOrBefore(page.refs, pk, sk);
    if (prefix === null) return at >= 0 && page.refs[at]!.pk === pk ? [page.refs[at]!.hash] : [];
    const out: string[] = [];
    for (let i = Math.max(0, at); i < page.refs.length && out.length < QUERY_PREFETCH_CHUNKS; i++) {
      const ref = page.refs[i]!;
      if (ref.pk > pk || (ref.pk === pk && !ref.first.startsWith(prefix) && ref.first > prefix)) break;
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
      await this.fetchAll(this.chunksIn(page, pk, sk, prefix).filter((hash) => !this.chunks.has(hash)));
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
      page = this.blob<PageBody>(hash, 'page').then((body) => {
        this.loadedPages.set(hash, body);
        return body;
      });
      this.pages.set(hash, page);
    }
    return page;
  }

  private chunk(hash: string): Promise<Map<string, ViewDoc>> {
    let chunk = this.chunks.get(hash);
    if (!chunk) {
      chunk = this.blob<ChunkBody>(hash, 'chunk').then((body) => {
        const loaded = new Map(body.items);
        this.loadedChunks.set(hash, loaded);
        return loaded;
      });
      this.chunks.set(hash, chunk);
    }
    return chunk;
  }

  private async blob<T>(hash: string, what: string): Promise<T> {
    let bytes: Uint8Array | null | undefined = this.prefetched.get(hash);
    if (bytes) this.prefetched.delete(hash);
    else {
      this.fetched++;
      this.roundTrips++;
      bytes = await this.blobs.getBlob(hash);
    }
    if (!bytes) throw new SnapshotIntegrityError(`snapshot ${what} ${hash} is missing`);
    return readBlob<T>(hash, bytes, what);
  }
}
