// Re-chunks one partition after some of its documents changed, cutting again only the
// chunks around the changes. The chunks are the same as `chunkPartition` gives for the whole
// partition (the format is a function of the state alone), but the work is what changed,
// not the partition's size: a measure of 20,000 entries costs a snapshot its last chunk or
// two, not 20,000 documents read and cut again.
//
// Why it is the same: a chunk starts empty after every cut, so from a cut on, the same
// documents give the same chunks. A chunk whose documents did not change is kept if the
// cutter is empty where it starts (the chunks before it ended at the same place) and the
// document after it did not change either (a chunk may end because the next document would
// take it past the size bound), so the range before a changed one is cut again too.
import type { ViewDoc } from '../projections/view-store';
import { type Blob, Chunker, type ChunkRef, lastAtOrBefore } from './format';

export interface PartitionSource {
  /** The sks an old chunk of the partition holds. */
  keysOf(ref: ChunkRef): Promise<string[]>;
  /** The partition's document at sk now, or null. */
  docAt(sk: string): Promise<ViewDoc | null>;
}

export interface Rechunked {
  /** The partition's chunk refs now, in sk order. */
  refs: ChunkRef[];
  /** The chunks cut again (some may equal old ones, by hash). */
  made: { ref: ChunkRef; blob: Blob }[];
  /** Documents read and cut again: the work this took. */
  documents: number;
}

const bySk = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `old`: the partition's chunk refs at the last snapshot; `changed`: every sk written or deleted since. */
export async function rechunkPartition(
  pk: string,
  old: readonly ChunkRef[],
  changed: Iterable<string>,
  source: PartitionSource,
): Promise<Rechunked> {
  // Each changed sk belongs to the range of the last old chunk starting at or before it
  // (the first range also takes what sorts before every old chunk).
  const byRange = new Map<number, string[]>();
  for (const sk of changed) {
    const at = Math.max(0, lastAtOrBefore(old, pk, sk));
    const list = byRange.get(at);
    if (list) list.push(sk);
    else byRange.set(at, [sk]);
  }
  const affected = new Set<number>();
  for (const at of byRange.keys()) {
    affected.add(at);
    if (at > 0) affected.add(at - 1);
  }
  // The old chunks to cut again, asked for together (lazily loaded views fetch them in one batch).
  const keys = new Map<number, Promise<string[]>>();
  for (const at of affected) if (at < old.length) keys.set(at, source.keysOf(old[at]!));

  const chunker = new Chunker(pk);
  const refs: ChunkRef[] = [];
  let moved = 0;
  let documents = 0;
  const drain = () => {
    for (; moved < chunker.out.length; moved++) refs.push(chunker.out[moved]!.ref);
  };
  const cut = async (oldKeys: string[], extra: string[]) => {
    const sks = [...new Set([...oldKeys, ...extra])].sort(bySk);
    const docs = await Promise.all(sks.map((sk) => source.docAt(sk)));
    for (let k = 0; k < sks.length; k++) {
      const doc = docs[k];
      if (!doc) continue;
      chunker.push(sks[k]!, doc);
      documents++;
    }
  };

  if (old.length === 0) await cut([], byRange.get(0) ?? []);
  for (let i = 0; i < old.length; i++) {
    if (!affected.has(i) && chunker.empty) {
      drain();
      refs.push(old[i]!);
      continue;
    }
    await cut(await (keys.get(i) ?? source.keysOf(old[i]!)), byRange.get(i) ?? []);
  }
  chunker.close();
  drain();
  return { refs, made: chunker.out, documents };
}
