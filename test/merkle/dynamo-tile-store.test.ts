// The tiles in DynamoDB Local, through the real SDK: write-once puts, racing writers,
// proofs read back, and tampering behind the store's back found by verification.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoTileStore } from '../../shared/merkle/dynamo-tile-store';
import { TileConflictError } from '../../shared/merkle/errors';
import { leafOfChainHash } from '../../shared/merkle/hash';
import { MerkleLog } from '../../shared/merkle/merkle-log';
import { verifyConsistency, verifyInclusion } from '../../shared/merkle/verify-proofs';
import { verifyTiles } from '../../shared/merkle/verify-tiles';
import { createTestTables, type TestTables } from '../support/dynamo';
import { hex, MTH, PATH, PROOF } from './support/naive';
import { bytesOf, chainHashes } from './support/trees';

describe('DynamoTileStore against DynamoDB Local', () => {
  let tables: TestTables;
  beforeAll(async () => {
    tables = await createTestTables('tiles');
  });
  afterAll(async () => {
    await tables.drop();
  });
  const storeIn = () => new DynamoTileStore(tables.client, tables.names.artifacts);

  it('a tile is written once: the same bytes again succeed, other bytes fail loudly', async () => {
    const store = storeIn();
    const tile = { level: 5, index: 1234, width: 3, hashes: new Uint8Array(96).fill(7) };
    await store.putTiles([tile]);
    await store.putTiles([tile]);
    await expect(store.putTiles([{ ...tile, hashes: new Uint8Array(96).fill(8) }])).rejects.toThrow(TileConflictError);
    await expect(store.putTiles([{ ...tile, hashes: new Uint8Array(96).fill(8) }])).rejects.toThrow(
      'tile/5/x001/234.p/3 is already stored with different contents',
    );
    const [read, missing] = await store.getTiles([tile, { level: 5, index: 1234, width: 4 }]);
    expect(read).toEqual(new Uint8Array(96).fill(7));
    expect(missing).toBeNull();
  });

  it('builds, proves and verifies a tree appended in batches; racing appends agree', async () => {
    const store = storeIn();
    const hashes = chainHashes(3000, 'dynamo');
    const entries = bytesOf(hashes);
    const tree = new MerkleLog(store);
    await tree.append(0, hashes.slice(0, 1));
    await tree.append(1, hashes.slice(1, 700));
    // Two projector instances catching up from the same head at once.
    const [a, b] = await Promise.all([
      new MerkleLog(storeIn()).append(700, hashes.slice(700, 2500)),
      new MerkleLog(storeIn()).append(700, hashes.slice(700, 3000)),
    ]);
    expect([a.size, b.size]).toEqual([2500, 3000]);
    const head = await tree.head();
    expect(head.size).toBe(3000);
    expect(hex(head.rootHash)).toBe(hex(MTH(entries)));

    const proof = await tree.inclusionProof(1234, 2999, head);
    expect(proof.map(hex)).toEqual(PATH(1234, entries.slice(0, 2999)).map(hex));
    const root2999 = await tree.rootAt(2999, head);
    expect(verifyInclusion(1234, 2999, leafOfChainHash(hashes[1234]!), proof, root2999)).toBe(true);
    const consistency = await tree.consistencyProof(700, 2999, head);
    expect(consistency.map(hex)).toEqual(PROOF(700, entries.slice(0, 2999)).map(hex));
    expect(verifyConsistency(700, 2999, await tree.rootAt(700, head), root2999, consistency)).toBe(true);

    const heads: number[] = [];
    for await (const recorded of store.treeHeads()) heads.push(recorded.size);
    expect(heads).toEqual([1, 700, 2500, 3000]);
    expect(await verifyTiles(store, hashes)).toMatchObject({ ok: true, size: 3000, treeHeadsChecked: 4 });
  });

  it('a tile or tree head altered in the table is named by verification', async () => {
    const tamper = await createTestTables('tiles-tamper');
    try {
      const store = new DynamoTileStore(tamper.client, tamper.names.artifacts);
      const hashes = chainHashes(1000, 'tamper');
      await new MerkleLog(store).append(0, hashes.slice(0, 600));
      await new MerkleLog(store).append(600, hashes.slice(600));
      const [tile] = await store.getTiles([{ level: 0, index: 2, width: 256 }]);
      const forged = Uint8Array.from(tile!);
      forged[32 * 17] = forged[32 * 17]! ^ 1;
      const put = (item: Record<string, unknown>) =>
        tamper.client.send(new PutItemCommand({ TableName: tamper.names.artifacts, Item: item as never }));
      await put({ pk: { S: 'tile/0/002' }, sk: { N: '0' }, data: { B: forged } });
      expect(await verifyTiles(store, hashes)).toEqual({
        ok: false,
        place: 'tile/0/002',
        problem: 'tile_mismatch',
        position: 530,
        detail: 'tile/0/002 differs from the log at entry 17 (position 530)',
      });
      await put({ pk: { S: 'tile/0/002' }, sk: { N: '0' }, data: { B: tile! } });
      await put({ pk: { S: 'treehead' }, sk: { N: '600' }, root: { B: new Uint8Array(32) } });
      expect(await verifyTiles(store, hashes)).toMatchObject({ ok: false, place: 'tree head 600' });
    } finally {
      await tamper.drop();
    }
  });
});
