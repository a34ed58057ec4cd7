// npm run import -- <file.json> [--stack <name>]: applies an import document as ordinary
// commands (the `system` actor locally; the caller's AWS identity against a stack);
// importing the same file again changes nothing.
import fs from 'node:fs';
import { runImport } from '../shared/commands/run-import';
import { args, runIfMain, TARGET_OPTIONS, TARGET_USAGE, targetOf, UsageError } from './lib/cli';
import { withSystem } from './lib/local-env';

const USAGE = `usage: npm run import -- <file.json> ${TARGET_USAGE}`;

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = args(TARGET_OPTIONS, USAGE, argv);
  const file = positionals[0];
  if (!file || positionals.length !== 1) throw new UsageError(USAGE);
  const target = targetOf(values, USAGE);
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  await withSystem(target, async ({ system, actor }) => {
    const report = await runImport(system.store, doc, {
      actor,
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
}

runIfMain(import.meta.url, main);
