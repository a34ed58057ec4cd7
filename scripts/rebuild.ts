// `npm run rebuild [-- --keep-old]`: replays the whole log into a fresh generation of
// the local views, switches readers to it, and deletes the previous generation
// (unless --keep-old). Uses the DynamoDB Local of `npm start` when it is running.

import { type RebuildProgress, rebuildViews } from '../shared/projections/rebuild';
import { createLogger, type LogLevel } from '../shared/runtime/logger';
import { ledgerProjection } from '../shared/views/ledger-projection';
import { withLocalSystem } from './lib/local-env';

const args = new Set(process.argv.slice(2));
if (args.has('--help')) {
  process.stdout.write('usage: npm run rebuild [-- --keep-old]\n');
  process.exit(0);
}
const tty = process.stdout.isTTY === true;
const logger = createLogger({
  level: (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'warn',
  base: { app: 'rebuild' },
});
const fmt = (n: number) => n.toLocaleString('en-US');

function progressLine(p: RebuildProgress): string {
  const percent = p.head > 0 ? Math.min(100, Math.floor((p.position * 100) / p.head)) : 100;
  const eta = p.etaSeconds === null ? '' : `, ETA ${p.etaSeconds} s`;
  const phase = p.phase === 'final' ? ' (events appended meanwhile)' : '';
  return `generation ${p.generation}: ${fmt(p.position)} / ${fmt(p.head)} events (${percent}%), ${fmt(p.applied)} applied, ${fmt(p.eventsPerSecond)} events/s${eta}${phase}`;
}

async function main() {
  await withLocalSystem(async ({ system, endpoint }) => {
    process.stdout.write(`Rebuilding the views of ${system.tables.views} from ${system.tables.events} (${endpoint})\n`);
    const report = await rebuildViews(
      { store: system.store, client: system.client, table: system.tables.views, projection: ledgerProjection, logger },
      {
        keepOld: args.has('--keep-old'),
        progressEveryMs: tty ? 200 : 5_000,
        onProgress: (p) => process.stdout.write(tty ? `\r\x1b[2K${progressLine(p)}` : `${progressLine(p)}\n`),
      },
    );
    if (tty) process.stdout.write('\n');
    process.stdout.write(
      `Done: ${fmt(report.applied)} events in ${(report.elapsedMs / 1000).toFixed(1)} s (${fmt(report.eventsPerSecond)} events/s); ` +
        `readers now use generation ${report.generation} at position ${fmt(report.position)}.\n` +
        (report.deletedItems === null
          ? `Generation ${report.previousGeneration} was kept (--keep-old).\n`
          : `Deleted ${fmt(report.deletedItems)} items of generation ${report.previousGeneration}.\n`),
    );
  });
}

main().catch((error: unknown) => {
  process.stdout.write(tty ? '\n' : '');
  process.stderr.write(`rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
