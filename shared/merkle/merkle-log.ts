// The Merkle tree over the log, kept as tiles in a TileStore. The projector appends
// the chain hashes of the events it has caught up with; proofs and roots for any size
// up to the latest tree head read only the few tiles they need (one batch).
import { ProofRangeError, TileIntegrityError, TreeSizeMismatchError, TreeSizeUnavailableError } from './errors';
import { EMPTY_ROOT, type Hash, leafOfChainHash, nodeHash, sameBytes } from './hash';
import { TileBuilder } from './tile-builder';
import { readNodes } from './tile-reader';
import type { TileStore } from './tile-store';
import { edgeTiles, type Tile, tilePath } from './tiles';
import { EMPTY_TREE, type TreeHead } from './tree-head';
import { consistencyRanges, inclusionRanges, type LeafRange, rangeNodes } from './tree-shape';

/** Tiles written per round while appending (a flush, not a limit). */
const FLUSH_TILES = 64;

export class MerkleLog {
  constructor(private readonly store: TileStore) {}

  /** The latest tree head whose tiles are all stored (size 0 for a new tree). */
  async head(): Promise<TreeHead> {
    return (await this.store.latestTreeHead()) ?? EMPTY_TREE;
  }

  /**
   * Extends the tree of `fromSize` leaves (which must be the stored head) with the chain
   * hashes of positions fromSize+1, fromSize+2, … in order. Writes the new and widened
   * tiles, then the new tree head. Safe to repeat after a crash: the same log gives the
   * same tiles, and writing identical tiles again succeeds.
   */
  async append(fromSize: number, chainHashes: Iterable<string> | AsyncIterable<string>): Promise<TreeHead> {
    const head = await this.head();
    if (fromSize !== head.size) throw new TreeSizeMismatchError(fromSize, head.size);
    return this.extend(head, chainHashes);
  }

  /**
   * Brings the tree up to `position` (what the projector calls after each batch):
   * `read(from, to)` gives the chain hashes of positions from..to in order. A tree that
   * lags further behind (a crash after the views moved on) catches up from where it is.
   * Two processes catching up at once write the same tiles; both succeed.
   */
  async catchUp(
    position: number,
    read: (from: number, to: number) => Iterable<string> | AsyncIterable<string>,
  ): Promise<TreeHead> {
    if (!Number.isSafeInteger(position) || position < 0) throw new TypeError(`not a log position: ${position}`);
    const head = await this.head();
    if (head.size >= position) return head;
    return this.extend(head, take(read(head.size + 1, position), position - head.size));
  }

  private async extend(head: TreeHead, chainHashes: Iterable<string> | AsyncIterable<string>): Promise<TreeHead> {
    const builder = await this.resume(head);
    let completed: Tile[] = [];
    for await (const chainHash of chainHashes) {
      completed.push(...builder.push(leafOfChainHash(chainHash)));
      if (completed.length >= FLUSH_TILES) {
        await this.store.putTiles(completed);
        completed = [];
      }
    }
    if (builder.size === head.size) return head;
    await this.store.putTiles([...completed, ...builder.partialTiles()]);
    const next = { size: builder.size, rootHash: builder.root() };
    await this.store.putTreeHead(next);
    return next;
  }

  private async resume(head: TreeHead): Promise<TileBuilder> {
    const ids = edgeTiles(head.size);
    const stored = await this.store.getTiles(ids);
    const tiles = ids.map((id, i) => {
      const hashes = stored[i];
      if (!hashes) throw new TileIntegrityError(tilePath(id), 'is missing');
      return { ...id, hashes };
    });
    const builder = TileBuilder.resume(head.size, tiles);
    if (!sameBytes(builder.root(), head.rootHash)) {
      throw new TileIntegrityError(ids.map(tilePath).join(', '), `do not add up to the root of tree head ${head.size}`);
    }
    return builder;
  }

  /** MTH(D[0:size]) for any size up to the head. */
  async rootAt(size: number, head?: TreeHead): Promise<Hash> {
    const tree = await this.within(size, head);
    if (size === 0) return EMPTY_ROOT;
    if (size === tree.size) return tree.rootHash;
    const [root] = await this.rangeHashes(tree.size, [[0, size]]);
    return root!;
  }

  /** PATH(leafIndex, D[0:size]): the sibling hashes from the leaf up. */
  async inclusionProof(leafIndex: number, size: number, head?: TreeHead): Promise<Hash[]> {
    const tree = await this.within(size, head);
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= size) {
      throw new ProofRangeError('leaf_out_of_range', `leaf index ${leafIndex} is not in a tree of ${size} leaves`);
    }
    return this.rangeHashes(tree.size, inclusionRanges(leafIndex, 0, size));
  }

  /** PROOF(from, D[0:to]); empty when from is 0 or equals to. */
  async consistencyProof(from: number, to: number, head?: TreeHead): Promise<Hash[]> {
    const tree = await this.within(to, head);
    if (!Number.isSafeInteger(from) || from < 0 || from > to) {
      throw new ProofRangeError('invalid_range', `no consistency proof from size ${from} to size ${to}`);
    }
    if (from === 0 || from === to) return [];
    return this.rangeHashes(tree.size, consistencyRanges(from, to));
  }

  private async within(size: number, head?: TreeHead): Promise<TreeHead> {
    const tree = head ?? (await this.head());
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new ProofRangeError('invalid_size', `a tree size is a whole number ≥ 0, not ${size}`);
    }
    if (size > tree.size) throw new TreeSizeUnavailableError(size, tree.size);
    return tree;
  }

  private async rangeHashes(treeSize: number, ranges: readonly LeafRange[]): Promise<Hash[]> {
    const perRange = ranges.map(([lo, hi]) => rangeNodes(lo, hi));
    const hashes = await readNodes(this.store, treeSize, perRange.flat());
    let at = 0;
    return perRange.map((nodes) => {
      const own = hashes.slice(at, at + nodes.length);
      at += nodes.length;
      return own.reduceRight((acc, hash) => nodeHash(hash, acc));
    });
  }
}

/** The first `count` items. */
async function* take(items: Iterable<string> | AsyncIterable<string>, count: number) {
  if (count <= 0) return;
  let taken = 0;
  for await (const item of items) {
    yield item;
    if (++taken >= count) return;
  }
}
