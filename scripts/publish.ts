// npm run publish -- --plan <id> --year 2023 [--appendix] [--stack <name>]
// Publishes the yearly report, as the scheduled Lambda does in AWS: into the local
// store, or on demand into a deployed stack (as the caller's AWS identity).

import { runYearlyReport } from '../shared/report/yearly-report-job';
import { createLogger } from '../shared/runtime/logger';
import { args, need, runIfMain, TARGET_OPTIONS, TARGET_USAGE, targetOf, yearOf } from './lib/cli';
import { withSystem } from './lib/local-env';

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
  });
}

runIfMain(import.meta.url, main);
