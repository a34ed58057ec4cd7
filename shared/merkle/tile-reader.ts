// Reads the complete subtrees ("nodes") a root or proof needs from the tiles of a
// tree of a given size, in one batch: a node of height 8L+r is the perfect-tree root
// of 2^r consecutive hashes of one level-L tile. Tiles are read at their width in
// that tree, so a smaller tree's proof is read from the same (wider) tiles: a tile's
// first W hashes never change as it widens.
import { TileIntegrityError } from './errors';
import { HASH_SIZE, type Hash } from './hash';
import { perfectRoot, splitHashes } from './tile-builder';
import type { TileStore } from './tile-store';
import { TILE_HEIGHT, TILE_WIDTH, type TileId, tilePath, tileWidth } from './tiles';
import type { NodeId } from './tree-shape';

interface Placement {
  tile: TileId;
  offset: number;
  count: number;
}

function place(node: NodeId, treeSize: number): Placement {
  const level = Math.floor(node.height / TILE_HEIGHT);
  const count = 2 ** (node.height % TILE_HEIGHT);
  const first = node.index * count;
  const index = Math.floor(first / TILE_WIDTH);
  const width = tileWidth(level, index, treeSize);
  const offset = first - index * TILE_WIDTH;
  if (offset + count > width) {
    throw new RangeError(`node ${node.height}/${node.index} is not in a tree of ${treeSize} leaves`);
  }
  return { tile: { level, index, width }, offset, count };
}

/** The hashes of `nodes`, in the same order, from the tiles of a tree of `treeSize` leaves. */
export async function readNodes(store: TileStore, treeSize: number, nodes: readonly NodeId[]): Promise<Hash[]> {
  const placements = nodes.map((node) => place(node, treeSize));
  const paths = [...new Set(placements.map((p) => tilePath(p.tile)))];
  const ids = paths.map((path) => placements.find((p) => tilePath(p.tile) === path)!.tile);
  const stored = await store.getTiles(ids);
  const rows = new Map<string, Hash[]>();
  ids.forEach((id, i) => {
    const bytes = stored[i];
    const path = paths[i]!;
    if (!bytes) throw new TileIntegrityError(path, 'is missing');
    if (bytes.byteLength !== id.width * HASH_SIZE) {
      throw new TileIntegrityError(path, `holds ${bytes.byteLength} bytes, not ${id.width * HASH_SIZE}`);
    }
    rows.set(path, splitHashes(bytes));
  });
  return placements.map((p) => perfectRoot(rows.get(tilePath(p.tile))!.slice(p.offset, p.offset + p.count)));
}
