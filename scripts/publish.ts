// npm run publish -- --plan <id> --year 2023 [--party <party> | --each-party] [--appendix] [--stack <name>]
// Publishes the yearly report, as the scheduled Lambda does in AWS: into the local
// store, or on demand into a deployed stack (as the caller's AWS identity). Without
// --party the joint report; --each-party: the joint report and one per party, as the
// schedule publishes them.

import { recordCheckpoint } from '../shared/audit/checkpoints';
import { runYearlyReport } from '../shared/report/yearly-report-job';
import { createLogger } from '../shared/runtime/logger';
import { localSignerOf } from './lib/audit-proofs';
import { args, need, runIfMain, TARGET_OPTIONS, TARGET_USAGE, targetOf, UsageError, yearOf } from './lib/cli';
import { DATA_DIR, withSystem } from './lib/local-env';

const USAGE = `usage: npm run publish -- --plan <planId> --year <year> [--party <party> | --each-party] [--appendix] ${TARGET_USAGE}`;

export async function main(argv: string[]): Promise<void> {
  const { values } = args(
    {
      plan: { type: 'string' },
      year: { type: 'string' },
      party: { type: 'string' },
      'each-party': { type: 'boolean', default: false },
      appendix: { type: 'boolean', default: false },
      ...TARGET_OPTIONS,
    },
    USAGE,
    argv,
  );
  const planId = need(values.plan, '--plan', USAGE);
  const year = yearOf(need(values.year, '--year', USAGE), USAGE);
  if (values.party !== undefined && values['each-party'])
    throw new UsageError(`give --party or --each-party, not both\n\n${USAGE}`);
  const target = targetOf(values, USAGE);
  await withSystem(target, async ({ system, actor, stack }) => {
    const publications = await runYearlyReport(
      {
        store: system.store,
        artifacts: system.artifacts,
        logger: createLogger({ level: 'warn' }),
        now: () => new Date(),
        // Locally the publication names the `on-demand` actor; in a stack, who ran it.
        ...(stack ? { actor } : {}),
        // Locally each report carries the signed checkpoint of the log it was built from;
        // a stack's key stays in the stack, so the CLI publishes there without one.
        ...(stack ? {} : { checkpoints: { tree: system.tree, signer: () => localSignerOf(system, DATA_DIR) } }),
      },
      {
        planId,
        year,
        includeAppendix: values.appendix,
        ...(values.party !== undefined && { party: values.party }),
        ...(values['each-party'] && { eachParty: true }),
      },
    );
    for (const p of publications) {
      process.stdout.write(
        `published ${p.planId} ${p.year} ${p.party === null ? '(joint report)' : `(${p.party})`}, revision ${p.revision}, at log position ${p.position} (chain hash ${p.chainHash})${stack ? ` in stack ${stack.stackName}` : ''}\n`,
      );
      for (const a of p.artifacts)
        process.stdout.write(`  ${a.format.padEnd(5)} ${a.bytes} bytes  sha256 ${a.sha256}  ${a.fileName}\n`);
      if (p.checkpoint)
        process.stdout.write(
          `  bound to the signed checkpoint of ${p.checkpoint.size} events (root ${p.checkpoint.rootHash})\n`,
        );
    }
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
