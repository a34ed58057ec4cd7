// Lambda entry point of the yearly report: invoked by EventBridge Scheduler in mid-
// January ({ planId, year: 'previous', scheduledTime }) or on demand ({ planId, year }).
import { performance } from 'node:perf_hooks';
import { METRIC } from '../shared/config/observability';
import { runYearlyReport } from '../shared/report/yearly-report-job';
import { systemFromEnv } from './lib/system';

const { system, logger, metrics, instrument } = systemFromEnv('yearly-report');

export const handler = instrument(async (event: unknown) => {
  const started = performance.now();
  const publication = await runYearlyReport(
    { store: system.store, artifacts: system.artifacts, logger, now: () => new Date() },
    event,
  );
  metrics.observe(METRIC.reportBuildMs, performance.now() - started, 'Milliseconds');
  return {
    planId: publication.planId,
    year: publication.year,
    revision: publication.revision,
    position: publication.position,
    artifacts: publication.artifacts,
  };
});
