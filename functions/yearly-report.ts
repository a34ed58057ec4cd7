// Lambda entry point of the yearly report: invoked by EventBridge Scheduler in mid-
// January ({ planId, year: 'previous', eachParty: true, scheduledTime }: the joint report
// and one per party) or on demand ({ planId, year, party? }); daily ({ task: 'checkpoint' })
// it records a signed checkpoint of the Merkle tree in the log, as it does after each
// publication run.
import { performance } from 'node:perf_hooks';
import { recordCheckpoint } from '../shared/audit/checkpoints';
import { METRIC } from '../shared/config/observability';
import type { CheckpointRecorded } from '../shared/domain/checkpoint/events';
import { runYearlyReport } from '../shared/report/yearly-report-job';
import { checkpointSignerFromEnv } from './lib/checkpoint-signer';
import { systemFromEnv } from './lib/system';

const { system, logger, metrics, instrument } = systemFromEnv('yearly-report');
const signer = checkpointSignerFromEnv();
const SYSTEM_ACTOR = { keyId: 'system', role: 'system' } as const;

async function checkpoint(trigger: CheckpointRecorded['trigger']) {
  if (!signer) throw new Error('no checkpoint signing key is configured');
  const recorded = await recordCheckpoint(
    { store: system.store, tree: system.tree, signer: await signer() },
    { actor: SYSTEM_ACTOR, at: new Date().toISOString(), trigger },
  );
  logger.info('checkpoint recorded', { size: recorded.size, rootHash: recorded.rootHash, position: recorded.position });
  return { size: recorded.size, rootHash: recorded.rootHash, position: recorded.position };
}

export const handler = instrument(async (event: unknown) => {
  if ((event as { task?: unknown } | null)?.task === 'checkpoint') return checkpoint('schedule');
  const started = performance.now();
  const publications = await runYearlyReport(
    {
      store: system.store,
      artifacts: system.artifacts,
      logger,
      now: () => new Date(),
      // Each report carries the signed checkpoint of the log it was built from.
      ...(signer ? { checkpoints: { tree: system.tree, signer } } : {}),
    },
    event,
  );
  metrics.observe(METRIC.reportBuildMs, performance.now() - started, 'Milliseconds');
  // The publication is recorded; a failure here is logged, and the daily checkpoint follows.
  const recorded = await checkpoint('publication').catch((error: unknown) => {
    logger.error('the checkpoint after the publication could not be recorded', { error });
    return null;
  });
  return {
    planId: publications[0]?.planId,
    year: publications[0]?.year,
    publications: publications.map(({ party, revision, position, artifacts }) => ({
      party,
      revision,
      position,
      artifacts,
    })),
    checkpoint: recorded,
  };
});
