// The tile layout (c2sp.org/tlog-tiles), incremental building, write-once storage,
// and how few tiles a proof reads.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TileConflictError } from '../../shared/merkle/errors';
import { leafOfChainHash } from '../../shared/merkle/hash';
import { MerkleLog } from '../../shared/merkle/merkle-log';
import { MemoryTileStore } from '../../shared/merkle/tile-store';
import { edgeTiles, parseTilePath, tilePath, tilesOfTree } from '../../shared/merkle/tiles';
import { verifyConsistency, verifyInclusion } from '../../shared/merkle/verify-proofs';
import { verifyTiles } from '../../shared/merkle/verify-tiles';
import { hex, MTH } from './support/naive';
import { bytesOf, CountingTileStore, chainHashes } from './support/trees';

describe('tile paths', () => {
  it('spell the index in 3-digit groups, all but the last prefixed with x, as the spec shows', () => {
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 2, index: 5, width: 17 })).toBe('tile/2/005.p/17');
    expect(tilePath({ level: 1, index: 1000, width: 256 })).toBe('tile/1/x001/000');
    expect(() => tilePath({ level: 0, index: 0, width: 0 })).toThrow(RangeError);
  });

  it('parse back, and only in their canonical spelling', () => {
    for (const path of ['tile/0/x001/x234/067', 'tile/2/005.p/17', 'tile/63/999.p/255']) {
      expect(tilePath(parseTilePath(path))).toBe(path);
    }
    for (const bad of [
      'tile/0/5',
      'tile/0/x000/005',
      'tile/00/005',
      'tile/0/005.p/256',
      'tile/0/005.p/0',
      'tile/64/000',
    ]) {
      expect(() => parseTilePath(bad), bad).toThrow(RangeError);
    }
  });

  it('a tree of 70,000 leaves has the tiles the spec lists for it', () => {
    const tiles = tilesOfTree(70_000).map(tilePath);
    const level0 = tiles.filter((p) => p.startsWith('tile/0/'));
    expect(level0.filter((p) => !p.includes('.p/'))).toHaveLength(273);
    expect(level0.filter((p) => p.includes('.p/'))).toEqual(['tile/0/273.p/112']);
    expect(tiles.filter((p) => p.startsWith('tile/1/'))).toEqual(['tile/1/000', 'tile/1/001.p/17']);
    expect(tiles.filter((p) => p.startsWith('tile/2/'))).toEqual(['tile/2/000.p/1']);
    expect(tilesOfTree(256).map(tilePath)).toEqual(['tile/0/000', 'tile/1/000.p/1']);
    expect(edgeTiles(70_000).map(tilePath)).toEqual(['tile/0/273.p/112', 'tile/1/001.p/17', 'tile/2/000.p/1']);
  });
});

describe('building the tiles', () => {
  it('written in random batches, they equal the tiles written at once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2000 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 40 }),
        async (size, batches) => {
          const hashes = chainHashes(size, `batches-${size}`);
          const whole = new MemoryTileStore();
          await new MerkleLog(whole).append(0, hashes);
          const pieces = new MemoryTileStore();
          const tree = new MerkleLog(pieces);
          let at = 0;
          for (let i = 0; at < size; i++) {
            const next = Math.min(size, at + batches[i % batches.length]!);
            expect((await tree.append(at, hashes.slice(at, next))).size).toBe(next);
            at = next;
          }
          for (const id of tilesOfTree(size)) {
            const path = tilePath(id);
            expect(pieces.tiles.get(path), path).toEqual(whole.tiles.get(path));
          }
          // Whatever else the batches left behind is a narrower partial tile of an earlier size.
          const expected = new Set(tilesOfTree(size).map(tilePath));
          for (const path of pieces.tiles.keys()) if (!expected.has(path)) expect(path).toMatch(/\.p\/\d+$/);
          expect(hex((await tree.head()).rootHash)).toBe(hex(MTH(bytesOf(hashes))));
          expect(await verifyTiles(pieces, hashes)).toMatchObject({ ok: true, size });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('an append must start at the stored head, and an empty one changes nothing', async () => {
    const hashes = chainHashes(10);
    const tree = new MerkleLog(new MemoryTileStore());
    await tree.append(0, hashes.slice(0, 5));
    await expect(tree.append(4, hashes.slice(4))).rejects.toThrow(/has 5 leaves, but the append starts after 4/);
    expect(await tree.append(5, [])).toMatchObject({ size: 5 });
    await expect(tree.append(5, ['not a hash'])).rejects.toThrow(/64 lowercase hex/);
    expect((await tree.head()).size).toBe(5);
  });

  it('catches up from wherever the stored tree is, reading only what it lacks', async () => {
    const log = chainHashes(1000);
    const reads: [number, number][] = [];
    const read = (from: number, to: number) => {
      reads.push([from, to]);
      return log.slice(from - 1); // more than asked: catchUp takes only up to `to`
    };
    const store = new MemoryTileStore();
    const tree = new MerkleLog(store);
    await tree.append(0, log.slice(0, 300));
    expect(await tree.catchUp(200, read)).toMatchObject({ size: 300 });
    expect(await tree.catchUp(700, read)).toMatchObject({ size: 700 });
    expect(reads).toEqual([[301, 700]]);
    // Two projector instances at once, to different positions.
    const [a, b] = await Promise.all([tree.catchUp(1000, read), new MerkleLog(store).catchUp(900, read)]);
    expect([a.size, b.size]).toEqual([1000, 900]);
    expect(await tree.head()).toMatchObject({ size: 1000 });
    expect(await verifyTiles(store, log)).toMatchObject({ ok: true, size: 1000 });
  });

  it('repeating an append after a crash writes the same tiles again and succeeds', async () => {
    const hashes = chainHashes(600);
    const store = new MemoryTileStore();
    await new MerkleLog(store).append(0, hashes.slice(0, 300));
    // A crash after the tiles, before the tree head: the retry starts from the old head.
    const crashed = new MemoryTileStore(new Map(store.tiles));
    await crashed.putTreeHead(await new MerkleLog(store).head());
    await new MerkleLog(store).append(300, hashes.slice(300));
    const again = new MerkleLog(crashed);
    await expect(again.append(300, hashes.slice(300))).resolves.toMatchObject({ size: 600 });
  });

  it('writing different bytes under a stored tile fails loudly, naming the tile', async () => {
    const store = new MemoryTileStore();
    await new MerkleLog(store).append(0, chainHashes(300));
    const forged = { level: 0, index: 0, width: 256, hashes: new Uint8Array(256 * 32) };
    await expect(store.putTiles([forged])).rejects.toThrow(TileConflictError);
    await expect(store.putTiles([forged])).rejects.toThrow(/tile\/0\/000 is already stored with different contents/);
    // A fork of the log cannot be appended over the stored tree either.
    const forked = new MemoryTileStore(store.tiles);
    await new MerkleLog(forked).append(0, chainHashes(300).slice(0, 100));
    await expect(new MerkleLog(forked).append(100, chainHashes(300, 'fork').slice(100))).rejects.toThrow(
      TileConflictError,
    );
  });

  it('refuses to extend partial tiles that do not add up to the stored tree head', async () => {
    const store = new MemoryTileStore();
    const tree = new MerkleLog(store);
    await tree.append(0, chainHashes(300));
    const partial = store.tiles.get('tile/0/001.p/44')!;
    partial[5] = partial[5]! ^ 1;
    await expect(tree.append(300, chainHashes(301).slice(300))).rejects.toThrow(
      /tile\/0\/001\.p\/44, tile\/1\/000\.p\/1 do not add up to the root of tree head 300/,
    );
  });
});

describe('reading proofs from the tiles', () => {
  it('reads O(log n) tiles, in one batch, on a tree of 100,000 leaves', async () => {
    const size = 100_000;
    const store = new CountingTileStore();
    const tree = new MerkleLog(store);
    const hashes = chainHashes(size, 'big');
    await tree.append(0, hashes);
    const head = await tree.head();
    for (const [index, at] of [
      [0, size],
      [54_321, size],
      [size - 1, size],
      [777, 65_537],
    ] as const) {
      store.batches = 0;
      store.tilesRead = 0;
      const proof = await tree.inclusionProof(index, at, head);
      expect(store.batches).toBe(1);
      expect(store.tilesRead).toBeLessThanOrEqual(6);
      const leaf = leafOfChainHash(hashes[index]!);
      expect(verifyInclusion(index, at, leaf, proof, await tree.rootAt(at, head))).toBe(true);
    }
    store.tilesRead = 0;
    const proof = await tree.consistencyProof(12_345, 99_999, head);
    expect(store.tilesRead).toBeLessThanOrEqual(8);
    const [r1, r2] = [await tree.rootAt(12_345, head), await tree.rootAt(99_999, head)];
    expect(verifyConsistency(12_345, 99_999, r1, r2, proof)).toBe(true);
  });
});
