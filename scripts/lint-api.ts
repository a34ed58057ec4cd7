// npm run lint:api
// Lints the OpenAPI document the app serves with Redocly (redocly.yaml) and Spectral
// (.spectral.yaml), offline: the document is generated from the app into a temp file,
// and Redocly's telemetry and update check are switched off.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runIfMain } from './lib/cli';
import { main as writeDocument } from './openapi';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const OFFLINE = {
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
  NO_UPDATE_NOTIFIER: '1',
};

export async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-api-'));
  try {
    const file = path.join(dir, 'openapi.json');
    await writeDocument([file]);
    const runs = [
      [bin('redocly'), 'lint', file, '--config', path.join(root, 'redocly.yaml')],
      [bin('spectral'), 'lint', file, '--ruleset', path.join(root, '.spectral.yaml'), '--fail-severity', 'warn'],
    ];
    for (const [command, ...args] of runs) {
      process.stdout.write(`\n$ ${path.basename(command!)} ${args.join(' ')}\n`);
      const run = spawnSync(command!, args, { stdio: 'inherit', env: { ...process.env, ...OFFLINE } });
      if (run.status !== 0) process.exitCode = 1;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
