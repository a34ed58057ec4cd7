// npm run publish -- --plan <id> --year 2023 [--appendix] [--stack <name>]
// Publishes the yearly report, as the scheduled Lambda does in AWS: into the local
// store, or on demand into a deployed stack (as the caller's AWS identity).

import { recordCheckpoint } from '../shared/audit/checkpoints';
import { runYearlyReport } from '../shared/report/yearly-report-job';
import { createLogger } from '../shared/runtime/logger';
import { localSignerOf } from './lib/audit-proofs';
import { args, need, runIfMain, TARGET_OPTIONS, TARGET_USAGE, targetOf, yearOf } from './lib/cli';
import { DATA_DIR, withSystem } from './lib/local-env';

const USAGE = `usage: npm run publish -- --plan <planId> --year <year> [--appendix] ${TARGET_USAGE}`;

export async function main(argv: string[]): Promise<void> {
  const { values } = args(
    {
      plan: { type: 'string' },
      year: { type: 'string' },
      appendix: { type: 'boolean', default: false },
      ...TARGET_OPTIONS,
    },
    USAGE,
    argv,
  );
  const planId = need(values.plan, '--plan', USAGE);
  const year = yearOf(need(values.year, '--year', USAGE), USAGE);
  const target = targetOf(values, USAGE);
  await withSystem(target, async ({ system, actor, stack }) => {
    const p = await runYearlyReport(
      {
        store: system.store,
        artifacts: system.artifacts,
        logger: createLogger({ level: 'warn' }),
        now: () => new Date(),
        // Locally the publication names the `on-demand` actor; in a stack, who ran it.
        ...(stack ? { actor } : {}),
      },
      { planId, year, includeAppendix: values.appendix },
    );
    process.stdout.write(
      `published ${p.planId} ${p.year}, revision ${p.revision}, at log position ${p.position} (chain hash ${p.chainHash})${stack ? ` in stack ${stack.stackName}` : ''}\n`,
    );
    for (const a of p.artifacts) process.stdout.write(`  ${a.format.padEnd(5)} ${a.bytes} bytes  sha256 ${a.sha256}\n`);
    if (stack) {
      process.stdout.write(
        "the stack's daily schedule records the next checkpoint of the log (its key stays in the stack)\n",
      );
      return;
    }
    // After each publication a signed checkpoint of the log is recorded in it.
    const c = await recordCheckpoint(
      { store: system.store, tree: system.tree, signer: await localSignerOf(system, DATA_DIR) },
      { actor, at: new Date().toISOString(), trigger: 'publication' },
    );
    process.stdout.write(`checkpoint of ${c.size} events recorded (root ${c.rootHash})\n`);
  });
}

runIfMain(import.meta.url, main);
