// npm run import -- <file.json>: applies an import document to the local store as
// ordinary commands (the `system` actor); importing the same file again changes nothing.
import fs from 'node:fs';
import { runImport } from '../shared/commands/run-import';
import { SYSTEM_ACTOR } from './lib/bootstrap';
import { args, runCli, UsageError } from './lib/cli';
import { withLocalSystem } from './lib/local-env';

const USAGE = 'usage: npm run import -- <file.json>';

runCli(async () => {
  const { positionals } = args({}, USAGE);
  const file = positionals[0];
  if (!file) throw new UsageError(USAGE);
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  await withLocalSystem(async ({ system }) => {
    const report = await runImport(system.store, doc, {
      actor: SYSTEM_ACTOR,
      at: new Date().toISOString(),
      onProgress: (done, total) => process.stderr.write(`\r${done}/${total} commands`),
    });
    process.stderr.write('\n');
    process.stdout.write(
      `applied ${report.applied}, unchanged ${report.unchanged}, refused ${report.refused.length} of ${report.steps}\n`,
    );
    for (const r of report.refused) process.stdout.write(`  refused ${r.label}: ${r.code} — ${r.message}\n`);
    if (report.refused.length > 0) process.exitCode = 2;
  });
});
