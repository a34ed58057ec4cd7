// Builds the tiles of a growing tree one leaf at a time, in O(log n) memory: per level
// the hashes of its rightmost (unfinished) tile, plus the complete subtrees of the tree
// so far (its "frontier"), whose right fold is the root. A subtree of height 8(L+1)
// closing on the frontier is exactly the root of a level-L tile that just filled up,
// and the next entry of level L+1, so no hash is computed twice.
import { EMPTY_ROOT, HASH_SIZE, type Hash, nodeHash } from './hash';
import { edgeTiles, hashesAtLevel, TILE_HEIGHT, TILE_WIDTH, type Tile, tilePath } from './tiles';

interface Subtree {
  height: number;
  hash: Hash;
}

export class TileBuilder {
  private constructor(
    private count: number,
    private readonly pending: Hash[][],
    private readonly frontier: Subtree[],
    private readonly touched: Set<number>,
  ) {}

  static empty(): TileBuilder {
    return new TileBuilder(0, [[]], [], new Set());
  }

  /** Continues a tree of `size` leaves from its partial tiles (edgeTiles(size), in any order). */
  static resume(size: number, edge: readonly Tile[]): TileBuilder {
    const pending: Hash[][] = [[]];
    for (const want of edgeTiles(size)) {
      const tile = edge.find((t) => t.level === want.level && t.index === want.index && t.width === want.width);
      if (!tile) throw new RangeError(`resuming at size ${size} needs ${tilePath(want)}`);
      if (tile.hashes.byteLength !== tile.width * HASH_SIZE) {
        throw new RangeError(`${tilePath(tile)} holds ${tile.hashes.byteLength} bytes, not ${tile.width * HASH_SIZE}`);
      }
      pending[want.level] = splitHashes(tile.hashes);
    }
    for (let level = 0; hashesAtLevel(level, size) > 0; level++) pending[level] ??= [];
    return new TileBuilder(size, pending, frontierOf(pending), new Set());
  }

  get size(): number {
    return this.count;
  }

  /** Adds the next leaf hash; answers the tiles it completed (lowest level first). */
  push(leaf: Hash): Tile[] {
    const completed: Tile[] = [];
    const size = this.count + 1;
    this.pending[0]!.push(leaf);
    this.touched.add(0);
    let node: Subtree = { height: 0, hash: leaf };
    while (this.frontier.length > 0 && this.frontier.at(-1)!.height === node.height) {
      const left = this.frontier.pop()!;
      node = { height: node.height + 1, hash: nodeHash(left.hash, node.hash) };
      if (node.height % TILE_HEIGHT === 0) {
        const level = node.height / TILE_HEIGHT - 1;
        const index = hashesAtLevel(level, size) / TILE_WIDTH - 1;
        if (this.pending[level]!.length !== TILE_WIDTH) throw new Error(`tile ${level}/${index} closed unfilled`);
        completed.push({ level, index, width: TILE_WIDTH, hashes: Buffer.concat(this.pending[level]!) });
        this.pending[level] = [];
        if (!this.pending[level + 1]) this.pending[level + 1] = [];
        this.pending[level + 1]!.push(node.hash);
        this.touched.add(level + 1);
      }
    }
    this.frontier.push(node);
    this.count = size;
    return completed;
  }

  /** The partial tiles of the current size on every level that grew since the start. */
  partialTiles(): Tile[] {
    const tiles: Tile[] = [];
    for (const level of [...this.touched].sort((a, b) => a - b)) {
      const hashes = this.pending[level] ?? [];
      if (hashes.length === 0) continue;
      const index = Math.floor(hashesAtLevel(level, this.count) / TILE_WIDTH);
      tiles.push({ level, index, width: hashes.length, hashes: Buffer.concat(hashes) });
    }
    return tiles;
  }

  /** MTH of the leaves so far. */
  root(): Hash {
    if (this.frontier.length === 0) return EMPTY_ROOT;
    let acc = this.frontier.at(-1)!.hash;
    for (let i = this.frontier.length - 2; i >= 0; i--) acc = nodeHash(this.frontier[i]!.hash, acc);
    return acc;
  }
}

export function splitHashes(bytes: Uint8Array): Hash[] {
  const out: Hash[] = [];
  for (let at = 0; at < bytes.byteLength; at += HASH_SIZE) out.push(bytes.subarray(at, at + HASH_SIZE));
  return out;
}

/** MTH of 2^k hashes taken as the bottom row of a perfect tree. */
export function perfectRoot(row: readonly Hash[]): Hash {
  let level = [...row];
  while (level.length > 1) {
    const next: Hash[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    level = next;
  }
  return level[0]!;
}

/** The complete subtrees of a tree whose rightmost tiles are `pending`, largest first. */
function frontierOf(pending: readonly Hash[][]): Subtree[] {
  const frontier: Subtree[] = [];
  for (let level = pending.length - 1; level >= 0; level--) {
    const row = pending[level]!;
    let offset = 0;
    for (let bit = TILE_HEIGHT - 1; bit >= 0; bit--) {
      const width = 2 ** bit;
      if (row.length - offset < width) continue;
      frontier.push({ height: level * TILE_HEIGHT + bit, hash: perfectRoot(row.slice(offset, offset + width)) });
      offset += width;
    }
  }
  return frontier;
}
