// Who has reported for a year, per measure and per executor the plan names: what the
// coordinator's page shows. Derived from the measure documents (entriesByYear says which
// measures have entries at all) and, for those that do, their entries (which executor
// reported, when last). An entry by the successor of a liquidated executor counts for it.
import { overlapsYear } from '../domain/period';
import type { ViewReader } from '../projections/view-store';
import type { ExecutorDoc, MeasureDoc } from './documents';
import { activeEntries, getExecutors, getMeasures, getPlanHeader, type PageRequest, successorChain } from './queries';

export interface ExecutorProgress {
  executorId: string;
  nameInPlan: string;
  /** null when the directory does not know the executor. */
  party: string | null;
  status: 'active' | 'liquidated' | 'unknown';
  /** Entries for the year by this executor or its successors, not withdrawn. */
  entries: number;
  /** When the last of them was reported (ISO instant), null when none. */
  lastReportedAt: string | null;
}

export interface MeasureProgress {
  number: string;
  sectionNumber: string;
  title: string;
  term: string;
  /** The year lies within the measure's term: a missing entry is a gap, not expected. */
  due: boolean;
  /** Entries for the year (the executors shown, or all when no party is asked for). */
  entries: number;
  executors: ExecutorProgress[];
}

export interface PlanProgress {
  planId: string;
  year: number;
  party: string | null;
  measures: MeasureProgress[];
  /** The next page's `after` (a measure number), null on the last page. */
  next: string | null;
}

/** A page of the plan's measures with, for each executor it names, whether it reported for the year. */
export async function planProgress(
  views: ViewReader,
  planId: string,
  year: number,
  options: PageRequest & { party?: string | undefined } = {},
): Promise<PlanProgress> {
  await getPlanHeader(views, planId);
  const page = await getMeasures(views, planId, { after: options.after, limit: options.limit });
  const directory = await getExecutors(
    views,
    page.items.flatMap((m) => m.executors.map((x) => x.executorId)),
  );
  const party = options.party ?? null;
  const measures: MeasureProgress[] = [];
  for (const measure of page.items) {
    const named = measure.executors.filter((x) => party === null || directory.get(x.executorId)?.party === party);
    if (named.length === 0) continue;
    measures.push(await measureProgress(views, measure, named, directory, year));
  }
  return { planId, year, party, measures, next: page.next };
}

async function measureProgress(
  views: ViewReader,
  measure: MeasureDoc,
  named: MeasureDoc['executors'],
  directory: Map<string, ExecutorDoc>,
  year: number,
): Promise<MeasureProgress> {
  // Only measures with entries touching the year are read entry by entry.
  const entries =
    (measure.entriesByYear[String(year)] ?? 0) > 0
      ? (await activeEntries(views, measure.planId, measure.number)).filter((e) => overlapsYear(e.period, year))
      : [];
  const executors: ExecutorProgress[] = [];
  for (const x of named) {
    const doc = directory.get(x.executorId);
    const reporters = new Set([x.executorId]);
    if (doc) for (const next of await successorChain(views, doc)) reporters.add(next.executorId);
    const own = entries.filter((e) => reporters.has(e.executorId));
    executors.push({
      executorId: x.executorId,
      nameInPlan: x.nameInPlan,
      party: doc?.party ?? null,
      status: doc?.status ?? 'unknown',
      entries: own.length,
      lastReportedAt: own.reduce<string | null>(
        (last, e) => (last === null || e.reportedAt > last ? e.reportedAt : last),
        null,
      ),
    });
  }
  return {
    number: measure.number,
    sectionNumber: measure.sectionNumber,
    title: measure.title,
    term: measure.term,
    due: year >= measure.fromYear && year <= measure.toYear,
    entries: named.length === measure.executors.length ? entries.length : executors.reduce((n, x) => n + x.entries, 0),
    executors,
  };
}
