// Completeness for a year: per measure and per executor, whether it has reported and
// when last, from the measure documents and the per-executor progress documents of one
// page of measures (never the entries themselves). With a party, that party's
// executors only, and the measures where it has one.
import { refuse } from '../domain';
import type { ViewReader } from '../projections/view-store';
import type { ExecutorDoc, MeasureDoc, ProgressDoc } from './documents';
import { getExecutors, getMeasures, getPlanHeader, progressRows } from './queries';
import type { ExecutorProgress, MeasureProgress } from './responses';

export interface ProgressOptions {
  year: number;
  /** A party of the plan; null: every party. */
  party: string | null;
  after?: string | undefined;
  limit?: number | undefined;
}

function executorProgress(
  executorId: string,
  nameInPlan: string | null,
  row: ProgressDoc | undefined,
  doc: ExecutorDoc | undefined,
  year: number,
): ExecutorProgress {
  const ofYear = row?.years[String(year)];
  return {
    executorId,
    nameInPlan,
    currentName: doc?.fullName ?? null,
    party: doc?.party ?? null,
    status: doc?.status ?? 'unknown',
    successorId: doc?.liquidation?.successorId ?? null,
    named: nameInPlan !== null,
    reported: (ofYear?.entries ?? 0) > 0,
    entries: ofYear?.entries ?? 0,
    lastReportedAt: ofYear?.lastReportedAt || null,
  };
}

function measureProgress(
  measure: MeasureDoc,
  rows: ProgressDoc[],
  directory: Map<string, ExecutorDoc>,
  options: ProgressOptions,
): MeasureProgress | null {
  const { year, party } = options;
  const byExecutor = new Map(rows.map((row) => [row.executorId, row]));
  const named = measure.executors.map((x) =>
    executorProgress(x.executorId, x.nameInPlan, byExecutor.get(x.executorId), directory.get(x.executorId), year),
  );
  // Others who reported on it for the year: successors, or executors since taken off the measure.
  const others = rows
    .filter((row) => !measure.executors.some((x) => x.executorId === row.executorId) && row.years[String(year)])
    .map((row) => executorProgress(row.executorId, null, row, directory.get(row.executorId), year));
  const executors = [...named, ...others].filter((x) => party === null || x.party === party);
  if (party !== null && executors.length === 0) return null;
  const entries = executors.reduce((sum, x) => sum + x.entries, 0);
  // ISO instants sort as text.
  const last = executors
    .map((x) => x.lastReportedAt ?? '')
    .sort()
    .at(-1);
  return {
    number: measure.number,
    sectionNumber: measure.sectionNumber,
    title: measure.title,
    term: measure.term,
    inTerm: year >= measure.fromYear && year <= measure.toYear,
    reported: entries > 0,
    entries,
    lastReportedAt: last || null,
    executors,
  };
}

/** A page of the plan's measures with each executor's progress for the year. */
export async function planProgress(views: ViewReader, planId: string, options: ProgressOptions) {
  const plan = await getPlanHeader(views, planId);
  if (options.party !== null && !plan.parties.includes(options.party)) {
    refuse('party_not_found', `Plan ${planId} has no party ${options.party}; its parties: ${plan.parties.join(', ')}`, {
      party: options.party,
    });
  }
  const page = await getMeasures(views, planId, { after: options.after, limit: options.limit });
  const first = page.items[0];
  const last = page.items.at(-1);
  const rows = first && last ? await progressRows(views, planId, first.number, last.number) : [];
  const directory = await getExecutors(views, [
    ...page.items.flatMap((m) => m.executors.map((x) => x.executorId)),
    ...rows.map((row) => row.executorId),
  ]);
  const measures = page.items
    .map((measure) =>
      measureProgress(
        measure,
        rows.filter((row) => row.number === measure.number),
        directory,
        options,
      ),
    )
    .filter((m): m is MeasureProgress => m !== null);
  return { planId, year: options.year, party: options.party, measures, nextAfter: page.next };
}
