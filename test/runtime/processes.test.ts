// Processes that clean up after themselves: DynamoDB Local stops when whoever started
// it dies, whatever the signal; one left behind on a data directory is found and
// stopped; it never phones home; and a lost one is reported once, not every poll.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDynamoLocalOn, PID_FILE, startDynamoLocal, stopLeftover } from '../../scripts/lib/dynamo-local';
import { startLocalProjector } from '../../scripts/lib/local-projector';
import { tableNames } from '../../shared/config/tables';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { createLogger } from '../../shared/runtime/logger';
import { ensureTables } from '../../shared/store/tables-admin';

const root = path.resolve(__dirname, '../..');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const cmdline = (pid: number) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
const parentOf = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** `owner`: the process that started DynamoDB Local (tsx runs the script in a process of its own). */
async function startChild(dbPath?: string): Promise<{ child: ChildProcess; port: number; pid: number; owner: number }> {
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'test/support/dynamo-child.ts', ...(dbPath ? [dbPath] : [])],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`the child exited (${code})`)));
  });
  return { child, ...(JSON.parse(line) as { port: number; pid: number; owner: number }) };
}

describe('DynamoDB Local started by this project', () => {
  it('runs without telemetry, and stops when the process that started it is killed with SIGKILL', async () => {
    const { child, pid, owner } = await startChild();
    try {
      expect(cmdline(pid)).toContain('-disableTelemetry');
      process.kill(owner, 'SIGKILL');
      expect(await waitUntil(() => !alive(pid), 15_000)).toBe(true);
    } finally {
      for (const p of [pid, owner]) if (alive(p)) process.kill(p, 'SIGKILL');
      child.kill('SIGKILL');
    }
  });

  it('one left on a data directory (its starter and watchdog both killed) is found and stopped by the next start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ddb-leftover-'));
    const { child, pid, owner } = await startChild(dir);
    try {
      expect(JSON.parse(fs.readFileSync(path.join(dir, PID_FILE), 'utf8'))).toMatchObject({ pid });
      process.kill(parentOf(pid), 'SIGKILL'); // the watchdog
      process.kill(owner, 'SIGKILL');
      child.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 500));
      expect(isDynamoLocalOn(pid, dir)).toBe(true); // orphaned, still running
      expect(await stopLeftover(dir)).toMatchObject({ pid });
      expect(await waitUntil(() => !alive(pid), 10_000)).toBe(true);
      expect(fs.existsSync(path.join(dir, PID_FILE))).toBe(false);
      expect(await stopLeftover(dir)).toBeNull();
    } finally {
      for (const p of [pid, owner]) if (alive(p)) process.kill(p, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a lost DynamoDB Local is reported once, retried with backoff, and its return is reported once', async () => {
    const first = await startDynamoLocal();
    const lines: { level: string; message: string }[] = [];
    const logger = createLogger({
      level: 'debug',
      sink: (level, line) => lines.push({ level, message: (JSON.parse(line) as { message: string }).message }),
    });
    const client = createDynamoClient({ endpoint: first.endpoint, maxAttempts: 1 });
    const names = tableNames('lost');
    await ensureTables(client, names);
    const projector = startLocalProjector({
      client,
      endpoint: first.endpoint,
      eventsTable: names.events,
      wake: async () => {
        await ensureTables(client, names); // stands in for a catch-up: it needs DynamoDB
      },
      logger,
      pollMs: 100,
      fallbackMs: 200,
    });
    let second: Awaited<ReturnType<typeof startDynamoLocal>> | null = null;
    try {
      await new Promise((r) => setTimeout(r, 500));
      await first.stop();
      await new Promise((r) => setTimeout(r, 3000));
      const warnings = lines.filter((l) => l.level === 'warn' || l.level === 'error');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toMatch(/retrying with backoff/);
      second = await startDynamoLocal({ port: first.port });
      await ensureTables(client, names);
      expect(await waitUntil(() => lines.some((l) => /answers again/.test(l.message)), 20_000)).toBe(true);
      expect(lines.filter((l) => /answers again/.test(l.message))).toHaveLength(1);
    } finally {
      await projector.stop();
      client.destroy();
      await second?.stop();
      await first.stop();
    }
  });
});
