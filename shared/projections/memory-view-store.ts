// Views held in memory: the same contract as the DynamoDB views table.
import {
  type Checkpoint,
  CheckpointMovedError,
  EMPTY_CHECKPOINT,
  type ProjectorFailure,
  type QueryOptions,
  type ScannableViews,
  type StoredViewDoc,
  type ViewChange,
  type ViewDoc,
  type ViewItem,
  type ViewKey,
  type ViewWriter,
} from './view-store';

export class MemoryViewStore implements ViewWriter, ScannableViews {
  readonly generation = 1;
  private readonly partitions = new Map<string, Map<string, ViewDoc>>();
  private current: Checkpoint = EMPTY_CHECKPOINT;
  private failure: ProjectorFailure | null = null;

  async projectorFailure(): Promise<ProjectorFailure | null> {
    return this.failure;
  }

  async recordFailure(failure: ProjectorFailure | null): Promise<void> {
    this.failure = failure;
  }

  // Reads hand out copies: a projection edits what it reads before it puts it back,
  // and an edit of an event that then fails (or of a losing concurrent run) must not
  // reach the stored documents ahead of the checkpoint.
  async get(pk: string, sk: string): Promise<ViewDoc | null> {
    const doc = this.partitions.get(pk)?.get(sk);
    return doc === undefined ? null : structuredClone(doc);
  }

  async getMany(keys: readonly ViewKey[]): Promise<(ViewDoc | null)[]> {
    return Promise.all(keys.map((key) => this.get(key.pk, key.sk)));
  }

  async query(pk: string, prefix = '', options: QueryOptions = {}): Promise<ViewItem[]> {
    const partition = this.partitions.get(pk);
    if (!partition) return [];
    const { after, limit } = options;
    return [...partition.entries()]
      .filter(([sk]) => sk.startsWith(prefix) && (after === undefined || sk > after))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit)
      .map(([sk, doc]) => ({ sk, doc: structuredClone(doc) }));
  }

  async checkpoint(): Promise<Checkpoint> {
    return this.current;
  }

  async commit(changes: ViewChange[], from: Checkpoint, to: Checkpoint): Promise<void> {
    await this.commitPart(changes, from);
    this.current = to;
  }

  async commitPart(changes: ViewChange[], at: Checkpoint): Promise<void> {
    if (this.current.position !== at.position) throw new CheckpointMovedError(at.position);
    for (const change of changes) {
      const partition = this.partitions.get(change.pk) ?? new Map<string, ViewDoc>();
      if (change.doc === null) partition.delete(change.sk);
      // Stored as a copy: later changes to the caller's object must not leak in.
      else partition.set(change.sk, structuredClone(change.doc));
      this.partitions.set(change.pk, partition);
    }
  }

  async *documents(): AsyncGenerator<StoredViewDoc> {
    for (const [pk, partition] of this.partitions)
      for (const [sk, doc] of partition) yield { pk, sk, text: JSON.stringify(doc) };
  }

  /** Every document, for comparing two builds of the views (or a build with the views table). */
  snapshot(): Record<string, Record<string, ViewDoc>> {
    const out: Record<string, Record<string, ViewDoc>> = {};
    for (const pk of [...this.partitions.keys()].sort()) {
      // A partition whose documents were all deleted: none in a DynamoDB table either.
      if (this.partitions.get(pk)!.size === 0) continue;
      const items: Record<string, ViewDoc> = {};
      for (const [sk, doc] of [...this.partitions.get(pk)!.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
        items[sk] = doc;
      out[pk] = items;
    }
    return out;
  }
}
