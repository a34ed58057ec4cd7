// The plan view and the measure view as the API and the pages show them: the plan's
// wording of executors joined with their current name and status, one page at a time.
import type { ViewReader } from '../projections/view-store';
import type { EntryDoc, ExecutorDoc, MeasureDoc } from './documents';
import {
  getEntries,
  getExecutors,
  getMeasure,
  getMeasures,
  getPlanHeader,
  getPlanSummary,
  getSections,
} from './queries';
import type { MeasureBody } from './responses';

function measureBody(measure: MeasureDoc, executors: Map<string, ExecutorDoc>): MeasureBody {
  return {
    number: measure.number,
    sectionNumber: measure.sectionNumber,
    title: measure.title,
    term: measure.term,
    fromYear: measure.fromYear,
    toYear: measure.toYear,
    executors: measure.executors.map((x) => {
      const current = executors.get(x.executorId);
      return {
        executorId: x.executorId,
        nameInPlan: x.nameInPlan,
        currentName: current?.fullName ?? null,
        status: current?.status ?? 'unknown',
        successorId: current?.liquidation?.successorId ?? null,
      };
    }),
    entryCount: measure.entryCount,
    withdrawnCount: measure.withdrawnCount,
    entriesByYear: measure.entriesByYear,
    version: measure.version,
    lastEventPosition: measure.position,
  };
}

export interface PlanViewOptions {
  /** Measures after this number (natural order), for paging large plans. */
  after?: string | undefined;
  limit?: number | undefined;
}

/** The plan with one page of its measures (their entries are read per measure, paged). */
export async function planView(views: ViewReader, planId: string, options: PlanViewOptions = {}) {
  const header = await getPlanHeader(views, planId);
  const [summary, sections, measures] = await Promise.all([
    getPlanSummary(views, planId),
    getSections(views, planId),
    getMeasures(views, planId, { after: options.after, limit: options.limit }),
  ]);
  const executors = await getExecutors(
    views,
    measures.items.flatMap((m) => m.executors.map((x) => x.executorId)),
  );
  return {
    plan: {
      planId: header.planId,
      title: header.title,
      reportTitle: header.reportTitle,
      parties: header.parties,
      fromYear: header.fromYear,
      toYear: header.toYear,
      createdAt: header.createdAt,
    },
    sections: sections.map((section) => ({
      number: section.number,
      title: section.title,
      measures: measures.items.filter((m) => m.sectionNumber === section.number).map((m) => measureBody(m, executors)),
    })),
    measureCount: summary?.measureCount ?? 0,
    nextAfter: measures.next,
  };
}

/** One measure with a page of its entries (active and withdrawn, in the order reported). */
export async function measureView(
  views: ViewReader,
  planId: string,
  number: string,
  page: { after?: number | undefined; limit?: number | undefined } = {},
): Promise<MeasureBody & { planId: string; entries: EntryDoc[]; nextAfter: number | null }> {
  const measure = await getMeasure(views, planId, number);
  const [executors, entries] = await Promise.all([
    getExecutors(
      views,
      measure.executors.map((x) => x.executorId),
    ),
    getEntries(views, planId, number, page),
  ]);
  return { planId, ...measureBody(measure, executors), entries: entries.items, nextAfter: entries.next };
}
