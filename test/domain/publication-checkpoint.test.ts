// PublishReport with the checkpoint of the log the report was built from: the decision
// records it when it is of the report's position and its signed note states it; the
// signature needs the log's key, which the decision does not hold (the audit checks it).
// A publication without one (where nothing can sign, and every one before) still records.
import { describe, expect, it } from 'vitest';
import type { PublishReport } from '../../shared/domain';
import { signCheckpoint } from '../../shared/merkle/checkpoint';
import { hashToHex } from '../../shared/merkle/hash';
import { MerkleLog } from '../../shared/merkle/merkle-log';
import { localSigner } from '../../shared/merkle/signer';
import { MemoryTileStore } from '../../shared/merkle/tile-store';
import { chainHashes } from '../merkle/support/trees';
import { coordinator, planCreated, publishCommand } from './support/fixtures';
import { given } from './support/given';

const ORIGIN = 'roadmap-ledger.test/publication';
const signer = localSigner(ORIGIN, new Uint8Array(32).fill(5));
const POSITION = 10;

async function checkpointOf(size: number) {
  const tree = new MerkleLog(new MemoryTileStore());
  await tree.append(0, chainHashes(20, 'publication'));
  const rootHash = await tree.rootAt(size);
  const note = await signCheckpoint({ origin: ORIGIN, size, rootHash }, signer);
  return { origin: ORIGIN, size, rootHash: hashToHex(rootHash), note };
}

function publish(checkpoint?: PublishReport['checkpoint']): PublishReport {
  return publishCommand(coordinator, { position: POSITION, ...(checkpoint ? { checkpoint } : {}) });
}

describe('PublishReport with a checkpoint', () => {
  it('records the checkpoint of the report position in YearlyReportPublished', async () => {
    const checkpoint = await checkpointOf(POSITION);
    const { type: _type, actor: _actor, at: _at, ...data } = publish(checkpoint);
    given(planCreated)
      .when(publish(checkpoint))
      .then([{ type: 'YearlyReportPublished', data: { ...data, revision: 1, checkpoint } }]);
  });

  it('records a publication without one, as before', () => {
    const { type: _type, actor: _actor, at: _at, ...data } = publish();
    expect(data).not.toHaveProperty('checkpoint');
    given(planCreated)
      .when(publish())
      .then([{ type: 'YearlyReportPublished', data: { ...data, revision: 1 } }]);
  });

  it('refuses a checkpoint of another size than the report position', async () => {
    given(planCreated)
      .when(publish(await checkpointOf(POSITION - 1)))
      .then('checkpoint_invalid');
  });

  it('refuses a note that states another root, another size or another origin, or is no signed note', async () => {
    const checkpoint = await checkpointOf(POSITION);
    const other = await checkpointOf(POSITION + 1);
    given(planCreated)
      .when(publish({ ...checkpoint, rootHash: other.rootHash }))
      .then('checkpoint_invalid');
    given(planCreated)
      .when(publish({ ...checkpoint, note: other.note }))
      .then('checkpoint_invalid');
    given(planCreated)
      .when(publish({ ...checkpoint, origin: 'roadmap-ledger.test/other' }))
      .then('checkpoint_invalid');
    given(planCreated)
      .when(publish({ ...checkpoint, note: checkpoint.note.split('\n\n')[0]! }))
      .then('checkpoint_invalid');
  });

  it('refuses a malformed checkpoint as bad input, with the field named', () => {
    given(planCreated)
      .when(publish({ origin: ORIGIN, size: POSITION, rootHash: 'not hex', note: 'x' }))
      .thenInvalid('checkpoint.rootHash');
  });
});
