// Reads over the views, shared by the API, the report, the pages and as-of replays: the
// same functions whether the views live in DynamoDB or were replayed into memory. Every
// collection is read a page at a time; the whole of one only where the caller needs it
// whole (a report's entries of one measure, the names of one executor).
import { overlapsYear } from '../domain/period';
import { NotFoundError } from '../errors';
import { compareNatural, naturalKey, type ViewReader } from '../projections/view-store';
import {
  type DocKind,
  Docs,
  type EntryDoc,
  type ExecutorDoc,
  type ExecutorNameDoc,
  type HistoryDoc,
  viewKeys as K,
  type MeasureDoc,
  type PlanHeaderDoc,
  type PlanSummaryDoc,
  type ProgressDoc,
  positionKey,
  type SectionDoc,
} from './documents';
import type { WorklistItem } from './responses';

export interface PageRequest {
  /** The sort key after which the page starts (exclusive); it need not exist. */
  after?: string | undefined;
  limit?: number | undefined;
}

export interface Page<T> {
  items: T[];
  /** The sort key to pass as `after` for the next page, or null at the end. */
  next: string | null;
}

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

async function page<T>(views: ViewReader, kind: DocKind<T>, pk: string, prefix: string, request: PageRequest = {}) {
  const limit = Math.min(Math.max(1, request.limit ?? DEFAULT_PAGE), MAX_PAGE);
  // One more than asked: whether another page follows.
  const read = await views.query(pk, prefix, { after: request.after, limit: limit + 1 });
  const items = read.slice(0, limit);
  return {
    items: items.map((item) => kind.read(item.doc)),
    next: read.length > limit ? (items[items.length - 1]?.sk ?? null) : null,
  };
}

async function all<T>(views: ViewReader, kind: DocKind<T>, pk: string, prefix = ''): Promise<T[]> {
  const out: T[] = [];
  for (let after: string | undefined, more = true; more; ) {
    const next = await page(views, kind, pk, prefix, { after, limit: MAX_PAGE });
    out.push(...next.items);
    more = next.next !== null;
    after = next.next ?? undefined;
  }
  return out;
}

async function one<T>(views: ViewReader, kind: DocKind<T>, pk: string, sk: string): Promise<T | null> {
  const doc = await views.get(pk, sk);
  return doc ? kind.read(doc) : null;
}

export async function listPlans(views: ViewReader, request: PageRequest = {}): Promise<Page<PlanSummaryDoc>> {
  return page(views, Docs.planSummary, K.plans(), '', request);
}

export function getPlanSummary(views: ViewReader, planId: string): Promise<PlanSummaryDoc | null> {
  return one(views, Docs.planSummary, K.plans(), planId);
}

export async function getPlanHeader(views: ViewReader, planId: string): Promise<PlanHeaderDoc> {
  const doc = await one(views, Docs.planHeader, K.plan(planId), K.header);
  if (!doc) throw new NotFoundError('plan_not_found', `There is no plan ${planId}.`, { planId });
  return doc;
}

/** The plan's sections in natural number order. */
export function getSections(views: ViewReader, planId: string): Promise<SectionDoc[]> {
  return all(views, Docs.section, K.plan(planId), K.sectionPrefix);
}

/** A page of the plan's measures in natural number order; `after` is a measure number. */
export async function getMeasures(
  views: ViewReader,
  planId: string,
  request: { after?: string | undefined; limit?: number | undefined } = {},
): Promise<Page<MeasureDoc>> {
  const after = request.after === undefined ? undefined : K.measureSk(request.after);
  const result = await page(views, Docs.measure, K.plan(planId), K.measurePrefix, { after, limit: request.limit });
  return { items: result.items, next: result.next === null ? null : (result.items.at(-1)?.number ?? null) };
}

export async function allMeasures(views: ViewReader, planId: string): Promise<MeasureDoc[]> {
  return (await all(views, Docs.measure, K.plan(planId), K.measurePrefix)).sort((a, b) =>
    compareNatural(a.number, b.number),
  );
}

export async function getMeasure(views: ViewReader, planId: string, number: string): Promise<MeasureDoc> {
  const doc = await one(views, Docs.measure, K.plan(planId), K.measureSk(number));
  if (!doc)
    throw new NotFoundError('measure_not_found', `Plan ${planId} has no measure ${number}.`, { planId, number });
  return doc;
}

/** A page of a measure's entries in the order reported (withdrawn ones included); `after` is a position. */
export async function getEntries(
  views: ViewReader,
  planId: string,
  number: string,
  request: { after?: number | undefined; limit?: number | undefined } = {},
): Promise<{ items: EntryDoc[]; next: number | null }> {
  const after = request.after === undefined ? undefined : positionKey(request.after);
  const result = await page(views, Docs.entry, K.entries(planId, number), '', { after, limit: request.limit });
  return { items: result.items, next: result.next === null ? null : Number(result.next) };
}

/** A measure's entries not withdrawn, in the order reported: what a report shows. */
export async function activeEntries(views: ViewReader, planId: string, number: string): Promise<EntryDoc[]> {
  return (await all(views, Docs.entry, K.entries(planId, number))).filter((entry) => entry.withdrawn === null);
}

export async function getEntry(
  views: ViewReader,
  planId: string,
  number: string,
  reportId: string,
): Promise<EntryDoc | null> {
  const ref = await one(views, Docs.entryRef, K.entryRefs(planId, number), reportId);
  return ref ? one(views, Docs.entry, K.entries(planId, number), positionKey(ref.position)) : null;
}

/** A page of the events of a measure; `after` is a position. */
export async function getMeasureHistory(
  views: ViewReader,
  planId: string,
  number: string,
  request: { after?: number | undefined; limit?: number | undefined } = {},
): Promise<{ items: HistoryDoc[]; next: number | null }> {
  const after = request.after === undefined ? undefined : positionKey(request.after);
  const result = await page(views, Docs.history, K.history(planId, number), '', { after, limit: request.limit });
  return { items: result.items, next: result.next === null ? null : Number(result.next) };
}

export async function listExecutors(views: ViewReader, request: PageRequest = {}): Promise<Page<ExecutorDoc>> {
  return page(views, Docs.executor, K.executors(), '', request);
}

export async function allExecutors(views: ViewReader): Promise<ExecutorDoc[]> {
  return all(views, Docs.executor, K.executors());
}

export function findExecutor(views: ViewReader, executorId: string): Promise<ExecutorDoc | null> {
  return one(views, Docs.executor, K.executors(), executorId);
}

export async function getExecutor(views: ViewReader, executorId: string): Promise<ExecutorDoc> {
  const doc = await findExecutor(views, executorId);
  if (!doc) throw new NotFoundError('executor_not_found', `There is no executor ${executorId}.`, { executorId });
  return doc;
}

/** The named executors that exist, by id: one batched read. */
export async function getExecutors(
  views: ViewReader,
  executorIds: Iterable<string>,
): Promise<Map<string, ExecutorDoc>> {
  const ids = [...new Set(executorIds)];
  const docs = await views.getMany(ids.map((id) => ({ pk: K.executors(), sk: id })));
  const found = new Map<string, ExecutorDoc>();
  docs.forEach((doc, i) => {
    if (doc) found.set(ids[i]!, Docs.executor.read(doc));
  });
  return found;
}

/** An executor's names in the order they took effect: registered, then each rename. */
export function executorNames(views: ViewReader, executorId: string): Promise<ExecutorNameDoc[]> {
  return all(views, Docs.executorName, K.names(executorId));
}

export async function predecessorsOf(views: ViewReader, executorId: string): Promise<string[]> {
  return (await all(views, Docs.predecessor, K.predecessors(executorId))).map((p) => p.executorId);
}

/** The executors that follow this one: its successor, the successor's successor, … */
export async function successorChain(views: ViewReader, executor: ExecutorDoc): Promise<ExecutorDoc[]> {
  const chain: ExecutorDoc[] = [];
  const seen = new Set([executor.executorId]);
  let next = executor.liquidation?.successorId ?? null;
  while (next && !seen.has(next)) {
    seen.add(next);
    const doc = await findExecutor(views, next);
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
    for (const id of await predecessorsOf(views, out[i]!.executorId)) {
      if (seen.has(id)) continue;
      seen.add(id);
      const doc = await findExecutor(views, id);
      if (doc) out.push(doc);
    }
  }
  return out;
}

export async function getWorklist(views: ViewReader, executorId: string, year: number): Promise<WorklistItem[]> {
  const executor = await getExecutor(views, executorId);
  const items: WorklistItem[] = [];
  const seen = new Set<string>();
  for (const holder of await predecessorsClosure(views, executor)) {
    for (const ref of await all(views, Docs.worklist, K.worklist(holder.executorId))) {
      const key = `${ref.planId}#${ref.number}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const measure = await one(views, Docs.measure, K.plan(ref.planId), K.measureSk(ref.number));
      if (!measure) continue;
      items.push({
        planId: measure.planId,
        number: measure.number,
        title: measure.title,
        term: measure.term,
        via: holder.executorId === executorId ? { kind: 'direct' } : { kind: 'successor', of: holder.executorId },
        entriesByYear: measure.entriesByYear,
        missingForYear: year >= measure.fromYear && year <= measure.toYear && !measure.entriesByYear[String(year)],
        position: measure.position,
      });
    }
  }
  return items.sort((a, b) =>
    a.planId === b.planId ? compareNatural(a.number, b.number) : a.planId < b.planId ? -1 : 1,
  );
}

/**
 * Measures of `planIds` where one of `executorIds` has live entries touching `year` while the
 * measure no longer names it (the coordinator took it off after it reported): where an agency
 * still reaches its own entries, to correct or withdraw them. Reads each plan's progress rows
 * (one per measure and reporter), so it is bounded by the plans an agency works in.
 */
/**
 * The plans whose period holds `year`, within `scope` when the key is limited to plans: where
 * an agency taken off its measures may still have entries of the year (see formerMeasures).
 */
export async function plansOfYear(views: ViewReader, year: number, scope?: readonly string[]): Promise<string[]> {
  const plans = scope
    ? (await Promise.all(scope.map((planId) => getPlanSummary(views, planId)))).filter((p) => p !== null)
    : await all(views, Docs.planSummary, K.plans());
  return plans.filter((p) => p.fromYear <= year && year <= p.toYear).map((p) => p.planId);
}

export async function formerMeasures(
  views: ViewReader,
  planIds: readonly string[],
  executorIds: ReadonlySet<string>,
  year: number,
  named: ReadonlySet<string>,
): Promise<Array<{ planId: string; number: string; title: string; entries: number }>> {
  const out: Array<{ planId: string; number: string; title: string; entries: number }> = [];
  for (const planId of new Set(planIds)) {
    const counts = new Map<string, number>();
    for (const row of await all(views, Docs.progress, K.progress(planId))) {
      const entries = row.years[String(year)]?.entries ?? 0;
      if (entries === 0 || !executorIds.has(row.executorId) || named.has(`${planId}#${row.number}`)) continue;
      counts.set(row.number, (counts.get(row.number) ?? 0) + entries);
    }
    for (const [number, entries] of counts) {
      const measure = await one(views, Docs.measure, K.plan(planId), K.measureSk(number));
      if (measure) out.push({ planId, number, title: measure.title, entries });
    }
  }
  return out.sort((a, b) =>
    a.planId === b.planId ? compareNatural(a.number, b.number) : a.planId < b.planId ? -1 : 1,
  );
}

/**
 * The progress rows (one per measure and reporting executor) of the measures from
 * `first` to `last` in natural order: what a page of measures needs, read as one range.
 */
export async function progressRows(
  views: ViewReader,
  planId: string,
  first: string,
  last: string,
): Promise<ProgressDoc[]> {
  const end = naturalKey(last);
  const out: ProgressDoc[] = [];
  // The rows of `first` sort right after its natural key (`<key>#<executorId>`).
  for (let after: string | undefined = naturalKey(first), more = true; more; ) {
    const read = await views.query(K.progress(planId), '', { after, limit: MAX_PAGE });
    for (const item of read) {
      const measureKey = item.sk.slice(0, item.sk.indexOf('#'));
      if (measureKey > end) return out;
      out.push(Docs.progress.read(item.doc));
    }
    more = read.length === MAX_PAGE;
    after = read.at(-1)?.sk;
  }
  return out;
}

export function listApiKeys(views: ViewReader, request: PageRequest = {}) {
  return page(views, Docs.apiKey, K.apiKeys(), '', request);
}

/**
 * A measure's entries whose period touches `year` (withdrawn ones included), in the order
 * reported: up to `want` of them, reading at most `budget` entries; `next` resumes after
 * the last entry read (a position), null at the end.
 */
export async function entriesForYear(
  views: ViewReader,
  planId: string,
  number: string,
  year: number,
  request: { after?: number | undefined; want?: number; budget?: number } = {},
): Promise<{ items: EntryDoc[]; next: number | null }> {
  const want = Math.min(Math.max(1, request.want ?? 50), MAX_PAGE);
  const budget = Math.max(want, request.budget ?? 500);
  const items: EntryDoc[] = [];
  let after = request.after;
  for (let read = 0; ; ) {
    const page = await getEntries(views, planId, number, { after, limit: Math.min(DEFAULT_PAGE, budget - read) });
    read += page.items.length;
    for (const [index, entry] of page.items.entries()) {
      if (!overlapsYear(entry.period, year)) continue;
      items.push(entry);
      if (items.length === want) {
        const last = index === page.items.length - 1 && page.next === null;
        return { items, next: last ? null : entry.position };
      }
    }
    if (page.next === null) return { items, next: null };
    after = page.next;
    if (read >= budget) return { items, next: after };
  }
}
