// Lambda entry point of the yearly report: invoked by EventBridge Scheduler in mid-
// January ({ planId, year: 'previous', scheduledTime }) or on demand ({ planId, year }).
import { runYearlyReport } from '../shared/report/yearly-report-job';
import { systemFromEnv } from './lib/system';

const { system, logger } = systemFromEnv('yearly-report');

export const handler = async (event: unknown) => {
  const publication = await runYearlyReport(
    { store: system.store, artifacts: system.artifacts, logger, now: () => new Date() },
    event,
  );
  return {
    planId: publication.planId,
    year: publication.year,
    revision: publication.revision,
    position: publication.position,
    artifacts: publication.artifacts,
  };
};
