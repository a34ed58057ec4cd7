// `npm run soak [-- --seconds 300] [--rate 0.2] [--writers 16] [--seed <n>]`: the fault-
// injection run of the tests, for longer, against a DynamoDB Local of its own (always
// stopped). Prints what it injected and what survived; exits 1 if anything was lost,
// doubled, half-written or diverged.
import fs from 'node:fs';
import { tableNames } from '../shared/config/tables';
import { createDynamoClient } from '../shared/runtime/dynamo';
import { ensureTables } from '../shared/store/tables-admin';
import { describeTrial, runFaultTrial } from '../test/support/fault-trial';
import { args, runIfMain, UsageError } from './lib/cli';
import { startDynamoLocal } from './lib/dynamo-local';
import { SEED_FIXTURE_PATH } from './lib/seed';

const USAGE = 'usage: npm run soak -- [--seconds 300] [--rate 0.2] [--writers 16] [--seed <n>]';

function number(value: string | undefined, fallback: number, what: string, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`${what} must be ${min}..${max}\n\n${USAGE}`);
  return n;
}

export async function main(argv: string[]): Promise<void> {
  // The lock file pins SDK releases that support Node.js 20; their notice is only noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = args(
    { seconds: { type: 'string' }, rate: { type: 'string' }, writers: { type: 'string' }, seed: { type: 'string' } },
    USAGE,
    argv,
  );
  const seconds = number(values.seconds, 300, '--seconds', 1, 86_400);
  const rate = number(values.rate, 0.2, '--rate', 0, 0.9);
  const writers = number(values.writers, 16, '--writers', 1, 256);
  const seed = number(values.seed, Date.now() % 1_000_000, '--seed', 0, 2 ** 31);
  process.stdout.write(
    `Soaking for ${seconds} s: ${writers} writers, a reader and the projector, ${rate * 100}% of DynamoDB calls failing (seed ${seed})…\n`,
  );
  // Five minutes write some 50,000 events; verify then scans the whole table, which DynamoDB
  // Local answered InternalFailure at its usual 512m heap (2g: survived, 57,666 events).
  const dynamo = await startDynamoLocal({ heap: '2g' });
  const client = createDynamoClient({ endpoint: dynamo.endpoint });
  try {
    const names = tableNames('soak');
    await ensureTables(client, names);
    const result = await runFaultTrial({
      endpoint: dynamo.endpoint,
      names,
      seed,
      rate,
      seconds,
      writers,
      seedFixture: JSON.parse(fs.readFileSync(SEED_FIXTURE_PATH, 'utf8')),
    });
    process.stdout.write(`${describeTrial(result)}\n`);
    for (const line of result.unexpected.slice(0, 10)) process.stdout.write(`  unexpected: ${line}\n`);
    const survived =
      result.lost.length === 0 &&
      result.duplicated.length === 0 &&
      result.unexpected.length === 0 &&
      result.verified &&
      result.viewsEqualReplay;
    process.stdout.write(survived ? 'SURVIVED: 0 lost, 0 duplicated, 0 diverged\n' : 'FAILED\n');
    if (!survived) process.exitCode = 1;
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

runIfMain(import.meta.url, main);
