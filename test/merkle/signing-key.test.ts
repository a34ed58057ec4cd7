// The local signing key: created once in the data directory, owner-only, never
// replaced, and the same key for every process that starts.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSigningKey,
  loadOrCreateSigningKey,
  loadSigningKey,
  SIGNING_KEY_FILE,
} from '../../scripts/lib/signing-key';
import { openCheckpoint, signCheckpoint, verifierKeyOf } from '../../shared/merkle/checkpoint';
import { EMPTY_ROOT } from '../../shared/merkle/hash';

const ORIGIN = 'roadmap-ledger.local/roadmap';

describe('the local signing key', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'signing-key-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('is created on first start, readable by its owner only, and kept on later starts', async () => {
    const file = path.join(dir, 'data', SIGNING_KEY_FILE);
    const first = await loadOrCreateSigningKey(file, ORIGIN);
    expect(first.created).toBe(true);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(await fs.readFile(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const second = await loadOrCreateSigningKey(file, ORIGIN);
    expect(second.created).toBe(false);
    expect(verifierKeyOf(second.signer)).toBe(verifierKeyOf(first.signer));
    await expect(createSigningKey(file)).rejects.toMatchObject({ code: 'EEXIST' });
    const note = await signCheckpoint({ origin: ORIGIN, size: 0, rootHash: EMPTY_ROOT }, second.signer);
    expect(openCheckpoint(note, verifierKeyOf(first.signer)).size).toBe(0);
  });

  it('two processes starting at once end up with one key', async () => {
    const file = path.join(dir, SIGNING_KEY_FILE);
    const results = await Promise.all([1, 2, 3].map(() => loadOrCreateSigningKey(file, ORIGIN)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => verifierKeyOf(r.signer))).size).toBe(1);
  });

  it('may be a raw 32-byte seed; anything else is refused', async () => {
    const raw = path.join(dir, 'raw.key');
    await fs.writeFile(raw, Buffer.alloc(32, 9));
    expect(verifierKeyOf(await loadSigningKey(raw, ORIGIN))).toMatch(/^roadmap-ledger\.local\/roadmap\+[0-9a-f]{8}\+/);
    await fs.writeFile(raw, 'not a key');
    await expect(loadSigningKey(raw, ORIGIN)).rejects.toThrow();
  });
});
