// Reads over the views, shared by the API, the report and as-of replays: the same
// functions whether the views live in DynamoDB or were replayed into memory.

import { NotFoundError } from '../errors';
import type { QueryOptions, ViewReader } from '../projections/view-store';
import { compareNatural } from '../projections/view-store';
import {
  type EntryDoc,
  type ExecutorDoc,
  type HistoryDoc,
  viewKeys as K,
  type MeasureDoc,
  type PlanHeaderDoc,
  type PlanSummaryDoc,
  type WorklistDoc,
} from './documents';

const as = <T>(doc: unknown) => doc as T;

export async function listPlans(views: ViewReader): Promise<PlanSummaryDoc[]> {
  return (await views.query(K.plans())).map((item) => as<PlanSummaryDoc>(item.doc));
}

export async function getPlanHeader(views: ViewReader, planId: string): Promise<PlanHeaderDoc> {
  const doc = await views.get(K.plan(planId), K.header);
  if (!doc) throw new NotFoundError('plan_not_found', `There is no plan ${planId}.`, { planId });
  return as<PlanHeaderDoc>(doc);
}

/** The plan's measures in natural number order; `page` reads only a run of them (sk is measureSk). */
export async function getMeasures(views: ViewReader, planId: string, page: QueryOptions = {}): Promise<MeasureDoc[]> {
  const items = await views.query(K.plan(planId), K.measurePrefix, page);
  return items.map((item) => as<MeasureDoc>(item.doc));
}

export async function getMeasure(views: ViewReader, planId: string, number: string): Promise<MeasureDoc> {
  const doc = await views.get(K.plan(planId), K.measureSk(number));
  if (!doc)
    throw new NotFoundError('measure_not_found', `Plan ${planId} has no measure ${number}.`, { planId, number });
  return as<MeasureDoc>(doc);
}

export async function getMeasureHistory(views: ViewReader, planId: string, number: string): Promise<HistoryDoc[]> {
  return (await views.query(K.history(planId, number))).map((item) => as<HistoryDoc>(item.doc));
}

export async function listExecutors(views: ViewReader): Promise<ExecutorDoc[]> {
  return (await views.query(K.executors())).map((item) => as<ExecutorDoc>(item.doc));
}

export async function getExecutor(views: ViewReader, executorId: string): Promise<ExecutorDoc> {
  const doc = await views.get(K.executors(), executorId);
  if (!doc) throw new NotFoundError('executor_not_found', `There is no executor ${executorId}.`, { executorId });
  return as<ExecutorDoc>(doc);
}

/** Entries a reader sees: withdrawn ones left out, in the order they were reported. */
export function activeEntries(measure: MeasureDoc): EntryDoc[] {
  return measure.entries.filter((entry) => entry.withdrawn === null).sort((a, b) => a.position - b.position);
}

/** The executors that follow this one: its successor, the successor's successor, … */
export async function successorChain(views: ViewReader, executor: ExecutorDoc): Promise<ExecutorDoc[]> {
  const chain: ExecutorDoc[] = [];
  const seen = new Set([executor.executorId]);
  let next = executor.liquidation?.successorId ?? null;
  while (next && !seen.has(next)) {
    seen.add(next);
    const doc = as<ExecutorDoc | null>(await views.get(K.executors(), next));
    if (!doc) break;
    chain.push(doc);
    next = doc.liquidation?.successorId ?? null;
  }
  return chain;
}

/** This executor and every executor it succeeded, directly or through others. */
export async function predecessorsClosure(views: ViewReader, executor: ExecutorDoc): Promise<ExecutorDoc[]> {
  const out: ExecutorDoc[] = [executor];
  const seen = new Set([executor.executorId]);
  for (let i = 0; i < out.length; i++) {
    for (const id of out[i]!.predecessors) {
      if (seen.has(id)) continue;
      seen.add(id);
      const doc = as<ExecutorDoc | null>(await views.get(K.executors(), id));
      if (doc) out.push(doc);
    }
  }
  return out;
}

export interface WorklistItem {
  planId: string;
  number: string;
  title: string;
  term: string;
  /** `direct` when the executor is named in the plan, else the predecessor it took over from. */
  via: { kind: 'direct' } | { kind: 'successor'; of: string };
  entriesByYear: Record<string, number>;
  missingForYear: boolean;
  position: number;
}

export async function getWorklist(views: ViewReader, executorId: string, currentYear: number): Promise<WorklistItem[]> {
  const executor = await getExecutor(views, executorId);
  const items: WorklistItem[] = [];
  const seen = new Set<string>();
  for (const holder of await predecessorsClosure(views, executor)) {
    for (const { doc } of await views.query(K.worklist(holder.executorId))) {
      const ref = as<WorklistDoc>(doc);
      const key = `${ref.planId}#${ref.number}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const measure = as<MeasureDoc | null>(await views.get(K.plan(ref.planId), K.measureSk(ref.number)));
      if (!measure) continue;
      const entriesByYear: Record<string, number> = {};
      for (const entry of activeEntries(measure)) {
        for (const year of entryYears(entry)) entriesByYear[year] = (entriesByYear[year] ?? 0) + 1;
      }
      items.push({
        planId: measure.planId,
        number: measure.number,
        title: measure.title,
        term: measure.term,
        via: holder.executorId === executorId ? { kind: 'direct' } : { kind: 'successor', of: holder.executorId },
        entriesByYear,
        missingForYear:
          currentYear >= measure.fromYear && currentYear <= measure.toYear && !entriesByYear[String(currentYear)],
        position: measure.position,
      });
    }
  }
  return items.sort((a, b) =>
    a.planId === b.planId ? compareNatural(a.number, b.number) : a.planId < b.planId ? -1 : 1,
  );
}

/** The calendar years an entry's period touches (its own year when undated). */
export function entryYears(entry: Pick<EntryDoc, 'period'>): string[] {
  const p = entry.period;
  switch (p.kind) {
    case 'none':
    case 'month':
      return [String(p.year)];
    case 'day':
      return [p.date.slice(0, 4)];
    case 'range': {
      const years: string[] = [];
      for (let y = Number(p.from.slice(0, 4)); y <= Number(p.to.slice(0, 4)); y++) years.push(String(y));
      return years;
    }
  }
}
