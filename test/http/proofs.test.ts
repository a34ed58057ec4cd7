// The audit proof routes over a projected log on DynamoDB Local: signed checkpoints,
// inclusion and consistency proofs that verify (in-process and with docs/verify-proof.mjs
// run as an auditor runs it, on the very answers), roles, and sizes beyond the tree.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint, verifierKeyOf } from '../../shared/merkle/checkpoint';
import { hashFromHex, leafOfChainHash } from '../../shared/merkle/hash';
import { localSigner } from '../../shared/merkle/signer';
import { verifyConsistency, verifyInclusion } from '../../shared/merkle/verify-proofs';
import { runVerifier, writeInput } from '../merkle/support/verifier';
import { type Harness, harness, importSeed } from './support';

const ORIGIN = 'roadmap-ledger.test/proofs';
const signer = localSigner(ORIGIN, new Uint8Array(32).fill(9));

interface Checkpoint {
  origin: string;
  size: number;
  rootHash: string;
  checkpoint: string;
}
interface Inclusion {
  position: number;
  size: number;
  leafIndex: number;
  hashes: string[];
  rootHash: string;
}

let h: Harness;
let auditor: string;
let coordinator: string;
let vkey: string;
let dir: string;

async function get<T>(url: string, token = auditor, status = 200): Promise<T> {
  const response = await h.call('GET', url, token);
  expect(response.status, `${url}: ${await response.clone().text()}`).toBe(status);
  return (await response.json()) as T;
}

const verifier = runVerifier;
const file = (name: string, content: string | object) => writeInput(dir, name, content);

beforeAll(async () => {
  h = await harness('proofs', { signer: async () => signer });
  await importSeed(h);
  auditor = await h.key('auditor');
  coordinator = await h.key('coordinator');
  await h.project();
  vkey = (await get<{ verifierKey: string }>('/v1/audit/public-key')).verifierKey;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proofs-'));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await h.close();
});

describe('GET /v1/audit/checkpoint and /v1/audit/public-key', () => {
  it('the latest checkpoint covers the projected log, signed by the published key', async () => {
    const head = (await h.system.store.head()).position;
    const key = await get<Record<string, string>>('/v1/audit/public-key', coordinator);
    expect(key).toEqual({
      keyName: ORIGIN,
      algorithm: 'Ed25519',
      publicKey: Buffer.from(signer.publicKey).toString('base64'),
      verifierKey: verifierKeyOf(signer),
    });
    const latest = await get<Checkpoint>('/v1/audit/checkpoint', coordinator);
    expect(latest).toMatchObject({ origin: ORIGIN, size: head });
    const opened = openCheckpoint(latest.checkpoint, vkey);
    expect(opened.size).toBe(head);
    expect(Buffer.from(opened.rootHash).toString('hex')).toBe(latest.rootHash);
    expect(verifier('checkpoint', file('latest.txt', latest.checkpoint), vkey)).toMatchObject({ code: 0 });
  });

  it('a checkpoint of an earlier size is signed the same way every time; beyond the tree is 404', async () => {
    const a = await get<Checkpoint>('/v1/audit/checkpoint?size=20');
    const b = await get<Checkpoint>('/v1/audit/checkpoint?size=20');
    expect(a.checkpoint).toBe(b.checkpoint);
    expect(openCheckpoint(a.checkpoint, vkey).size).toBe(20);
    const head = (await h.system.tree.head()).size;
    const problem = await get<Record<string, unknown>>(`/v1/audit/checkpoint?size=${head + 1}`, auditor, 404);
    expect(problem).toMatchObject({ code: 'tree_size_unavailable', size: head + 1, treeSize: head });
    for (const bad of ['abc', '', '-1', '1.5']) await get(`/v1/audit/checkpoint?size=${bad}`, auditor, 400);
  });

  it('agencies may not ask; no key is 401', async () => {
    const agency = await h.key('agency', 'smolensk-investment-dept');
    for (const url of ['/v1/audit/checkpoint', '/v1/audit/public-key', '/v1/audit/proofs/consistency?from=1']) {
      expect((await h.call('GET', url, agency)).status, url).toBe(403);
      expect((await h.call('GET', url, null)).status, url).toBe(401);
    }
  });

  it('without a signing key the checkpoint is 503, never a 500', async () => {
    const unsigned = await harness('proofs-nokey');
    try {
      const token = await unsigned.key('auditor');
      const response = await unsigned.call('GET', '/v1/audit/checkpoint', token);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'checkpoint_unavailable' });
    } finally {
      await unsigned.close();
    }
  });
});

describe('GET /v1/audit/proofs/inclusion', () => {
  it('proves events of the log, checked in-process and by docs/verify-proof.mjs on the answers', async () => {
    const size = (await h.system.tree.head()).size;
    const checkpoint = file('checkpoint.txt', (await get<Checkpoint>(`/v1/audit/checkpoint?size=${size}`)).checkpoint);
    const { events } = await get<{ events: { position: number; hash: string }[] }>('/v1/events?limit=1000');
    for (const position of [1, 2, 17, Math.ceil(size / 2), size]) {
      const proof = await get<Inclusion>(`/v1/audit/proofs/inclusion?position=${position}&size=${size}`);
      const event = events[position - 1]!;
      expect(proof).toMatchObject({ position, size, leafIndex: position - 1 });
      const leaf = leafOfChainHash(event.hash);
      const hashes = proof.hashes.map((x) => hashFromHex(x));
      expect(verifyInclusion(position - 1, size, leaf, hashes, hashFromHex(proof.rootHash))).toBe(true);
      const run = verifier('inclusion', file('proof.json', proof), checkpoint, vkey, '--event', file('e.json', event));
      expect(run, `position ${position}`).toMatchObject({ code: 0, line: expect.stringMatching(/^OK event/) });
    }
    // The event's content altered: the auditor's script says so.
    const proof = await get<Inclusion>(`/v1/audit/proofs/inclusion?position=5&size=${size}`);
    const forged = { ...events[4]!, recordedAt: '2020-01-01T00:00:00.000Z' };
    const run = verifier('inclusion', file('proof.json', proof), checkpoint, vkey, '--event', file('e.json', forged));
    expect(run).toMatchObject({ code: 1, line: expect.stringMatching(/^FAILED/) });
    // Another event's proof for this one: refused.
    const other = await get<Inclusion>(`/v1/audit/proofs/inclusion?position=6&size=${size}`);
    const swapped = verifier(
      'inclusion',
      file('p.json', other),
      checkpoint,
      vkey,
      '--event',
      file('e.json', events[4]!),
    );
    expect(swapped.code).toBe(1);
  });

  it('defaults the size to the latest tree head; a position beyond the size is 400, a size beyond the tree 404', async () => {
    const size = (await h.system.tree.head()).size;
    expect(await get<Inclusion>('/v1/audit/proofs/inclusion?position=3')).toMatchObject({ size });
    expect(await get('/v1/audit/proofs/inclusion?position=30&size=29', auditor, 400)).toMatchObject({
      code: 'position_out_of_range',
    });
    expect(await get(`/v1/audit/proofs/inclusion?position=1&size=${size + 1}`, auditor, 404)).toMatchObject({
      code: 'tree_size_unavailable',
    });
    // Without a size, a position the tree has not reached is 404 (not yet), like a size beyond it.
    expect(await get(`/v1/audit/proofs/inclusion?position=${size + 1}`, auditor, 404)).toMatchObject({
      code: 'tree_size_unavailable',
    });
    expect(await get(`/v1/audit/proofs/consistency?from=${size + 1}`, auditor, 404)).toMatchObject({
      code: 'tree_size_unavailable',
    });
    for (const bad of ['', '0', 'x', '9007199254740993']) {
      await get(`/v1/audit/proofs/inclusion?position=${bad}`, auditor, 400);
    }
    await get('/v1/audit/proofs/inclusion', auditor, 400);
  });
});

describe('GET /v1/audit/proofs/consistency', () => {
  it('proves each earlier checkpoint is a prefix of the latest, in-process and by docs/verify-proof.mjs', async () => {
    const to = (await h.system.tree.head()).size;
    const latest = await get<Checkpoint>(`/v1/audit/checkpoint?size=${to}`);
    const newer = file('new.txt', latest.checkpoint);
    for (const from of [1, 7, 16, to - 1, to]) {
      const proof = await get<{ from: number; to: number; hashes: string[] }>(
        `/v1/audit/proofs/consistency?from=${from}&to=${to}`,
      );
      const old = await get<Checkpoint>(`/v1/audit/checkpoint?size=${from}`);
      const ok = verifyConsistency(
        from,
        to,
        hashFromHex(old.rootHash),
        hashFromHex(latest.rootHash),
        proof.hashes.map((x) => hashFromHex(x)),
      );
      expect(ok, `from ${from}`).toBe(true);
      const run = verifier('consistency', file('c.json', proof), file('old.txt', old.checkpoint), newer, vkey);
      expect(run, `from ${from}`).toMatchObject({ code: 0 });
    }
    // A proof from another size does not pass for this pair.
    const wrong = await get<{ hashes: string[] }>(`/v1/audit/proofs/consistency?from=8&to=${to}`);
    const old = await get<Checkpoint>('/v1/audit/checkpoint?size=7');
    const run = verifier(
      'consistency',
      file('c.json', { from: 7, to, hashes: wrong.hashes }),
      file('old.txt', old.checkpoint),
      newer,
      vkey,
    );
    expect(run.code).toBe(1);
  });

  it('from > to is 400; a size beyond the tree 404', async () => {
    const size = (await h.system.tree.head()).size;
    expect(await get('/v1/audit/proofs/consistency?from=9&to=8', auditor, 400)).toMatchObject({
      code: 'invalid_range',
    });
    await get(`/v1/audit/proofs/consistency?from=1&to=${size + 1}`, auditor, 404);
    await get('/v1/audit/proofs/consistency', auditor, 400);
  });
});
