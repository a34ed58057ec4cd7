// The plan view and the measure view as the API returns them: the plan's wording
// of executors joined with their current name and status.
import type { ViewReader } from '../projections/view-store';
import { compareNatural } from '../projections/view-store';
import type { ExecutorDoc, MeasureDoc, PlanSummaryDoc } from './documents';
import { viewKeys } from './documents';
import { activeEntries, getMeasure, getMeasureHistory, getMeasures, getPlanHeader } from './queries';

async function executorIndex(views: ViewReader): Promise<Map<string, ExecutorDoc>> {
  const map = new Map<string, ExecutorDoc>();
  for (const { sk, doc } of await views.query(viewKeys.executors())) map.set(sk, doc as unknown as ExecutorDoc);
  return map;
}

function measureBody(measure: MeasureDoc, executors: Map<string, ExecutorDoc>) {
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
    entries: activeEntries(measure),
    version: measure.version,
    lastEventPosition: measure.position,
  };
}

export interface PlanViewOptions {
  /** Return measures after this number (natural order), for paging large plans. */
  after?: string | undefined;
  limit?: number | undefined;
}

export async function planView(views: ViewReader, planId: string, options: PlanViewOptions = {}) {
  const header = await getPlanHeader(views, planId);
  const summary = (await views.get(viewKeys.plans(), planId)) as PlanSummaryDoc | null;
  const executors = await executorIndex(views);
  const after = options.after;
  const limit = Math.max(1, options.limit ?? 500);
  // Reads one page (and one measure more, to know whether another page follows), not the
  // whole plan: a plan of 1,000 measures is megabytes.
  const read = await getMeasures(views, planId, {
    after: after === undefined ? undefined : viewKeys.measureSk(after),
    limit: limit + 1,
  });
  const from = read
    .filter((m) => after === undefined || compareNatural(m.number, after) > 0)
    .sort((a, b) => compareNatural(a.number, b.number));
  const page = from.slice(0, limit);
  const sections = [...header.sections]
    .sort((a, b) => compareNatural(a.number, b.number))
    .map((section) => ({
      ...section,
      measures: page.filter((m) => m.sectionNumber === section.number).map((m) => measureBody(m, executors)),
    }));
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
    sections,
    measureCount: summary?.measureCount ?? 0,
    nextAfter: from.length > limit ? page[page.length - 1]!.number : null,
  };
}

export async function measureView(views: ViewReader, planId: string, number: string) {
  const measure = await getMeasure(views, planId, number);
  const executors = await executorIndex(views);
  const history = await getMeasureHistory(views, planId, number);
  return {
    planId,
    ...measureBody(measure, executors),
    withdrawnEntries: measure.entries.filter((e) => e.withdrawn !== null),
    history,
  };
}
