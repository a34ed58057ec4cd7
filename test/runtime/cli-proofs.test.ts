// npm run audit -- checkpoint | prove | verify-proof, as an auditor runs them against
// the local store (DynamoDB Local), with the signing key in a data directory of its own.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceTree } from '../../shared/projections/tree-follower';
import { createSystem } from '../../shared/runtime/system';
import { createTestTables, type TestTables } from '../support/dynamo';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-proofs-'));
let tables: TestTables;
let env: NodeJS.ProcessEnv;
let size: number;

async function audit(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/audit.ts', ...args],
      { cwd: root, env, timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const at = (name: string) => path.join(dir, name);

beforeAll(async () => {
  tables = await createTestTables('cliproofs');
  env = {
    ...process.env,
    DYNAMODB_ENDPOINT: tables.endpoint,
    TABLE_PREFIX: tables.names.events.replace(/-events$/, ''),
    ROADMAP_DATA_DIR: at('data'),
  };
  const imported = await run(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/import.ts', 'shared/demo/seed-2023.json'],
    { cwd: root, env, timeout: 60_000 },
  );
  expect(imported.stdout).toContain('refused 0');
  // What the projector does after each wake.
  const system = createSystem(tables.client, tables.names);
  size = (await system.store.head()).position;
  expect(size).toBeGreaterThan(20);
  await advanceTree(system.tree, system.store, size);
});
afterAll(async () => {
  await tables.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run audit -- checkpoint | prove | verify-proof', () => {
  it('signs a checkpoint with the data directory key, proves an event and a prefix, and checks both', async () => {
    const latest = await audit('checkpoint', '--out', at('cp.txt'));
    expect(latest.code, latest.stderr).toBe(0);
    expect(fs.existsSync(path.join(at('data'), 'checkpoint-signing-key.pem'))).toBe(true);
    const origin = `roadmap-ledger.local/${env.TABLE_PREFIX}`;
    expect(latest.stderr).toContain(`verifier key: ${origin}+`);
    expect(fs.readFileSync(at('cp.txt'), 'utf8')).toMatch(
      new RegExp(`^${origin}\\n${size}\\n[A-Za-z0-9+/]{43}=\\n\\n— `),
    );

    expect((await audit('prove', '5', '--out', at('inclusion.json'))).code).toBe(0);
    const proof = JSON.parse(fs.readFileSync(at('inclusion.json'), 'utf8'));
    expect(proof).toMatchObject({ position: 5, size, leafIndex: 4 });
    const system = createSystem(tables.client, tables.names);
    const [event] = (await system.store.readAll({ fromPosition: 5, limit: 1 })).events;
    const ok = await audit('verify-proof', 'inclusion', at('inclusion.json'), at('cp.txt'), '--hash', event!.hash);
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK event 5 /) });
    const other = (await system.store.readAll({ fromPosition: 6, limit: 1 })).events[0]!.hash;
    const wrong = await audit('verify-proof', 'inclusion', at('inclusion.json'), at('cp.txt'), '--hash', other);
    expect(wrong).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^FAILED: event 5 .* is not in the checkpointed log/m),
    });

    expect((await audit('checkpoint', '--size', '20', '--out', at('old.txt'))).code).toBe(0);
    expect((await audit('prove', '--from', '20', '--out', at('consistency.json'))).code).toBe(0);
    const consistent = await audit('verify-proof', 'consistency', at('consistency.json'), at('old.txt'), at('cp.txt'));
    expect(consistent).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK/) });
  });

  it('refuses sizes beyond the tree and a tampered checkpoint, saying why', async () => {
    const beyond = await audit('prove', '3', '--size', String(size + 1));
    expect(beyond.code).toBe(1);
    expect(beyond.stderr).toContain('tree_size_unavailable');
    fs.writeFileSync(at('forged.txt'), fs.readFileSync(at('cp.txt'), 'utf8').replace(`\n${size}\n`, `\n${size + 1}\n`));
    const forged = await audit('verify-proof', 'checkpoint', at('forged.txt'));
    expect(forged).toMatchObject({ code: 1, stderr: expect.stringMatching(/^FAILED: .*signature/m) });
    const both = await audit('prove', '3', '--from', '2');
    expect(both).toMatchObject({ code: 1, stderr: expect.stringContaining('prove takes a <position>') });
  });
});
