// docs/verify-proof.mjs run as an auditor runs it (`node docs/verify-proof.mjs …`), on
// checkpoints and proofs produced by shared/merkle over chained events.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCheckpoint, verifierKeyOf } from '../../shared/merkle/checkpoint';
import { MerkleLog } from '../../shared/merkle/merkle-log';
import { proveConsistency, proveInclusion } from '../../shared/merkle/proof-documents';
import { generateSigningKey, localSigner } from '../../shared/merkle/signer';
import { MemoryTileStore } from '../../shared/merkle/tile-store';
import { canonicalJson } from '../../shared/store/canonical';
import { verifyChain } from '../../shared/store/verify-chain';
import { chainedEvents } from './support/events';
import { runVerifier, writeInput } from './support/verifier';

const ORIGIN = 'roadmap-ledger.local/roadmap';

const run = runVerifier;

describe('the standalone verifier', () => {
  const events = chainedEvents(1000);
  const signer = localSigner(ORIGIN, generateSigningKey());
  const vkey = verifierKeyOf(signer);
  const tree = new MerkleLog(new MemoryTileStore());
  let dir: string;
  const file = (name: string, content: string | object) => writeInput(dir, name, content, 2);
  const checkpointAt = async (size: number, name = `checkpoint-${size}`) =>
    file(name, await signCheckpoint({ origin: ORIGIN, size, rootHash: await tree.rootAt(size) }, signer));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-proof-'));
    expect(await verifyChain(events)).toMatchObject({ ok: true });
    await tree.append(
      0,
      events.slice(0, 600).map((e) => e.hash),
    );
    await tree.append(
      600,
      events.slice(600).map((e) => e.hash),
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('checks a checkpoint against the log key, and refuses an altered one or another key', async () => {
    const cp = await checkpointAt(1000);
    expect(run('checkpoint', cp, vkey)).toEqual({
      code: 0,
      line: expect.stringMatching(/^OK checkpoint of roadmap-ledger.local\/roadmap: 1000 events, root /),
    });
    const altered = file('altered', fs.readFileSync(cp, 'utf8').replace('\n1000\n', '\n999\n'));
    expect(run('checkpoint', altered, vkey)).toEqual({
      code: 1,
      line: `FAILED: ${altered}: the signature by ${ORIGIN} does not verify (the checkpoint was altered or not signed by this key)`,
    });
    const other = verifierKeyOf(localSigner(ORIGIN, generateSigningKey()));
    expect(run('checkpoint', cp, other)).toEqual({
      code: 1,
      line: `FAILED: ${cp} carries no signature by the key ${ORIGIN}`,
    });
    expect(run('checkpoint', cp, 'nonsense').code).toBe(1);
    expect(run('checkpoint', cp).line).toMatch(/^FAILED: usage:/);
  });

  it("proves an event's inclusion from its content, an export, or its chain hash", async () => {
    const cp = await checkpointAt(1000);
    const export_ = file('export.ndjson', `${events.map((e) => canonicalJson(e)).join('\n')}\n`);
    for (const position of [1, 257, 777, 1000]) {
      const proof = file(`proof-${position}.json`, await proveInclusion(tree, position, 1000));
      const event = file(`event-${position}.json`, events[position - 1]!);
      const ok = `OK event ${position} (chain hash ${events[position - 1]!.hash}) is in the log ${ORIGIN} of 1000 events`;
      expect(run('inclusion', proof, cp, vkey, '--event', event)).toEqual({ code: 0, line: ok });
      expect(run('inclusion', proof, cp, vkey, '--event', export_)).toEqual({ code: 0, line: ok });
      expect(run('inclusion', proof, cp, vkey, '--hash', events[position - 1]!.hash)).toEqual({ code: 0, line: ok });
    }
    // Under an older checkpoint too: the proof is for that size.
    const cp600 = await checkpointAt(600);
    const proof = file('proof-5-600.json', await proveInclusion(tree, 5, 600));
    expect(run('inclusion', proof, cp600, vkey, '--hash', events[4]!.hash).code).toBe(0);
  });

  it('says what failed when the event, the proof or the checkpoint does not fit', async () => {
    const cp = await checkpointAt(1000);
    const good = await proveInclusion(tree, 777, 1000);
    const proof = file('proof.json', good);
    const event = events[776]!;
    const altered = file('altered-event.json', { ...event, data: { ...event.data, participants: 1 } });
    expect(run('inclusion', proof, cp, vkey, '--event', altered)).toEqual({
      code: 1,
      line: `FAILED: event 777 in ${altered} does not match its hash (its content was altered)`,
    });
    const wrongEvent = file('wrong-event.json', events[775]!);
    expect(run('inclusion', proof, cp, vkey, '--event', wrongEvent).line).toBe(
      `FAILED: ${wrongEvent} holds no event at position 777`,
    );
    expect(run('inclusion', proof, cp, vkey, '--hash', events[775]!.hash)).toEqual({
      code: 1,
      line: `FAILED: event 777 with chain hash ${events[775]!.hash} is not in the checkpointed log`,
    });
    const flipped = good.hashes.map((h, i) =>
      i === 3 ? `${h.slice(0, 10)}${h[10] === '0' ? '1' : '0'}${h.slice(11)}` : h,
    );
    const tampered = file('tampered.json', { ...good, hashes: flipped });
    expect(run('inclusion', tampered, cp, vkey, '--hash', event.hash).line).toMatch(/is not in the checkpointed log/);
    const short = file('short.json', { ...good, hashes: good.hashes.slice(0, -1) });
    expect(run('inclusion', short, cp, vkey, '--hash', event.hash).line).toBe(
      'FAILED: the proof has the wrong number of hashes for event 777 of 1000',
    );
    const cp999 = await checkpointAt(999);
    expect(run('inclusion', proof, cp999, vkey, '--hash', event.hash).line).toBe(
      'FAILED: the proof is for a log of 1000 events, the checkpoint for 999',
    );
    const otherRoot = file('other-root.json', { ...good, rootHash: '0'.repeat(64) });
    expect(run('inclusion', otherRoot, cp, vkey, '--hash', event.hash).line).toBe(
      "FAILED: the proof's rootHash is not the root the checkpoint signs",
    );
    const badIndex = file('bad-index.json', { ...good, leafIndex: 777 });
    expect(run('inclusion', badIndex, cp, vkey, '--hash', event.hash).line).toMatch(/leafIndex = position - 1/);
    expect(run('inclusion', proof, cp, vkey).line).toMatch(/^FAILED: name the event/);
  });

  it('proves that a newer checkpoint extends an older one, and catches a rewritten history', async () => {
    const [cp600, cp1000] = [await checkpointAt(600), await checkpointAt(1000)];
    const proof = file('consistency.json', await proveConsistency(tree, 600, 1000));
    expect(run('consistency', proof, cp600, cp1000, vkey)).toEqual({
      code: 0,
      line: `OK the log ${ORIGIN} of 1000 events extends its checkpoint of 600 events`,
    });
    expect(run('consistency', proof, cp1000, cp600, vkey).line).toMatch(
      /^FAILED: the proof is from 600 to 1000 events/,
    );

    // The same key signs a history where event 300 was rewritten: its checkpoint cannot extend the old one.
    const forkedEvents = chainedEvents(1000, 'forked');
    const fork = new MerkleLog(new MemoryTileStore());
    await fork.append(
      0,
      [...events.slice(0, 299), ...forkedEvents.slice(299)].map((e) => e.hash),
    );
    const forkCp = file(
      'fork-1000',
      await signCheckpoint({ origin: ORIGIN, size: 1000, rootHash: await fork.rootAt(1000) }, signer),
    );
    const forkProof = file('fork-consistency.json', await proveConsistency(fork, 600, 1000));
    expect(run('consistency', forkProof, cp600, forkCp, vkey)).toEqual({
      code: 1,
      line: 'FAILED: the consistency proof fails: the log of 1000 events does not extend the one of 600',
    });
    const sameSize = file('same.json', await proveConsistency(tree, 1000, 1000));
    expect(run('consistency', sameSize, cp1000, cp1000, vkey).code).toBe(0);
    expect(run('consistency', sameSize, cp1000, forkCp, vkey).code).toBe(1);
  });
});
