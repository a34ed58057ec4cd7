// RecordCheckpoint: each recorded checkpoint must extend the one before (an RFC 9162
// consistency proof checked in the decision), say in its signed note what it records,
// and come from a keeper.
import { describe, it } from 'vitest';
import type { DomainEvent } from '../../shared/domain';
import { signCheckpoint } from '../../shared/merkle/checkpoint';
import { hashToHex } from '../../shared/merkle/hash';
import { MerkleLog } from '../../shared/merkle/merkle-log';
import { localSigner } from '../../shared/merkle/signer';
import { MemoryTileStore } from '../../shared/merkle/tile-store';
import { chainHashes } from '../merkle/support/trees';
import { auditor, by, coordinator, system } from './support/fixtures';
import { given } from './support/given';

const ORIGIN = 'roadmap-ledger.test/domain';
const signer = localSigner(ORIGIN, new Uint8Array(32).fill(3));

async function treeOf(hashes: string[]) {
  const tree = new MerkleLog(new MemoryTileStore());
  await tree.append(0, hashes);
  return tree;
}

async function record(tree: MerkleLog, size: number, from: number) {
  const rootHash = await tree.rootAt(size);
  return {
    type: 'RecordCheckpoint' as const,
    origin: ORIGIN,
    size,
    rootHash: hashToHex(rootHash),
    checkpoint: await signCheckpoint({ origin: ORIGIN, size, rootHash }, signer),
    consistency: (await tree.consistencyProof(from, size)).map(hashToHex),
    trigger: 'schedule' as const,
  };
}

const recorded = (command: Awaited<ReturnType<typeof record>>, previousSize: number): DomainEvent => {
  const { type: _type, consistency: _proof, ...data } = command;
  return { type: 'CheckpointRecorded', data: { ...data, previousSize } };
};

describe('RecordCheckpoint', () => {
  const log = chainHashes(40, 'domain');

  it('records the first checkpoint, then one that extends it', async () => {
    const tree = await treeOf(log);
    const first = await record(tree, 10, 0);
    const second = await record(tree, 33, 10);
    given()
      .when({ ...first, ...by(system) })
      .then([recorded(first, 0)]);
    given(recorded(first, 0))
      .when({ ...second, ...by(coordinator) })
      .then([recorded(second, 10)]);
  });

  it('refuses a forked history: a checkpoint that does not extend the recorded one', async () => {
    const tree = await treeOf(log);
    const first = await record(tree, 10, 0);
    const forked = [...log];
    forked[4] = chainHashes(1, 'fork')[0]!;
    const other = await record(await treeOf(forked), 33, 10);
    given(recorded(first, 0))
      .when({ ...other, ...by(system) })
      .then('checkpoint_inconsistent');
    // The same fork with the honest log's proof: still refused (the roots do not match it).
    const honest = await record(tree, 33, 10);
    given(recorded(first, 0))
      .when({ ...other, consistency: honest.consistency, ...by(system) })
      .then('checkpoint_inconsistent');
  });

  it('refuses a checkpoint no larger than the last, a note that says something else, and auditors', async () => {
    const tree = await treeOf(log);
    const first = await record(tree, 10, 0);
    const older = await record(tree, 8, 0);
    given(recorded(first, 0))
      .when({ ...older, ...by(system) })
      .then('checkpoint_not_newer');
    const bigger = await record(tree, 12, 0);
    given()
      .when({ ...first, checkpoint: bigger.checkpoint, ...by(system) })
      .then('checkpoint_invalid');
    given()
      .when({ ...first, ...by(auditor) })
      .then('forbidden_role');
  });
});
