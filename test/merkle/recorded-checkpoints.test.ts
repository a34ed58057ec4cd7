// Checkpoints recorded in the log through the command path, on DynamoDB Local: each one
// extends the last (a forked history is refused by its consistency proof), and verify
// checks every recorded checkpoint against the log, naming the one that disagrees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCheckpoint, recordCheckpoint } from '../../shared/audit/checkpoints';
import { openCheckpoint, verifierKeyOf } from '../../shared/merkle/checkpoint';
import { hashToHex } from '../../shared/merkle/hash';
import { MerkleLog } from '../../shared/merkle/merkle-log';
import { localSigner } from '../../shared/merkle/signer';
import { MemoryTileStore } from '../../shared/merkle/tile-store';
import { type Harness, harness, importSeed, SYSTEM } from '../http/support';

const signer = localSigner('roadmap-ledger.test/recorded', new Uint8Array(32).fill(5));
const AT = '2026-02-01T06:00:00.000Z';

let h: Harness;
let auditor: string;
beforeAll(async () => {
  h = await harness('recorded');
  await importSeed(h);
  auditor = await h.key('auditor');
});
afterAll(() => h.close());

async function verify() {
  const response = await h.call('GET', '/v1/audit/verify', auditor);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('CheckpointRecorded', () => {
  it('records the tree up to the head, each checkpoint extending the last; verify checks them all', async () => {
    const deps = { store: h.system.store, tree: h.system.tree, signer };
    const head = (await h.system.store.head()).position;
    const first = await recordCheckpoint(deps, { actor: SYSTEM, at: AT, trigger: 'schedule' });
    expect(first).toMatchObject({ size: head, previousSize: 0, position: head + 1, trigger: 'schedule' });
    expect(openCheckpoint(first.checkpoint, verifierKeyOf(signer))).toMatchObject({ size: head });
    const second = await recordCheckpoint(deps, { actor: SYSTEM, at: AT, trigger: 'publication' });
    // It covers the first checkpoint's own event.
    expect(second).toMatchObject({ size: head + 1, previousSize: head, position: head + 2 });
    expect(await lastCheckpoint(h.system.store)).toMatchObject({ size: head + 1, position: head + 2 });
    // Two recorders at once: one records, the other answers with it or records the next.
    const both = await Promise.all([
      recordCheckpoint(deps, { actor: SYSTEM, at: AT, trigger: 'schedule' }),
      recordCheckpoint(deps, { actor: SYSTEM, at: AT, trigger: 'publication' }),
    ]);
    expect(both.map((c) => c.size).sort()).toContain(head + 2);
    await h.project();
    expect(await verify()).toMatchObject({ ok: true, tree: { ok: true, checkpointsChecked: expect.any(Number) } });
    expect(((await verify()).tree as { checkpointsChecked: number }).checkpointsChecked).toBeGreaterThanOrEqual(3);
  });

  it('a forked history (the same log with one event changed, its tree rebuilt) cannot record a checkpoint', async () => {
    const head = (await h.system.store.head()).position;
    const { events } = await h.system.store.readAll({ fromPosition: 1, limit: head });
    const forked = events.map((e) => e.hash);
    forked[2] = hashToHex(new Uint8Array(32).fill(1));
    const tree = new MerkleLog(new MemoryTileStore());
    await tree.append(0, forked);
    const before = await lastCheckpoint(h.system.store);
    await expect(
      recordCheckpoint({ store: h.system.store, tree, signer }, { actor: SYSTEM, at: AT, trigger: 'schedule' }),
    ).rejects.toMatchObject({ code: 'checkpoint_inconsistent' });
    expect(await lastCheckpoint(h.system.store)).toEqual(before);
  });

  it('verify names a recorded checkpoint that disagrees with the log (written around the command path)', async () => {
    const last = (await lastCheckpoint(h.system.store))!;
    const head = (await h.system.store.head()).position;
    const wrongRoot = hashToHex(new Uint8Array(32).fill(7));
    await h.system.store.append(
      'checkpoints',
      [
        {
          type: 'CheckpointRecorded',
          schemaVersion: 1,
          data: { ...last, position: undefined, rootHash: wrongRoot } as never,
        },
      ],
      { expectedVersion: 'any', commandId: 'forged-checkpoint', actor: SYSTEM, recordedAt: AT },
    );
    await h.project();
    expect(await verify()).toMatchObject({
      ok: false,
      problem: 'tree',
      position: head + 1,
      tree: { ok: false, problem: 'checkpoint_mismatch', place: `checkpoint recorded at position ${head + 1}` },
    });
  });
});
