// Lambda entry point of the publication check, scheduled daily from February to December:
// counts the plans (PLAN_IDS) whose report for last year is not published yet. The
// ReportsMissing metric it writes raises the "report not published" alarm.
import { METRIC } from '../shared/config/observability';
import { checkPublications } from '../shared/report/publication-check';
import { requireEnv } from './lib/env';
import { systemFromEnv } from './lib/system';

const { system, logger, metrics, instrument } = systemFromEnv('publication-check');
const planIds = requireEnv('PLAN_IDS')
  .split(',')
  .map((id) => id.trim())
  .filter((id) => id !== '');

export const handler = instrument(async () => {
  const statuses = await checkPublications(system.store, planIds, new Date());
  const missing = statuses.filter((s) => s.status === 'missing');
  metrics.observe(METRIC.reportsMissing, missing.length, 'Count');
  for (const status of statuses) {
    if (status.status === 'missing') logger.error('yearly report not published', { ...status });
    else if (status.status === 'no-plan') logger.warn('no such plan in the log', { ...status });
    else logger.info('yearly report checked', { ...status });
  }
  return { missing: missing.length, statuses };
});
