// Where tiles and tree heads live. Both are write-once: writing the same bytes
// again (a retry after a crash, or two writers racing) succeeds; writing different
// bytes under the same name throws TileConflictError. A tree head is recorded only
// after every tile of its size is stored, so the latest head names a complete tree.

import { TileConflictError } from './errors';
import { sameBytes } from './hash';
import { type Tile, type TileId, tilePath } from './tiles';
import type { TreeHead } from './tree-head';

export interface TileStore {
  /** The tiles asked for, in the same order; null where one is not stored. */
  getTiles(ids: readonly TileId[]): Promise<(Uint8Array | null)[]>;
  putTiles(tiles: readonly Tile[]): Promise<void>;
  /** The recorded tree head with the largest size, or null for an empty tree. */
  latestTreeHead(): Promise<TreeHead | null>;
  putTreeHead(head: TreeHead): Promise<void>;
  /** Every recorded tree head, smallest size first. */
  treeHeads(): AsyncIterable<TreeHead>;
}

export const treeHeadName = (size: number) => `tree head ${size}`;

export class MemoryTileStore implements TileStore {
  /** Pass maps to look at (or, in tests, tamper with) what is stored: tiles by path, roots by size. */
  constructor(
    readonly tiles: Map<string, Uint8Array> = new Map(),
    readonly heads: Map<number, Uint8Array> = new Map(),
  ) {}

  async getTiles(ids: readonly TileId[]) {
    return ids.map((id) => this.tiles.get(tilePath(id)) ?? null);
  }

  async putTiles(tiles: readonly Tile[]) {
    for (const tile of tiles) {
      const path = tilePath(tile);
      const stored = this.tiles.get(path);
      if (stored && !sameBytes(stored, tile.hashes)) throw new TileConflictError(path);
      this.tiles.set(path, Uint8Array.from(tile.hashes));
    }
  }

  async latestTreeHead() {
    let size = -1;
    for (const recorded of this.heads.keys()) size = Math.max(size, recorded);
    return size < 0 ? null : { size, rootHash: this.heads.get(size)! };
  }

  async putTreeHead(head: TreeHead) {
    const stored = this.heads.get(head.size);
    if (stored && !sameBytes(stored, head.rootHash)) throw new TileConflictError(treeHeadName(head.size));
    this.heads.set(head.size, Uint8Array.from(head.rootHash));
  }

  async *treeHeads() {
    for (const size of [...this.heads.keys()].sort((a, b) => a - b)) yield { size, rootHash: this.heads.get(size)! };
  }
}
