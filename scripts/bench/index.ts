// `npm run bench [-- --only write,bundle,projection,lag,pages,asof] [--events N] [--every K] [--json <file>]`: every
// benchmark prints its ratio against a raw baseline measured in the same run, against a
// DynamoDB Local of its own (in memory, free port) that is always stopped at the end.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { DEFAULT_SNAPSHOT_EVERY } from '../../shared/snapshots/format';
import { type DynamoLocal, startDynamoLocal } from '../lib/dynamo-local';
import { asOfBenchmark } from './asof';
import { bundleBenchmarks, coldTarget } from './bundle';
import { pagesBenchmarks } from './pages';
import { lagBenchmark, projectionBenchmarks } from './projection';
import { printTable, record, results, say } from './report';
import { writePathBenchmarks } from './write-path';

const SECTIONS = ['write', 'bundle', 'projection', 'lag', 'pages', 'asof'] as const;
type Section = (typeof SECTIONS)[number];
/** `asof` builds a log of 100,000 events (several minutes): only when asked for. */
const DEFAULT_SECTIONS = SECTIONS.filter((s) => s !== 'asof');

function parseArgs(argv: string[]) {
  const jsonAt = argv.indexOf('--json');
  const onlyAt = argv.indexOf('--only');
  const jsonFile = jsonAt >= 0 ? argv[jsonAt + 1] : undefined;
  if (jsonAt >= 0 && !jsonFile) throw new Error('--json needs a file name');
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '').split(',') : [...DEFAULT_SECTIONS];
  const unknown = only.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`--only takes ${SECTIONS.join(', ')}; not ${unknown.join(', ')}`);
  const number = (flag: string, fallback: number) => {
    const at = argv.indexOf(flag);
    if (at < 0) return fallback;
    const value = Number(argv[at + 1]);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${flag} takes a positive whole number`);
    return value;
  };
  const asof = { events: number('--events', 100_000), every: number('--every', DEFAULT_SNAPSHOT_EVERY) };
  return { jsonFile, only: new Set(only as Section[]), asof };
}

async function main() {
  const { jsonFile, only, asof } = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const needsDynamo = ['bundle', 'write', 'projection', 'lag', 'pages', 'asof'].some((s) => only.has(s as Section));
  let dynamo: DynamoLocal | null = null;
  const stopOnSignal = () => {
    void (dynamo?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    if (needsDynamo) {
      say('Starting DynamoDB Local (in memory, free port)…');
      dynamo = await startDynamoLocal();
      const client = createDynamoClient({ endpoint: dynamo.endpoint });
      try {
        if (only.has('bundle')) {
          say('Bundling the API as the stack does, timing module init and a first request…');
          await bundleBenchmarks(15, await coldTarget(client, dynamo.endpoint));
        }
        if (only.has('write')) {
          say('The write path: raw transactions, the store, HTTP, processes…');
          await writePathBenchmarks(client, dynamo.endpoint, dynamo.pid);
        }
        if (only.has('projection')) {
          say('Projecting, rebuilding, replaying…');
          await projectionBenchmarks(client);
        }
        if (only.has('lag')) {
          say('Measuring the lag from a write to the views…');
          await lagBenchmark(client, dynamo.endpoint);
        }
        if (only.has('asof')) {
          say('As-of reads from snapshots on a large log…');
          await asOfBenchmark(client, asof);
        }
        if (only.has('pages')) {
          say('The pages against the JSON API…');
          await pagesBenchmarks(client);
        }
      } finally {
        client.destroy();
      }
    }
  } finally {
    await dynamo?.stop();
    process.removeListener('SIGINT', stopOnSignal);
    process.removeListener('SIGTERM', stopOnSignal);
  }
  record(
    'peakRssMb',
    'peak RSS (this process)',
    process.resourceUsage().maxRSS / 1024,
    'MB',
    'DynamoDB Local runs in its own JVM',
  );
  printTable();
  say(
    `\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s. DynamoDB Local is a stand-in: compare ratios within a run, not with AWS.`,
  );
  if (jsonFile) {
    fs.writeFileSync(
      jsonFile,
      `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
    );
    say(`Wrote ${jsonFile}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
