// `npm start` as a newcomer runs it: DynamoDB Local, tables, demo data, the API and
// the projector come up; Ctrl-C takes everything down, the JVM included.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/dynamo-local';
import { startOptions } from '../../scripts/lib/start-options';

const root = path.resolve(__dirname, '../..');

function javaPids(port: number): number[] {
  try {
    // The JVMs only (the watchdog that runs one carries the same arguments).
    return execFileSync('pgrep', ['-f', `^java .*DynamoDBLocal.jar -port ${port}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

describe('npm start options', () => {
  it('takes --in-memory and --no-demo written without the --, which npm passes only as its config', () => {
    // `npm start --in-memory --no-demo`: npm warns «Unknown cli config» and the script gets no arguments.
    expect(startOptions([], { npm_config_in_memory: 'true', npm_config_demo: '' })).toEqual({
      inMemory: true,
      withDemo: false,
      help: false,
      unknown: [],
    });
    expect(startOptions(['--in-memory', '--no-demo'], {})).toMatchObject({ inMemory: true, withDemo: false });
    expect(startOptions([], {})).toMatchObject({ inMemory: false, withDemo: true });
    expect(startOptions(['--port', '3978'], {}).unknown).toEqual(['--port', '3978']);
  });
});

describe('npm start', () => {
  const startWith = (...args: string[]) => {
    try {
      const out = execFileSync(
        process.execPath,
        [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts', ...args],
        {
          cwd: root,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      return { status: 0, out, err: '' };
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      return { status: failed.status, out: failed.stdout, err: failed.stderr };
    }
  };

  it('says how it is used on --help, and refuses an option it does not know, starting nothing', () => {
    const help = startWith('--help');
    expect(help.status).toBe(0);
    expect(help.out).toContain('Usage: npm start [-- --in-memory] [--no-demo]');
    expect(help.out).toContain('PORT (3000)');
    expect(help.out).not.toContain('Starting');
    const wrong = startWith('--port', '3978');
    expect(wrong.status).toBe(2);
    expect(wrong.err).toContain('npm start: unknown option --port 3978');
    expect(wrong.err).toContain('Usage: npm start');
  });

  it('runs the whole system with the demo data, and Ctrl-C stops DynamoDB Local too', async () => {
    const [port, dynamoPort] = [await freePort(), await freePort()];
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts', '--in-memory'],
      {
        cwd: root,
        env: { ...process.env, PORT: String(port), DYNAMODB_PORT: String(dynamoPort), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const deadline = Date.now() + 90_000;
      while (!out.includes('API: http://')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not come up:\n${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(out).toContain('the seed (Smolensk region): applied 55, unchanged 0, refused 0');
      // The illustrative Saint Petersburg part: 3 committees, 3 measures amended, 5 entries.
      expect(out).toContain(
        'illustrative Saint Petersburg part, not from the seed: applied 11, unchanged 0, refused 0',
      );
      const token = /rl_[a-z0-9]+_[A-Za-z0-9_-]+/.exec(out)?.[0];
      expect(token).toBeDefined();
      // The README's next command reads the key file: in memory too, it holds the key this run accepts.
      expect(fs.readFileSync(path.join(root, '.data/coordinator-key.txt'), 'utf8').trim()).toBe(token);
      expect(javaPids(dynamoPort)).toHaveLength(1);

      const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { head: { position: number } };
      expect(health.head.position).toBe(67);
      // The local projector makes the demo readable without anyone running it by hand.
      const res = await fetch(`http://127.0.0.1:${port}/v1/plans/spb-smolensk-2021-2023?minPosition=67`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const plan = (await res.json()) as { sections: { measures: { number: string; executors: unknown[] }[] }[] };
      expect(plan.sections).toHaveLength(7);
      const sport = plan.sections.flatMap((s) => s.measures).find((m) => m.number === '9.1');
      expect(sport?.executors).toHaveLength(2);
      // The pages, on the same port: the start page sends a visitor to sign in.
      expect(out).toContain(`Pages: http://127.0.0.1:${port}/`);
      const start = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
      expect(start.status).toBe(303);
      expect(start.headers.get('location')).toBe('/sign-in');
      const signIn = await fetch(`http://127.0.0.1:${port}/sign-in`);
      expect(await signIn.text()).toContain('Ключ доступа');
    } finally {
      child.kill('SIGINT');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    }
    expect(out).toContain('Stopped.');
    expect(javaPids(dynamoPort)).toEqual([]);
  }, 150_000);
});
