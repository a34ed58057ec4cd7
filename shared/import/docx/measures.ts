// The measures of a Word report: one the plan has is kept exactly as the plan has it
// (differences are reported, never applied); a new one takes its title, term and
// executors from the file, its years from the term («2021-2023 годы»). In the joint
// report a measure of several parties has an executor cell per party, headed by the
// party's name: that heading is the party of the cell's executors, not an executor (in a
// lone cell too).

import { MAX_EXECUTORS_PER_MEASURE, MAX_SHORT_TEXT_LENGTH, MAX_TITLE_LENGTH } from '../../domain/limits';
import { normaliseText, textProblem } from '../../domain/text';
import type { ImportMeasure } from '../document';
import type { DirectoryMeasure } from './directory';
import type { ExecutorResolver } from './executors';
import type { Findings } from './findings';
import { type ResolvedPlan, yearsIn } from './plan';
import type { DocxExecutorName, DocxMeasure } from './report-model';
import { nameKey } from './text';

/** One executor cell of the measure as read: the executors it names, and the party heading it. */
export interface DraftPart {
  ids: string[];
  party: string | null;
}

export interface MeasureDraft {
  source: DocxMeasure;
  existing: DirectoryMeasure | undefined;
  /** Who may be recorded as its entries' reporter: the plan's executors, or (a new measure) the file's. */
  executorIds: string[];
  /** The measure's executor cells (DocxExecutorName.part), each with the ids it names. */
  parts: DraftPart[];
  /** What differs from the plan so far (title, term); the executors are compared once the whole file is read. */
  differs: string[];
  out: ImportMeasure;
}

/**
 * The party a cell's first name stands for as its heading: a paragraph (without a mark)
 * that names a party exactly, or such a first line of a paragraph, the rest of which is
 * then the name.
 */
function partyHeading(
  printed: DocxExecutorName,
  executors: ExecutorResolver,
): { party: string; rest: DocxExecutorName | null } | null {
  const [line, ...more] = printed.lines;
  if (more.length === 0) {
    const party = printed.mark ? null : executors.partyNamed(printed.name);
    return party ? { party, rest: null } : null;
  }
  const party = line ? executors.partyNamed(line) : null;
  return party ? { party, rest: { ...printed, name: more.join(' '), lines: more } } : null;
}

/**
 * The executor names of a measure without the party headings: a cell's first line that
 * names a party exactly is its heading, in the joint report's cells of each party and in
 * a lone cell alike (a party's rows kept from a joint report, the heading left above them).
 */
function withoutHeadings(
  measure: DocxMeasure,
  executors: ExecutorResolver,
): { names: DocxExecutorName[]; parts: DraftPart[] } {
  const parts: DraftPart[] = Array.from({ length: measure.parts }, () => ({ ids: [], party: null }));
  const seen = new Set<number>();
  const names: DocxExecutorName[] = [];
  for (const printed of measure.executors) {
    const first = !seen.has(printed.part);
    seen.add(printed.part);
    const heading = first ? partyHeading(printed, executors) : null;
    if (!heading) {
      names.push(printed);
      continue;
    }
    const part = parts[printed.part];
    if (part) part.party = heading.party;
    if (heading.rest) names.push(heading.rest);
  }
  return { names, parts };
}

function measureYears(measure: DocxMeasure, plan: ResolvedPlan, findings: Findings): [number, number] {
  const years = yearsIn(measure.term);
  const { fromYear, toYear } = plan.fields;
  if (!years) {
    findings.add(
      'note',
      'term_without_years',
      measure.place,
      `The term «${measure.term}» names no year; measure ${measure.number} takes the plan's years ${fromYear}-${toYear}.`,
    );
    return [fromYear, toYear];
  }
  if (years[0] < fromYear || years[1] > toYear) {
    findings.add(
      'warning',
      'term_outside_plan',
      measure.place,
      `Measure ${measure.number} runs ${years[0]}-${years[1]}, outside the plan's ${fromYear}-${toYear}; the rules will refuse it.`,
    );
  }
  return years;
}

export function measureDraft(
  measure: DocxMeasure,
  plan: ResolvedPlan,
  executors: ExecutorResolver,
  marks: Map<string, Set<string>>,
  findings: Findings,
): MeasureDraft | null {
  const existing = plan.existing?.measures.find((m) => m.number === measure.number);
  const prefer = existing?.executors.map((x) => x.executorId) ?? [];
  const assignments: ImportMeasure['executors'] = [];
  const { names, parts } = withoutHeadings(measure, executors);
  for (const printed of names) {
    const part = parts[printed.part];
    const ids = executors.resolvePrinted(printed, prefer, part?.party ?? null);
    part?.ids.push(...ids);
    for (const id of ids) {
      if (printed.mark) marks.set(printed.mark, (marks.get(printed.mark) ?? new Set()).add(id));
      if (assignments.some((a) => a.executorId === id)) continue;
      const fullName = executors.directoryDoc(id)?.fullName;
      const asPrinted = ids.length === 1 ? printed.name : (printed.lines[ids.indexOf(id)] ?? printed.name);
      const nameInPlan = fullName && nameKey(fullName) !== nameKey(asPrinted) ? { nameInPlan: asPrinted } : {};
      assignments.push({ executorId: id, ...nameInPlan });
      const liquidated = executors.directoryDoc(id)?.liquidation;
      if (!existing && liquidated) {
        findings.add(
          'warning',
          'executor_liquidated',
          printed.place,
          `${id} was liquidated on ${liquidated.effectiveDate}; the rules refuse a new measure that names it.`,
        );
      }
    }
  }
  if (existing) return existingDraft(measure, existing, parts, executors);
  const problem = !measure.title
    ? 'has no title'
    : measure.title.length > MAX_TITLE_LENGTH
      ? `has a title longer than ${MAX_TITLE_LENGTH} characters`
      : textProblem(normaliseText(measure.title))
        ? `has a title the ledger refuses (it ${textProblem(normaliseText(measure.title))})`
        : !measure.term
          ? 'has no term («Сроки проведения»)'
          : measure.term.length > MAX_SHORT_TEXT_LENGTH
            ? `has a term longer than ${MAX_SHORT_TEXT_LENGTH} characters`
            : textProblem(normaliseText(measure.term))
              ? `has a term the ledger refuses (it ${textProblem(normaliseText(measure.term))})`
              : assignments.length === 0
                ? 'has no executor that could be resolved'
                : assignments.length > MAX_EXECUTORS_PER_MEASURE
                  ? `names more than ${MAX_EXECUTORS_PER_MEASURE} executors`
                  : null;
  if (problem) {
    findings.add(
      'skipped',
      'measure_incomplete',
      measure.place,
      `Measure ${measure.number} ${problem}; skipped with its entries.`,
    );
    return null;
  }
  const [fromYear, toYear] = measureYears(measure, plan, findings);
  const out: ImportMeasure = {
    number: measure.number,
    title: measure.title,
    term: measure.term,
    fromYear,
    toYear,
    executors: assignments,
  };
  const executorIds = assignments.map((a) => a.executorId);
  return { source: measure, existing: undefined, executorIds, parts, differs: [], out };
}

/** A measure the plan has: kept as the plan has it; differences are reported (differsFromPlan), never applied. */
function existingDraft(
  measure: DocxMeasure,
  existing: DirectoryMeasure,
  parts: DraftPart[],
  executors: ExecutorResolver,
): MeasureDraft {
  const differs: string[] = [];
  if (nameKey(existing.title) !== nameKey(measure.title)) differs.push('title');
  if (nameKey(existing.term) !== nameKey(measure.term)) differs.push('term');
  const ids = existing.executors.map((x) => x.executorId);
  for (const id of ids) executors.include(id);
  const out: ImportMeasure = {
    number: existing.number,
    title: existing.title,
    term: existing.term,
    fromYear: existing.fromYear,
    toYear: existing.toYear,
    executors: existing.executors.map(({ executorId, nameInPlan }) => ({ executorId, nameInPlan })),
  };
  return { source: measure, existing, executorIds: ids, parts, differs, out };
}

/**
 * Reports each measure the plan has that the file shows otherwise. Its executors are
 * compared with the plan's executors of the parties the file names (a party's report
 * shows that party's executors only; the joint report every party's).
 */
export function reportDifferences(drafts: readonly MeasureDraft[], executors: ExecutorResolver, findings: Findings) {
  const parties = new Set<string | null>();
  for (const draft of drafts) {
    for (const part of draft.parts) {
      if (part.party) parties.add(part.party);
      for (const id of part.ids) parties.add(executors.partyOf(id));
    }
  }
  for (const draft of drafts) {
    if (!draft.existing) continue;
    const printed = new Set(draft.parts.flatMap((part) => part.ids));
    const shown = draft.executorIds.filter((id) => parties.has(executors.partyOf(id)));
    const differs = [...draft.differs];
    if (printed.size !== shown.length || shown.some((id) => !printed.has(id))) differs.push('executors');
    if (differs.length > 0) {
      findings.add(
        'warning',
        'measure_differs',
        draft.source.place,
        `Measure ${draft.source.number} differs from the plan in its ${differs.join(', ')}; the plan is kept (amend it through the API if the file is right).`,
      );
    }
  }
}

/**
 * Who an entry beside the given executor cell may be recorded for: the measure's executors
 * that cell names, else those of the cell's party (its heading, the parties of the
 * executors it names), else — a cell naming no party — all of the measure's. None when
 * the plan's measure has no executor of that party: an entry never goes to another party.
 */
export function reportersFor(draft: MeasureDraft, part: number | null, executors: ExecutorResolver): string[] {
  const cell = part === null ? undefined : draft.parts[part];
  if (!cell) return draft.executorIds;
  const named = draft.executorIds.filter((id) => cell.ids.includes(id));
  if (named.length > 0) return named;
  const parties = new Set([cell.party, ...cell.ids.map((id) => executors.partyOf(id))]);
  parties.delete(null);
  if (parties.size === 0) return draft.executorIds;
  return draft.executorIds.filter((id) => parties.has(executors.partyOf(id)));
}
