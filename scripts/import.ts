// npm run import -- <file.json> [--stack <name>]: applies an import document as ordinary
// commands (the `system` actor locally; the caller's AWS identity against a stack);
// importing the same file again changes nothing.
// npm run import -- --docx <report.docx> [--plan <id>] [--dry-run] [--map "name=executorId"]…:
// reads a yearly report written in Word (the seed's layout) into such a document and
// applies it the same way; --dry-run prints the document (stdout) and what it would
// change (stderr) and writes nothing.
import fs from 'node:fs';
import { runImport } from '../shared/commands/run-import';
import type { Actor } from '../shared/domain';
import { importDocx, readDirectory } from '../shared/import/docx';
import type { EventStore } from '../shared/store/event-store';
import { replayViews } from '../shared/views/replay';
import { args, runIfMain, TARGET_OPTIONS, TARGET_USAGE, targetOf, UsageError } from './lib/cli';
import { describeChanges, describeFindings } from './lib/docx-summary';
import { withSystem } from './lib/local-env';

const USAGE = [
  `usage: npm run import -- <file.json> ${TARGET_USAGE}`,
  `       npm run import -- --docx <report.docx> [--plan <planId>] [--dry-run] [--map "<name as printed>=<executorId>"]… ${TARGET_USAGE}`,
].join('\n');

const progress = (done: number, total: number) => process.stderr.write(`\r${done}/${total} commands`);

async function importJson(store: EventStore, actor: Actor, file: string) {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const report = await runImport(store, doc, { actor, at: new Date().toISOString(), onProgress: progress });
  process.stderr.write('\n');
  process.stdout.write(
    `applied ${report.applied}, unchanged ${report.unchanged}, refused ${report.refused.length} of ${report.steps}\n`,
  );
  for (const r of report.refused) process.stdout.write(`  refused ${r.label}: ${r.code} — ${r.message}\n`);
  if (report.refused.length > 0) process.exitCode = 2;
}

async function importWord(
  store: EventStore,
  actor: Actor,
  file: string,
  options: { plan?: string; dryRun: boolean; map: string[] },
) {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The log replayed, not the views: they may lag, or not exist when npm start is not running.
  const directory = await readDirectory((await replayViews(store, {})).views);
  const result = await importDocx(store, directory, bytes, {
    actor,
    at: new Date().toISOString(),
    dryRun: options.dryRun,
    map: options.map,
    ...(options.plan ? { planId: options.plan } : {}),
    onProgress: progress,
  });
  if (result.dryRun) {
    process.stdout.write(`${JSON.stringify(result.document, null, 2)}\n`);
    process.stderr.write(
      `${[...describeChanges(result, 'would add'), ...describeFindings(result), 'dry run: nothing written'].join('\n')}\n`,
    );
    return;
  }
  process.stderr.write('\n');
  const applied = result.result!;
  const lines = [
    ...describeChanges(result, 'adds'),
    ...describeFindings(result),
    `applied ${applied.applied}, unchanged ${applied.unchanged}, refused ${applied.refused.length} of ${applied.steps}`,
    ...applied.refused.map((r) => `  refused ${r.label}: ${r.code} — ${r.message}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (applied.refused.length > 0) process.exitCode = 2;
}

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = args(
    {
      ...TARGET_OPTIONS,
      docx: { type: 'string' },
      plan: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      map: { type: 'string', multiple: true, default: [] },
    },
    USAGE,
    argv,
  );
  const target = targetOf(values, USAGE);
  if (values.docx !== undefined) {
    if (positionals.length > 0) throw new UsageError(`give either a JSON file or --docx, not both\n\n${USAGE}`);
    const docx = values.docx;
    await withSystem(target, ({ system, actor }) =>
      importWord(system.store, actor, docx, {
        ...(values.plan ? { plan: values.plan } : {}),
        dryRun: values['dry-run'],
        map: values.map,
      }),
    );
    return;
  }
  if (values.plan || values['dry-run'] || values.map.length > 0) {
    throw new UsageError(`--plan, --dry-run and --map go with --docx\n\n${USAGE}`);
  }
  const file = positionals[0];
  if (!file || positionals.length !== 1) throw new UsageError(USAGE);
  await withSystem(target, ({ system, actor }) => importJson(system.store, actor, file));
}

runIfMain(import.meta.url, main);
