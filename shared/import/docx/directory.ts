// What the reader matches a Word report against: the executor directory and the plans
// with their measures, as the views hold them, indexed by every name an executor has
// had: the name each plan prints, its current name, its earlier names and short forms.
// A corrected entry also brings the texts it had before, as digests, so that a file
// printed before the correction finds it.
import { createHash } from 'node:crypto';
import { EVENT_SCHEMA_VERSIONS, type Period, parseEventData, yearsOverlapped } from '../../domain';
import type { ViewReader } from '../../projections/view-store';
import type {
  EntryDoc,
  ExecutorDoc,
  ExecutorNameDoc,
  MeasureDoc,
  PlanHeaderDoc,
  SectionDoc,
} from '../../views/documents';
import {
  allExecutors,
  allMeasures,
  executorNames,
  getEntries,
  getMeasureHistory,
  getPlanHeader,
  getSections,
  listPlans,
  MAX_PAGE,
} from '../../views/queries';
import { flat, nameKey } from './text';

/** An executor with every name it has had, in the order they took effect. */
export type DirectoryExecutor = ExecutorDoc & { names: ExecutorNameDoc[] };
/**
 * A text an entry had before a correction, with the period it had then: the digest of the
 * text (whitespace collapsed) and the years the period touched (the reports it was in).
 */
export interface EarlierText {
  reportId: string;
  digest: string;
  years: number[];
}

/**
 * A measure with all its entries, withdrawn ones included, and every text its corrected
 * entries had before (as digests: a text may be 10,000 characters, corrections are many).
 */
export type DirectoryMeasure = MeasureDoc & { entries: EntryDoc[]; earlierTexts: EarlierText[] };

export interface DirectoryPlan {
  header: PlanHeaderDoc;
  sections: SectionDoc[];
  measures: DirectoryMeasure[];
}

export interface Directory {
  executors: DirectoryExecutor[];
  plans: DirectoryPlan[];
}

export const EMPTY_DIRECTORY: Directory = { executors: [], plans: [] };

async function allEntries(views: ViewReader, planId: string, number: string): Promise<EntryDoc[]> {
  const entries: EntryDoc[] = [];
  for (let after: number | undefined, more = true; more; ) {
    const page = await getEntries(views, planId, number, { after, limit: MAX_PAGE });
    entries.push(...page.items);
    more = page.next !== null;
    after = page.next ?? undefined;
  }
  return entries;
}

/** What an entry's text is compared by: SHA-256 of the text with whitespace collapsed. */
export function textKeyDigest(text: string): string {
  return createHash('sha256').update(flat(text), 'utf8').digest('hex');
}

/**
 * A measure event as the history keeps it (its data as recorded, of whatever schema version
 * it was written in), read at the newest version it fits: old streams read as the log does.
 */
function readHistoryEvent(type: string, data: unknown) {
  if (type !== 'ExecutionReported' && type !== 'ExecutionCorrected') return null;
  for (let version = EVENT_SCHEMA_VERSIONS[type]; version >= 1; version--) {
    try {
      return parseEventData(type, version, data);
    } catch {
      // an older shape: try the version before
    }
  }
  return null;
}

/**
 * Every text and period the corrected entries of a measure had before their current ones,
 * read from the measure's history (its ExecutionReported and ExecutionCorrected events,
 * from the first corrected entry on). Measures without a correction cost nothing.
 */
async function earlierTexts(
  views: ViewReader,
  planId: string,
  number: string,
  entries: EntryDoc[],
): Promise<EarlierText[]> {
  const corrected = entries.filter((entry) => entry.corrections > 0);
  if (corrected.length === 0) return [];
  const ids = new Set(corrected.map((entry) => entry.reportId));
  const current = new Set(corrected.map((entry) => versionKey(entry.reportId, entry.text, entry.period)));
  const versions = new Map<string, { text: string; period: Period }>();
  const seen = new Set<string>();
  const texts: EarlierText[] = [];
  const from = corrected.reduce((least, entry) => Math.min(least, entry.position), Number.POSITIVE_INFINITY);
  for (let after: number | undefined = from > 0 ? from - 1 : undefined, more = true; more; ) {
    const page = await getMeasureHistory(views, planId, number, { after, limit: MAX_PAGE });
    for (const { type, data } of page.items) {
      const event = readHistoryEvent(type, data);
      if (!event || (event.type !== 'ExecutionReported' && event.type !== 'ExecutionCorrected')) continue;
      const { reportId } = event.data;
      if (!ids.has(reportId)) continue;
      const before = versions.get(reportId);
      const version =
        event.type === 'ExecutionReported'
          ? { text: event.data.text, period: event.data.period }
          : before && { text: event.data.text ?? before.text, period: event.data.period ?? before.period };
      if (!version) continue;
      versions.set(reportId, version);
      const key = versionKey(reportId, version.text, version.period);
      if (current.has(key) || seen.has(key)) continue;
      seen.add(key);
      texts.push({ reportId, digest: textKeyDigest(version.text), years: yearsOverlapped(version.period) });
    }
    more = page.next !== null;
    after = page.next ?? undefined;
  }
  return texts;
}

function versionKey(reportId: string, text: string, period: Period): string {
  return `${reportId}#${textKeyDigest(text)}#${yearsOverlapped(period).join(',')}`;
}

/** Everything an import is matched against, read whole: imports are rare and offline-sized. */
export async function readDirectory(views: ViewReader): Promise<Directory> {
  const executors: DirectoryExecutor[] = [];
  for (const executor of await allExecutors(views)) {
    executors.push({ ...executor, names: await executorNames(views, executor.executorId) });
  }
  const plans: DirectoryPlan[] = [];
  for (let after: string | undefined, more = true; more; ) {
    const page = await listPlans(views, { after, limit: MAX_PAGE });
    for (const summary of page.items) {
      const measures: DirectoryMeasure[] = [];
      for (const measure of await allMeasures(views, summary.planId)) {
        const entries = await allEntries(views, summary.planId, measure.number);
        const earlier = await earlierTexts(views, summary.planId, measure.number, entries);
        measures.push({ ...measure, entries, earlierTexts: earlier });
      }
      plans.push({
        header: await getPlanHeader(views, summary.planId),
        sections: await getSections(views, summary.planId),
        measures,
      });
    }
    more = page.next !== null;
    after = page.next ?? undefined;
  }
  return { executors, plans };
}

export type NameMatch =
  | { kind: 'one'; executorId: string }
  | { kind: 'many'; executorIds: string[] }
  | { kind: 'none' };

/** Executors by every name they are known by; a name two executors share matches both. */
export class NameIndex {
  private readonly byKey = new Map<string, Set<string>>();
  readonly executors = new Map<string, DirectoryExecutor>();

  constructor(directory: Directory) {
    for (const executor of directory.executors) {
      this.executors.set(executor.executorId, executor);
      this.add(executor.fullName, executor.executorId);
      if (executor.shortName) this.add(executor.shortName, executor.executorId);
      for (const name of executor.names) {
        this.add(name.name, executor.executorId);
        if (name.shortName) this.add(name.shortName, executor.executorId);
      }
    }
    for (const plan of directory.plans) {
      for (const measure of plan.measures) {
        for (const assignment of measure.executors) this.add(assignment.nameInPlan, assignment.executorId);
      }
    }
  }

  private add(name: string, executorId: string): void {
    const key = nameKey(name);
    const ids = this.byKey.get(key) ?? new Set<string>();
    ids.add(executorId);
    this.byKey.set(key, ids);
  }

  match(name: string): NameMatch {
    const ids = [...(this.byKey.get(nameKey(name)) ?? [])].sort();
    if (ids.length === 0) return { kind: 'none' };
    if (ids.length === 1) return { kind: 'one', executorId: ids[0]! };
    return { kind: 'many', executorIds: ids };
  }
}
