// `npm run rebuild [-- --keep-old] [--stack <name>]`: replays the whole log into a fresh
// generation of the views, switches readers to it, and deletes the previous generation
// (unless --keep-old). Locally it uses the DynamoDB Local of `npm start` when it is
// running; with --stack it runs here against the stack's tables.

import { hashToHex } from '../shared/merkle/hash';
import { type RebuildProgress, rebuildViews } from '../shared/projections/rebuild';
import { rebuildTree } from '../shared/projections/tree-follower';
import { createLogger, type LogLevel } from '../shared/runtime/logger';
import { ledgerProjection } from '../shared/views/ledger-projection';
import { args, runIfMain, TARGET_OPTIONS, TARGET_USAGE, targetOf, UsageError } from './lib/cli';
import { withSystem } from './lib/local-env';

const USAGE = `usage: npm run rebuild [-- --keep-old] ${TARGET_USAGE}`;
const fmt = (n: number) => n.toLocaleString('en-US');

function progressLine(p: RebuildProgress): string {
  const percent = p.head > 0 ? Math.min(100, Math.floor((p.position * 100) / p.head)) : 100;
  const eta = p.etaSeconds === null ? '' : `, ETA ${p.etaSeconds} s`;
  const phase = p.phase === 'final' ? ' (events appended meanwhile)' : '';
  return `generation ${p.generation}: ${fmt(p.position)} / ${fmt(p.head)} events (${percent}%), ${fmt(p.applied)} applied, ${fmt(p.eventsPerSecond)} events/s${eta}${phase}`;
}

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = args(
    { 'keep-old': { type: 'boolean', default: false }, help: { type: 'boolean', default: false }, ...TARGET_OPTIONS },
    USAGE,
    argv,
  );
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (positionals.length > 0) throw new UsageError(USAGE);
  const target = targetOf(values, USAGE);
  const tty = process.stdout.isTTY === true;
  const logger = createLogger({
    level: (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'warn',
    base: { app: 'rebuild' },
  });
  await withSystem(target, async ({ system, endpoint, stack }) => {
    process.stdout.write(`Rebuilding the views of ${system.tables.views} from ${system.tables.events} (${endpoint})\n`);
    if (stack?.rebuildFunctionName) {
      process.stdout.write(
        `(this runs from this machine; the stack's own rebuild runs in Lambda: aws lambda invoke --function-name ${stack.rebuildFunctionName} --invocation-type Event out.json)\n`,
      );
    }
    try {
      const report = await rebuildViews(
        {
          store: system.store,
          client: system.client,
          table: system.tables.views,
          projection: ledgerProjection,
          logger,
        },
        {
          keepOld: values['keep-old'],
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
      const tree = await rebuildTree(system.tree, system.tiles, system.store, report.position);
      if (!tree.checked.ok) {
        throw new Error(
          `the Merkle tree disagrees with the log at ${tree.checked.place}: ${tree.checked.detail} (tiles are write-once: nothing was overwritten)`,
        );
      }
      process.stdout.write(
        `Merkle tree: ${fmt(tree.checked.tilesChecked)} tiles and ${fmt(tree.checked.treeHeadsChecked)} tree heads rebuilt from the log and equal to the stored ones; ` +
          `it now covers ${fmt(tree.head.size)} events, root ${hashToHex(tree.head.rootHash)}.\n`,
      );
    } catch (error) {
      if (tty) process.stdout.write('\n');
      throw new Error(`rebuild failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  });
}

runIfMain(import.meta.url, main);
