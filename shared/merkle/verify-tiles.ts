// Rebuilds the tree from the log's chain hashes and compares it with what is stored:
// every full tile, the partial tiles of the latest tree head, and the root of every
// recorded tree head. Push-style, so `verify` can feed it from the loop that already
// walks the log. The first problem is named by its place: a tile path (with the entry
// and positions that differ) or a tree head.
import { HASH_SIZE, type Hash, hashToHex, leafOfChainHash, sameBytes } from './hash';
import { TileBuilder } from './tile-builder';
import { type TileStore, treeHeadName } from './tile-store';
import { TILE_WIDTH, type Tile, tilePath } from './tiles';
import { EMPTY_TREE, type TreeHead } from './tree-head';

export type TileProblem = 'tile_missing' | 'tile_mismatch' | 'tree_head_mismatch' | 'log_shorter_than_tree';

export type TileVerdict =
  | { ok: true; size: number; rootHash: Hash; tilesChecked: number; treeHeadsChecked: number }
  /** `position`: the first log position the problem concerns. */
  | { ok: false; place: string; problem: TileProblem; detail: string; position: number };

type Problem = Extract<TileVerdict, { ok: false }>;

/** Tiles compared per store round trip. */
const BATCH = 100;

export class TileCheck {
  private readonly builder = TileBuilder.empty();
  private queue: Tile[] = [];
  private tileProblem: Problem | null = null;
  private headProblem: Problem | null = null;
  private tilesChecked = 0;
  private treeHeadsChecked = 0;
  private next: TreeHead | null = null;

  private constructor(
    private readonly store: TileStore,
    private readonly head: TreeHead,
    private readonly heads: AsyncIterator<TreeHead>,
  ) {}

  static async start(store: TileStore): Promise<TileCheck> {
    const head = (await store.latestTreeHead()) ?? EMPTY_TREE;
    const check = new TileCheck(store, head, store.treeHeads()[Symbol.asyncIterator]());
    await check.advanceHead();
    return check;
  }

  /** The size of the tree being checked: feed at least this many chain hashes. */
  get size(): number {
    return this.head.size;
  }

  /** Feeds the chain hash of the next position (1, 2, …); positions beyond the tree are ignored. */
  async push(chainHash: string): Promise<void> {
    if (this.tileProblem || this.builder.size >= this.head.size) return;
    this.queue.push(...this.builder.push(leafOfChainHash(chainHash)));
    while (this.next && this.next.size === this.builder.size) {
      this.checkHead(this.next);
      await this.advanceHead();
    }
    if (this.queue.length >= BATCH) await this.flush();
  }

  async finish(): Promise<TileVerdict> {
    await this.flush();
    if (!this.tileProblem && this.builder.size < this.head.size) {
      return {
        ok: false,
        place: treeHeadName(this.head.size),
        problem: 'log_shorter_than_tree',
        position: this.builder.size + 1,
        detail: `the tree has ${this.head.size} leaves but the log ends at position ${this.builder.size}`,
      };
    }
    this.queue = this.builder.partialTiles();
    await this.flush();
    const problem = this.tileProblem ?? this.headProblem;
    if (problem) return problem;
    return {
      ok: true,
      size: this.head.size,
      rootHash: this.builder.root(),
      tilesChecked: this.tilesChecked,
      treeHeadsChecked: this.treeHeadsChecked,
    };
  }

  private async advanceHead() {
    const step = await this.heads.next();
    this.next = step.done ? null : step.value;
  }

  private checkHead(recorded: TreeHead) {
    this.treeHeadsChecked++;
    const root = this.builder.root();
    if (this.headProblem || sameBytes(root, recorded.rootHash)) return;
    this.headProblem = {
      ok: false,
      place: treeHeadName(recorded.size),
      problem: 'tree_head_mismatch',
      position: recorded.size,
      detail: `recorded root ${hashToHex(recorded.rootHash)}, the log gives ${hashToHex(root)}`,
    };
  }

  private async flush() {
    const tiles = this.queue;
    this.queue = [];
    if (tiles.length === 0 || this.tileProblem) return;
    const stored = await this.store.getTiles(tiles);
    for (const [i, tile] of tiles.entries()) {
      this.tileProblem = compareTile(tile, stored[i] ?? null);
      if (this.tileProblem) return;
      this.tilesChecked++;
    }
  }
}

function compareTile(expected: Tile, stored: Uint8Array | null): Problem | null {
  const place = tilePath(expected);
  const span = TILE_WIDTH ** expected.level;
  const start = expected.index * TILE_WIDTH * span + 1;
  if (!stored) return { ok: false, place, problem: 'tile_missing', position: start, detail: `${place} is not stored` };
  if (sameBytes(stored, expected.hashes)) return null;
  if (stored.byteLength !== expected.hashes.byteLength) {
    const detail = `${place} holds ${stored.byteLength} bytes, not ${expected.hashes.byteLength}`;
    return { ok: false, place, problem: 'tile_mismatch', position: start, detail };
  }
  let entry = 0;
  while (
    entry < expected.width - 1 &&
    sameBytes(
      stored.subarray(entry * HASH_SIZE, (entry + 1) * HASH_SIZE),
      expected.hashes.subarray(entry * HASH_SIZE, (entry + 1) * HASH_SIZE),
    )
  ) {
    entry++;
  }
  const first = (expected.index * TILE_WIDTH + entry) * span + 1;
  const positions = span === 1 ? `position ${first}` : `positions ${first}–${first + span - 1}`;
  const detail = `${place} differs from the log at entry ${entry} (${positions})`;
  return { ok: false, place, problem: 'tile_mismatch', position: first, detail };
}

/** Checks the stored tree against the log's chain hashes, given in position order from 1. */
export async function verifyTiles(
  store: TileStore,
  chainHashes: Iterable<string> | AsyncIterable<string>,
): Promise<TileVerdict> {
  const check = await TileCheck.start(store);
  let fed = 0;
  for await (const chainHash of chainHashes) {
    if (fed++ >= check.size) break;
    await check.push(chainHash);
  }
  return check.finish();
}
