// The C2SP tlog-tiles layout (c2sp.org/tlog-tiles), tile height 8. Tile N at level L
// holds the hashes of the complete subtrees of height 8L numbered N*256 .. N*256+255,
// concatenated (32 bytes each). A tile with fewer than 256 is partial and named
// `tile/<L>/<N>.p/<W>`; N is written in 3-digit groups, all but the last prefixed
// with `x` (1234067 → x001/x234/067).

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

/** A tile as stored: `width` hashes (1..256). */
export interface TileId {
  level: number;
  index: number;
  width: number;
}

export interface Tile extends TileId {
  /** width * 32 bytes. */
  hashes: Uint8Array;
}

/** How many stored hashes level `level` holds in a tree of `size` leaves. */
export function hashesAtLevel(level: number, size: number): number {
  return Math.floor(size / TILE_WIDTH ** level);
}

/** The width tile (level, index) has in a tree of `size` leaves (0: not there yet). */
export function tileWidth(level: number, index: number, size: number): number {
  return Math.max(0, Math.min(TILE_WIDTH, hashesAtLevel(level, size) - index * TILE_WIDTH));
}

export function tilePath({ level, index, width }: TileId): string {
  if (!(width >= 1 && width <= TILE_WIDTH)) throw new RangeError(`a tile holds 1 to 256 hashes, not ${width}`);
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  const encoded = groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
  return `tile/${level}/${encoded}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

const PATH = /^tile\/(\d{1,2})\/((?:x\d{3}\/)*\d{3})(?:\.p\/(\d{1,3}))?$/;

/** The inverse of tilePath; only the canonical spelling is accepted. */
export function parseTilePath(path: string): TileId {
  const match = PATH.exec(path);
  if (match) {
    const index = match[2]!.split('/').reduce((n, g) => n * 1000 + Number(g.replace('x', '')), 0);
    const tile = { level: Number(match[1]), index, width: match[3] === undefined ? TILE_WIDTH : Number(match[3]) };
    if (tile.level <= 63 && tile.width >= 1 && tile.width <= TILE_WIDTH && tilePath(tile) === path) return tile;
  }
  throw new RangeError(`not a tile path: ${path}`);
}

/** Every tile of a tree of `size` leaves: the full ones and, per level, the partial one. */
export function tilesOfTree(size: number): TileId[] {
  const tiles: TileId[] = [];
  for (let level = 0; hashesAtLevel(level, size) > 0; level++) {
    const count = hashesAtLevel(level, size);
    for (let index = 0; index * TILE_WIDTH < count; index++) {
      tiles.push({ level, index, width: tileWidth(level, index, size) });
    }
  }
  return tiles;
}

/** The partial tiles of a tree of `size` leaves, lowest level first: what an append extends. */
export function edgeTiles(size: number): TileId[] {
  const tiles: TileId[] = [];
  for (let level = 0; hashesAtLevel(level, size) > 0; level++) {
    const width = hashesAtLevel(level, size) % TILE_WIDTH;
    if (width > 0) tiles.push({ level, index: Math.floor(hashesAtLevel(level, size) / TILE_WIDTH), width });
  }
  return tiles;
}
