// The tree kept by the projector on DynamoDB Local: it follows the views to their
// position, survives a crash between two tile writes, two projectors at once, and the
// verification rebuilds it from the log and names the first stored tile that differs.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MerkleLog } from '../../shared/merkle/merkle-log';
import type { TileStore } from '../../shared/merkle/tile-store';
import type { Tile } from '../../shared/merkle/tiles';
import { rebuildTree } from '../../shared/projections/tree-follower';
import { type WakeDeps, wake } from '../../shared/projections/wake';
import { silentLogger } from '../../shared/runtime/logger';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { type Harness, harness, importSeed } from '../http/support';
import { recordingMetrics } from '../support/metrics';

/** A tile store that dies (like a crashed process) after `survive` tile puts. */
function crashingAfter(store: TileStore, survive: number): TileStore {
  let left = survive;
  return {
    getTiles: (ids) => store.getTiles(ids),
    latestTreeHead: () => store.latestTreeHead(),
    treeHeads: () => store.treeHeads(),
    putTreeHead: (head) => store.putTreeHead(head),
    async putTiles(tiles: readonly Tile[]) {
      for (const tile of tiles) {
        if (left-- <= 0) throw new Error('crashed between two tile writes');
        await store.putTiles([tile]);
      }
    },
  };
}

async function verify(h: Harness, token: string) {
  const response = await h.call('GET', '/v1/audit/verify', token);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown> & { tree?: Record<string, unknown> };
}

describe('the tree kept by the projector', () => {
  let h: Harness;
  let auditor: string;
  let head: number;
  beforeAll(async () => {
    h = await harness('tree');
    await importSeed(h);
    auditor = await h.key('auditor');
    // Past one full tile (256 leaves), so a tree is more than one partial tile.
    for (let i = 0; i < 10; i++) await Promise.all(Array.from({ length: 25 }, () => h.key('auditor')));
    head = (await h.system.store.head()).position;
  });
  afterAll(async () => {
    await h.close();
  });

  const deps = (tree: MerkleLog, metrics = recordingMetrics()): WakeDeps => ({
    store: h.system.store,
    views: () => h.system.views(),
    projection: ledgerProjection,
    logger: silentLogger,
    metrics,
    tree,
  });

  it('a crash between two tile writes leaves the views caught up and the next wake completes the tree', async () => {
    const metrics = recordingMetrics();
    const first = await wake(deps(new MerkleLog(crashingAfter(h.system.tiles, 1)), metrics));
    expect(first).toMatchObject({ status: 'caught-up', checkpoint: { position: head } });
    expect(metrics.recorded).toContainEqual({ kind: 'count', name: 'TreeFailed', value: 1 });
    // One tile written, no tree head: the tree is still empty to its readers.
    expect((await h.system.tree.head()).size).toBe(0);

    const second = recordingMetrics();
    await wake(deps(h.system.tree, second));
    expect(second.values('TreeFailed')).toEqual([]);
    expect((await h.system.tree.head()).size).toBe(head);
    const verdict = await verify(h, auditor);
    expect(verdict).toMatchObject({ ok: true, tree: { ok: true, size: head } });
    expect((verdict.tree as { tilesChecked: number }).tilesChecked).toBeGreaterThanOrEqual(3);
  });

  it('follows the views as the log grows; two projectors at once agree', async () => {
    await h.key('auditor');
    await h.key('coordinator');
    const grown = (await h.system.store.head()).position;
    await Promise.all([wake(deps(h.system.tree)), wake(deps(new MerkleLog(h.system.tiles)))]);
    expect((await h.system.tree.head()).size).toBe(grown);
    await expect((await h.system.views()).checkpoint()).resolves.toMatchObject({ position: grown });
    expect(await verify(h, auditor)).toMatchObject({ ok: true, tree: { ok: true, size: grown } });
  });

  it('verify names the first tile that differs from the log, and a tampered tree head', async () => {
    const [stored] = await h.system.tiles.getTiles([{ level: 0, index: 0, width: 256 }]);
    const tampered = Uint8Array.from(stored!);
    tampered[32 * 77] = tampered[32 * 77]! ^ 1;
    const put = (pk: string, sk: number, attribute: string, bytes: Uint8Array) =>
      h.tables.client.send(
        new PutItemCommand({
          TableName: h.tables.names.artifacts,
          Item: { pk: { S: pk }, sk: { N: String(sk) }, [attribute]: { B: bytes } },
        }),
      );
    await put('tile/0/000', 0, 'data', tampered);
    expect(await verify(h, auditor)).toMatchObject({
      ok: false,
      problem: 'tree',
      position: 78,
      tree: { ok: false, place: 'tile/0/000', problem: 'tile_mismatch', position: 78 },
    });
    // The whole log asked for as a range from 1 to the head (the auditor typed the head into
    // «По позицию»): the same checks, not «Журнал цел.» without the tree.
    const at = (await h.system.store.head()).position;
    const ranged = await h.call('GET', `/v1/audit/verify?from=1&to=${at}`, auditor);
    expect(await ranged.json()).toMatchObject({ ok: false, problem: 'tree', position: 78 });
    // npm run rebuild reports it too, and overwrites nothing.
    const rebuilt = await rebuildTree(h.system.tree, h.system.tiles, h.system.store, head + 10);
    expect(rebuilt.checked).toMatchObject({ ok: false, place: 'tile/0/000', problem: 'tile_mismatch' });
    expect((await h.system.tiles.getTiles([{ level: 0, index: 0, width: 256 }]))[0]).toEqual(tampered);
    await put('tile/0/000', 0, 'data', stored!);

    const treeHead = await h.system.tree.head();
    const root = Uint8Array.from(treeHead.rootHash);
    root[0] = root[0]! ^ 1;
    await put('treehead', treeHead.size, 'root', root);
    expect(await verify(h, auditor)).toMatchObject({
      ok: false,
      problem: 'tree',
      tree: { place: `tree head ${treeHead.size}`, problem: 'tree_head_mismatch' },
    });
    await put('treehead', treeHead.size, 'root', treeHead.rootHash);
    expect(await verify(h, auditor)).toMatchObject({ ok: true });
  });
});
