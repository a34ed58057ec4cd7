// Aggregate states this process has folded, at the version it folded them. Bounded by
// count and by the bytes of the events behind them; least recently used go first. A
// cached state is only ever a guess: every write conditions on its version, and a
// failed condition marks it suspect, so the next use reads the events after it.

export interface CachedStream {
  version: number;
  state: unknown;
  /** Bytes of event data folded into the state: what the entry costs to keep. */
  weight: number;
  /** Another process may have written after `version`: read the tail before using it. */
  suspect: boolean;
}

export interface StreamCacheLimits {
  maxStreams?: number;
  maxBytes?: number;
}

export class StreamCache {
  private readonly entries = new Map<string, CachedStream>();
  private readonly maxStreams: number;
  private readonly maxBytes: number;
  private bytes = 0;

  constructor(limits: StreamCacheLimits = {}) {
    this.maxStreams = limits.maxStreams ?? 20_000;
    this.maxBytes = limits.maxBytes ?? 64 * 1024 * 1024;
  }

  get(streamId: string): CachedStream | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, entry: CachedStream): void {
    this.delete(streamId);
    this.entries.set(streamId, entry);
    this.bytes += entry.weight;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.maxStreams && this.bytes <= this.maxBytes) break;
      if (oldest === streamId) break;
      this.entries.delete(oldest);
      this.bytes -= old.weight;
    }
  }

  markSuspect(streamId: string): void {
    const entry = this.entries.get(streamId);
    if (entry) entry.suspect = true;
  }

  delete(streamId: string): void {
    const entry = this.entries.get(streamId);
    if (!entry) return;
    this.entries.delete(streamId);
    this.bytes -= entry.weight;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get weight(): number {
    return this.bytes;
  }
}
