// Starts API processes of their own (api-worker.ts) on existing tables, so tests and
// benchmarks can write from separate processes as Lambda containers do. Always stopped.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ApiProcess {
  url: string;
  stop(): Promise<void>;
}

export async function startApiProcess(target: { endpoint: string; eventsTable: string }): Promise<ApiProcess> {
  const prefix = target.eventsTable.slice(0, -'-events'.length);
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/lib/api-worker.ts'],
    {
      cwd: root,
      env: { ...process.env, DYNAMODB_ENDPOINT: target.endpoint, TABLE_PREFIX: prefix, PORT: '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API process did not start:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the API process exited (${code}):\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
