// Lambda entry point of the yearly report: invoked by EventBridge Scheduler in mid-
// January ({ planId, year: 'previous', eachParty: true, scheduledTime }: the joint report
// and one per party) or on demand ({ planId, year, party? }).
import { performance } from 'node:perf_hooks';
import { METRIC } from '../shared/config/observability';
import { runYearlyReport } from '../shared/report/yearly-report-job';
import { systemFromEnv } from './lib/system';

const { system, logger, metrics, instrument } = systemFromEnv('yearly-report');

export const handler = instrument(async (event: unknown) => {
  const started = performance.now();
  const publications = await runYearlyReport(
    { store: system.store, artifacts: system.artifacts, logger, now: () => new Date() },
    event,
  );
  metrics.observe(METRIC.reportBuildMs, performance.now() - started, 'Milliseconds');
  return {
    planId: publications[0]?.planId,
    year: publications[0]?.year,
    publications: publications.map(({ party, revision, position, artifacts }) => ({
      party,
      revision,
      position,
      artifacts,
    })),
  };
});
