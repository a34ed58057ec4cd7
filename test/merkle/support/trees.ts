// Test logs: chain hashes (as the envelopes carry them, lowercase hex) derived from
// a seed, so every test can rebuild the same log; and a store that counts its reads.
import { createHash } from 'node:crypto';
import { MemoryTileStore } from '../../../shared/merkle/tile-store';
import type { TileId } from '../../../shared/merkle/tiles';

export function chainHashes(count: number, seed = 'log'): string[] {
  return Array.from({ length: count }, (_, i) =>
    createHash('sha256')
      .update(`${seed}/${i + 1}`)
      .digest('hex'),
  );
}

export const bytesOf = (hashes: readonly string[]) => hashes.map((h) => Uint8Array.from(Buffer.from(h, 'hex')));

export class CountingTileStore extends MemoryTileStore {
  batches = 0;
  tilesRead = 0;

  override async getTiles(ids: readonly TileId[]) {
    this.batches++;
    this.tilesRead += ids.length;
    return super.getTiles(ids);
  }
}
