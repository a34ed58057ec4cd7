// `npm run store-layout -- --to 2 [--stack <name>]`: takes the events table back to layout 2
// for a rollback to code of that layout (README, "Table layout"): every stream index item
// covering a run of versions becomes one item per version, and the head says 2. Run it once
// the functions that write runs are gone (after the rollback's deploy): until then code of
// layout 2 refuses to write (503 store_needs_upgrade), and a layout-3 commit afterwards
// writes runs again. Going forward needs nothing: layout-3 code reads layout 2 as it is.
import { downgradeLayout } from '../shared/store/upgrade-layout';
import { args, runIfMain, TARGET_OPTIONS, TARGET_USAGE, targetOf, UsageError } from './lib/cli';
import { withSystem } from './lib/local-env';

const USAGE = `usage: npm run store-layout -- --to 2 ${TARGET_USAGE}`;

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = args(
    { to: { type: 'string' }, help: { type: 'boolean', default: false }, ...TARGET_OPTIONS },
    USAGE,
    argv,
  );
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (positionals.length > 0 || values.to !== '2') throw new UsageError(USAGE);
  const target = targetOf(values, USAGE);
  await withSystem(target, async ({ system, where }) => {
    const report = await downgradeLayout(system.client, system.tables.events);
    process.stdout.write(
      report.downgraded
        ? `The events table of ${where} is at layout 2: ${report.runs} runs split into ${report.versions} index items.\n`
        : `The events table of ${where} was at layout 2 already; nothing to split.\n`,
    );
    if (report.malformed > 0) {
      process.stdout.write(
        `${report.malformed} index items did not have the stored shape and were left as they are: \`npm run audit -- verify\` names them.\n`,
      );
    }
  });
}

runIfMain(import.meta.url, main);
