// The measures of a Word report: one the plan has is kept exactly as the plan has it
// (differences are reported, never applied); a new one takes its title, term and
// executors from the file, its years from the term («2021-2023 годы»).
import { MAX_EXECUTORS_PER_MEASURE, MAX_SHORT_TEXT_LENGTH, MAX_TITLE_LENGTH } from '../../domain/limits';
import type { ImportMeasure } from '../document';
import type { DirectoryMeasure } from './directory';
import type { ExecutorResolver } from './executors';
import type { Findings } from './findings';
import { type ResolvedPlan, yearsIn } from './plan';
import type { DocxMeasure } from './report-model';
import { nameKey } from './text';

export interface MeasureDraft {
  source: DocxMeasure;
  existing: DirectoryMeasure | undefined;
  executorIds: string[];
  out: ImportMeasure;
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
  for (const printed of measure.executors) {
    const ids = executors.resolvePrinted(printed, prefer);
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
  if (existing) return existingDraft(measure, existing, assignments, executors, findings);
  const problem = !measure.title
    ? 'has no title'
    : measure.title.length > MAX_TITLE_LENGTH
      ? `has a title longer than ${MAX_TITLE_LENGTH} characters`
      : !measure.term
        ? 'has no term («Сроки проведения»)'
        : measure.term.length > MAX_SHORT_TEXT_LENGTH
          ? `has a term longer than ${MAX_SHORT_TEXT_LENGTH} characters`
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
  return { source: measure, existing: undefined, executorIds: assignments.map((a) => a.executorId), out };
}

/** A measure the plan has: kept as the plan has it; differences are reported, never applied. */
function existingDraft(
  measure: DocxMeasure,
  existing: DirectoryMeasure,
  printed: ImportMeasure['executors'],
  executors: ExecutorResolver,
  findings: Findings,
): MeasureDraft {
  const differs: string[] = [];
  if (nameKey(existing.title) !== nameKey(measure.title)) differs.push('title');
  if (nameKey(existing.term) !== nameKey(measure.term)) differs.push('term');
  const ids = existing.executors.map((x) => x.executorId);
  if (printed.length !== ids.length || printed.some((a) => !ids.includes(a.executorId))) differs.push('executors');
  if (differs.length > 0) {
    findings.add(
      'warning',
      'measure_differs',
      measure.place,
      `Measure ${measure.number} differs from the plan in its ${differs.join(', ')}; the plan is kept (amend it through the API if the file is right).`,
    );
  }
  for (const id of ids) executors.include(id);
  const out: ImportMeasure = {
    number: existing.number,
    title: existing.title,
    term: existing.term,
    fromYear: existing.fromYear,
    toYear: existing.toYear,
    executors: existing.executors.map(({ executorId, nameInPlan }) => ({ executorId, nameInPlan })),
  };
  return { source: measure, existing, executorIds: ids, out };
}
