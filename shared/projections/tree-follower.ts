// Keeps the Merkle tree over the log (shared/merkle) up with the views: after each
// catch-up the projector extends the tree to the views' position from the events' chain
// hashes. The tree resumes from its own head, so a crash between the views' commit and
// the tree's (or between two tile writes) is made good by the next wake; tiles are
// write-once, so two projectors extending at once write the same bytes and both succeed.
import type { MerkleLog } from '../merkle/merkle-log';
import type { TileStore } from '../merkle/tile-store';
import type { TreeHead } from '../merkle/tree-head';
import { TileCheck, type TileVerdict } from '../merkle/verify-tiles';
import { type EventStore, iterateAll } from '../store/event-store';

/** The chain hashes of positions from..to, in order; a gap in the log is an error, never skipped. */
export async function* chainHashes(
  store: Pick<EventStore, 'readAll'>,
  from: number,
  to: number,
): AsyncGenerator<string> {
  let expected = from;
  for await (const event of iterateAll(store, { fromPosition: from, toPosition: to, pageSize: 1000 })) {
    if (event.position !== expected) throw new Error(`the log skipped from ${expected - 1} to ${event.position}`);
    expected++;
    yield event.hash;
  }
  if (expected <= to) throw new Error(`the log ends at ${expected - 1}, before position ${to}`);
}

/** Extends the tree to cover the log up to `position` (no-op when it already does). */
export function advanceTree(tree: MerkleLog, store: Pick<EventStore, 'readAll'>, position: number): Promise<TreeHead> {
  return tree.catchUp(position, (from, to) => chainHashes(store, from, to));
}

export interface TreeRebuild {
  /** The stored tree rebuilt from the log and compared, tile by tile. */
  checked: TileVerdict;
  /** The tree head afterwards (extended to the position asked for when the check passed). */
  head: TreeHead;
}

/**
 * What `npm run rebuild` does for the tree: rebuilds it from the log and compares every
 * stored tile and tree head, then extends it to `position`. Tiles are write-once, so a
 * tree that disagrees with the log is reported (the first tile named), never overwritten.
 */
export async function rebuildTree(
  tree: MerkleLog,
  tiles: TileStore,
  store: Pick<EventStore, 'readAll'>,
  position: number,
): Promise<TreeRebuild> {
  const check = await TileCheck.start(tiles);
  for await (const chainHash of chainHashes(store, 1, check.size)) await check.push(chainHash);
  const checked = await check.finish();
  if (!checked.ok) return { checked, head: await tree.head() };
  return { checked, head: await advanceTree(tree, store, position) };
}
