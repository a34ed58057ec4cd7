// npm run publish -- --plan <id> --year 2023 [--appendix]
// Publishes the yearly report locally, as the scheduled Lambda does in AWS.

import { runYearlyReport } from '../shared/report/yearly-report-job';
import { createLogger } from '../shared/runtime/logger';
import { args, need, runCli, yearOf } from './lib/cli';
import { withLocalSystem } from './lib/local-env';

const USAGE = 'usage: npm run publish -- --plan <planId> --year <year> [--appendix]';

runCli(async () => {
  const { values } = args(
    { plan: { type: 'string' }, year: { type: 'string' }, appendix: { type: 'boolean', default: false } },
    USAGE,
  );
  const planId = need(values.plan, '--plan', USAGE);
  const year = yearOf(need(values.year, '--year', USAGE), USAGE);
  await withLocalSystem(async ({ system }) => {
    const p = await runYearlyReport(
      {
        store: system.store,
        artifacts: system.artifacts,
        logger: createLogger({ level: 'warn' }),
        now: () => new Date(),
      },
      { planId, year, includeAppendix: values.appendix },
    );
    process.stdout.write(
      `published ${p.planId} ${p.year}, revision ${p.revision}, at log position ${p.position} (chain hash ${p.chainHash})\n`,
    );
    for (const a of p.artifacts) process.stdout.write(`  ${a.format.padEnd(5)} ${a.bytes} bytes  sha256 ${a.sha256}\n`);
  });
});
