// `verify` rebuilds the tree from the log and compares it with the stored tiles and
// tree heads; each kind of tampering is reported at its place.
import { beforeEach, describe, expect, it } from 'vitest';
import { hashToHex } from '../../shared/merkle/hash';
import { MerkleLog } from '../../shared/merkle/merkle-log';
import { MemoryTileStore } from '../../shared/merkle/tile-store';
import { TileCheck, verifyTiles } from '../../shared/merkle/verify-tiles';
import { chainHashes } from './support/trees';

const SIZE = 70_000;
const log = chainHashes(SIZE, 'verify');

describe('verifying the stored tree against the log', () => {
  let store: MemoryTileStore;
  beforeEach(async () => {
    store = new MemoryTileStore();
    const tree = new MerkleLog(store);
    // In batches, as the projector would: several tree heads get recorded.
    for (const [from, to] of [
      [0, 1000],
      [1000, 1001],
      [1001, 65_536],
      [65_536, SIZE],
    ] as const) {
      await tree.append(from, log.slice(from, to));
    }
  });

  it('an untouched tree checks out, every tile and tree head of it', async () => {
    const verdict = await verifyTiles(store, log);
    expect(verdict).toMatchObject({ ok: true, size: SIZE, treeHeadsChecked: 4 });
    // 273 full and 1 partial level-0 tiles, 1 full and 1 partial level-1 tile, 1 level-2 tile.
    expect(verdict.ok && verdict.tilesChecked).toBe(277);
  });

  it('a log that differs at one position is reported at the leaf tile and position', async () => {
    const altered = [...log];
    altered[777 - 1] = chainHashes(1, 'forged')[0]!;
    expect(await verifyTiles(store, altered)).toEqual({
      ok: false,
      place: 'tile/0/003',
      problem: 'tile_mismatch',
      position: 777,
      detail: 'tile/0/003 differs from the log at entry 8 (position 777)',
    });
    const late = [...log];
    late[SIZE - 5] = chainHashes(1, 'forged')[0]!;
    expect(await verifyTiles(store, late)).toMatchObject({
      place: 'tile/0/273.p/112',
      detail: `tile/0/273.p/112 differs from the log at entry 107 (position ${SIZE - 4})`,
    });
  });

  it('one altered stored tile is named by its path, at any level', async () => {
    for (const path of ['tile/0/100', 'tile/1/000', 'tile/1/001.p/17', 'tile/2/000.p/1']) {
      const original = store.tiles.get(path)!;
      const forged = Uint8Array.from(original);
      forged[forged.length - 1] = forged.at(-1)! ^ 0x80;
      store.tiles.set(path, forged);
      const verdict = await verifyTiles(store, log);
      expect(verdict, path).toMatchObject({ ok: false, place: path, problem: 'tile_mismatch' });
      store.tiles.set(path, original);
    }
    const level1 = [...store.tiles.get('tile/1/000')!];
    store.tiles.set('tile/1/000', Uint8Array.from(level1.map((b, i) => (i === 32 * 9 ? b ^ 1 : b))));
    expect(await verifyTiles(store, log)).toMatchObject({
      detail: 'tile/1/000 differs from the log at entry 9 (positions 2305–2560)',
    });
  });

  it('a missing or truncated tile is reported', async () => {
    store.tiles.delete('tile/0/042');
    expect(await verifyTiles(store, log)).toMatchObject({ place: 'tile/0/042', problem: 'tile_missing' });
    const fresh = new MemoryTileStore();
    await new MerkleLog(fresh).append(0, log.slice(0, 300));
    fresh.tiles.set('tile/0/000', fresh.tiles.get('tile/0/000')!.subarray(0, 255 * 32));
    expect(await verifyTiles(fresh, log)).toMatchObject({
      place: 'tile/0/000',
      detail: 'tile/0/000 holds 8160 bytes, not 8192',
    });
  });

  it('a tree head whose root the log does not give is named', async () => {
    store.heads.set(1001, new Uint8Array(32));
    expect(await verifyTiles(store, log)).toMatchObject({
      ok: false,
      place: 'tree head 1001',
      problem: 'tree_head_mismatch',
      detail: `recorded root ${'00'.repeat(32)}, the log gives ${hashToHex(await new MerkleLog(store).rootAt(1001))}`,
    });
  });

  it('a log shorter than the tree is reported; a longer one is fine (the tree lags the log)', async () => {
    expect(await verifyTiles(store, log.slice(0, SIZE - 1))).toMatchObject({
      ok: false,
      place: `tree head ${SIZE}`,
      problem: 'log_shorter_than_tree',
    });
    expect(await verifyTiles(store, [...log, ...chainHashes(10, 'more')])).toMatchObject({ ok: true, size: SIZE });
  });

  it('can be fed from a loop that walks the log for other checks', async () => {
    const check = await TileCheck.start(store);
    for (const hash of log) await check.push(hash);
    expect(await check.finish()).toMatchObject({ ok: true, size: SIZE });
    expect(await verifyTiles(new MemoryTileStore(), log)).toMatchObject({ ok: true, size: 0, tilesChecked: 0 });
  });
});
