// A Word report turned into an import document (`roadmap-ledger/import@1`), matched
// against the directory: the plan (existing or new), its sections and measures, the
// executors (matched, mapped or new) with the renames and liquidations their footnotes
// state, and each entry with its period read from its date phrase. Entries the plan
// already holds (same measure, same text) are left out and listed as present, so a
// file imported twice, or over the data it was rendered from, changes nothing.
import { MAX_SHORT_TEXT_LENGTH, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH } from '../../domain/limits';
import { overlapsYear, type Period, periodEarliestDay, periodWithinYears } from '../../domain/period';
import { formatPeriod } from '../../report/russian-dates';
import type { MeasureDoc } from '../../views/documents';
import {
  IMPORT_FORMAT,
  type ImportDocument,
  type ImportMeasure,
  type ImportReport,
  type ImportSection,
} from '../document';
import { leadingDate } from './dates';
import { type Directory, NameIndex } from './directory';
import { ExecutorResolver } from './executors';
import { excerptOf, type Findings } from './findings';
import { readFootnote } from './footnotes';
import { shortHash } from './names';
import { type ResolvedPlan, resolvePlan, yearsIn } from './plan';
import type { DocxEntry, DocxMeasure, DocxSection } from './report-rows';
import type { DocxReport } from './report-structure';
import { flat, nameKey } from './text';

export interface DocxChanges {
  plan: { planId: string; status: 'new' | 'present' };
  executors: { new: Array<{ executorId: string; name: string }>; facts: string[] };
  sections: { new: string[]; present: string[] };
  measures: { new: string[]; present: string[] };
  entries: {
    new: Array<{ measure: string; reportId: string; period: string; excerpt: string }>;
    present: Array<{ measure: string; reportId: string; excerpt: string }>;
  };
}

export interface DocxImportPlan {
  year: number;
  document: ImportDocument;
  changes: DocxChanges;
  /** Steps whose target exists already (`executor:<id>`, `plan:<id>`, `section:<n>`, `measure:<n>`). */
  present: Set<string>;
}

export interface BuildOptions {
  planId?: string;
  /** Name (as printed) → executor id, for names the directory does not know or shares. */
  map?: ReadonlyMap<string, string>;
}

interface MeasureDraft {
  source: DocxMeasure;
  existing: MeasureDoc | undefined;
  executorIds: string[];
  out: ImportMeasure;
}

export function buildImportDocument(
  report: DocxReport,
  directory: Directory,
  options: BuildOptions,
  findings: Findings,
): DocxImportPlan {
  const plan = resolvePlan(report, options.planId, directory, findings);
  const index = new NameIndex(directory);
  const executors = new ExecutorResolver(index, plan.fields.parties, findings, options.map ?? new Map());
  const changes: DocxChanges = {
    plan: { planId: plan.fields.planId, status: plan.existing ? 'present' : 'new' },
    executors: { new: [], facts: [] },
    sections: { new: [], present: [] },
    measures: { new: [], present: [] },
    entries: { new: [], present: [] },
  };
  const present = new Set<string>(plan.existing ? [`plan:${plan.fields.planId}`] : []);
  const marks = new Map<string, Set<string>>();
  const drafts: MeasureDraft[] = [];
  const sections = report.sections.map((section) => {
    const out = sectionOut(section, plan, present, changes, findings);
    for (const measure of section.measures) {
      const draft = measureDraft(measure, plan, executors, marks, findings);
      if (!draft) continue;
      out.measures.push(draft.out);
      drafts.push(draft);
      if (draft.existing) present.add(`measure:${measure.number}`);
      (draft.existing ? changes.measures.present : changes.measures.new).push(measure.number);
    }
    return out;
  });
  applyFootnotes(report, marks, executors, findings);
  for (const draft of drafts) addEntries(draft, report.year, plan, executors, changes, findings);
  for (const id of executors.entries.keys()) {
    if (!executors.created.has(id)) present.add(`executor:${id}`);
    else changes.executors.new.push({ executorId: id, name: executors.entries.get(id)!.fullName });
  }
  changes.executors.facts = executors.newFacts;
  const document: ImportDocument = {
    format: IMPORT_FORMAT,
    executors: [...executors.entries.values()],
    plan: plan.fields,
    sections,
  };
  return { year: report.year, document, changes, present };
}

function sectionOut(
  section: DocxSection,
  plan: ResolvedPlan,
  present: Set<string>,
  changes: DocxChanges,
  findings: Findings,
): ImportSection {
  const known = plan.existing?.header.sections.find((s) => s.number === section.number);
  if (known) {
    if (nameKey(known.title) !== nameKey(section.title)) {
      findings.add(
        'warning',
        'section_title_differs',
        section.place,
        `Section ${section.number} is «${known.title}» in the plan; the plan's title is kept.`,
        section.title,
      );
    }
    present.add(`section:${section.number}`);
    changes.sections.present.push(section.number);
    return { number: section.number, title: known.title, measures: [] };
  }
  if (section.title.length > MAX_TITLE_LENGTH) {
    findings.add(
      'skipped',
      'title_too_long',
      section.place,
      `A section title longer than ${MAX_TITLE_LENGTH} characters.`,
    );
  }
  changes.sections.new.push(section.number);
  return { number: section.number, title: section.title.slice(0, MAX_TITLE_LENGTH), measures: [] };
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

function measureDraft(
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
  existing: MeasureDoc,
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

function applyFootnotes(
  report: DocxReport,
  marks: Map<string, Set<string>>,
  executors: ExecutorResolver,
  findings: Findings,
): void {
  const seen = new Set<string>();
  for (const footnote of report.footnotes) {
    if (seen.has(footnote.mark)) {
      findings.add(
        'warning',
        'footnote_repeated',
        footnote.place,
        `A second footnote «${footnote.mark}»; ignored.`,
        footnote.text,
      );
      continue;
    }
    seen.add(footnote.mark);
    const holders = [...(marks.get(footnote.mark) ?? [])];
    const { facts, unread } = readFootnote(footnote.text);
    for (const part of unread) {
      findings.add(
        'skipped',
        'footnote_not_understood',
        footnote.place,
        'A footnote part that is neither «переименовано с ДД.ММ.ГГГГ года в …» nor «ликвидировано с ДД.ММ.ГГГГ года[, создан …]».',
        part,
      );
    }
    if (holders.length === 0) {
      findings.add(
        'warning',
        'footnote_unused',
        footnote.place,
        `No executor carries the mark «${footnote.mark}»; the footnote is not applied.`,
        footnote.text,
      );
      continue;
    }
    if (holders.length > 1) {
      findings.add(
        'warning',
        'mark_shared',
        footnote.place,
        `The mark «${footnote.mark}» follows ${holders.join(', ')}; the footnote is applied to each.`,
      );
    }
    for (const id of holders) executors.applyFacts(id, facts, footnote.place);
    if (facts.length > 0) {
      findings.add(
        'note',
        'footnote_read',
        footnote.place,
        `Footnote «${footnote.mark}» read for ${holders.join(', ')}: ${facts.map((f) => `${f.kind} on ${f.effectiveDate}`).join('; ')}.`,
        footnote.text,
      );
    }
  }
  for (const [mark, holders] of marks) {
    if (!seen.has(mark)) {
      findings.add(
        'warning',
        'footnote_missing',
        report.headingPlace,
        `The mark «${mark}» after ${[...holders].join(', ')} has no footnote.`,
      );
    }
  }
}

/** The executor an entry is recorded for: the first of the measure not liquidated before it, else the successor. */
function reporterFor(ids: readonly string[], period: Period, executors: ExecutorResolver): string | null {
  const start = periodEarliestDay(period);
  const eligible = (id: string) => {
    const liquidation = executors.liquidationOf(id);
    return !liquidation || start <= liquidation.effectiveDate;
  };
  const direct = ids.find(eligible);
  if (direct) return direct;
  const seen = new Set<string>();
  let id = ids[0];
  while (id && !seen.has(id)) {
    seen.add(id);
    if (eligible(id)) return id;
    id = executors.liquidationOf(id)?.successorId ?? undefined;
  }
  return null;
}

function periodOf(entry: DocxEntry, measure: string, year: number, findings: Findings): Period {
  const found = leadingDate(entry.text);
  if (found.kind === 'period') {
    if (/[\u00a0\u202f]/.test(entry.text.slice(0, found.phrase.length + 5))) {
      findings.add(
        'note',
        'no_break_space',
        entry.place,
        'No-break spaces in the date phrase read as spaces.',
        found.phrase,
      );
    }
    if (!overlapsYear(found.period, year)) {
      findings.add(
        'warning',
        'period_outside_year',
        entry.place,
        `An entry of measure ${measure} dated «${found.phrase}», outside ${year}; imported with that date.`,
        entry.text,
      );
    }
    return found.period;
  }
  if (found.kind === 'unrecognised') {
    findings.add(
      'warning',
      'date_not_recognised',
      entry.place,
      `The entry starts like a date («${found.phrase}») but cannot be read (${found.reason}); imported as undated work reported for ${year}.`,
      entry.text,
    );
  } else {
    findings.add(
      'note',
      'undated_entry',
      entry.place,
      `No date phrase at the start: measure ${measure}'s entry is imported as undated work reported for ${year}.`,
      entry.text,
    );
  }
  return { kind: 'none', year };
}

function addEntries(
  draft: MeasureDraft,
  year: number,
  plan: ResolvedPlan,
  executors: ExecutorResolver,
  changes: DocxChanges,
  findings: Findings,
): void {
  const number = draft.out.number;
  const held = new Map<string, string[]>();
  for (const entry of draft.existing?.entries ?? []) {
    const key = flat(entry.text);
    held.set(key, [...(held.get(key) ?? []), entry.reportId]);
  }
  const reports: ImportReport[] = [];
  const ids = new Set<string>();
  if (draft.executorIds.length > 1 && draft.source.entries.length > 0) {
    findings.add(
      'note',
      'entries_attributed',
      draft.source.place,
      `The report does not say which executor wrote each entry; measure ${number}'s new entries are recorded for the first executor active at their date (${draft.executorIds[0]} first).`,
    );
  }
  for (const entry of draft.source.entries) {
    const key = flat(entry.text);
    const existing = held.get(key)?.shift();
    if (existing) {
      changes.entries.present.push({ measure: number, reportId: existing, excerpt: excerptOf(entry.text) });
      continue;
    }
    if (entry.text.length > MAX_TEXT_LENGTH) {
      findings.add(
        'skipped',
        'entry_too_long',
        entry.place,
        `An entry longer than ${MAX_TEXT_LENGTH} characters.`,
        entry.text,
      );
      continue;
    }
    const period = periodOf(entry, number, year, findings);
    if (!periodWithinYears(period, plan.fields.fromYear, plan.fields.toYear)) {
      findings.add(
        'warning',
        'period_outside_plan',
        entry.place,
        `The entry's period lies outside the plan's years ${plan.fields.fromYear}-${plan.fields.toYear}; the rules will refuse it.`,
        entry.text,
      );
    }
    const executorId = reporterFor(draft.executorIds, period, executors);
    if (!executorId) {
      findings.add(
        'skipped',
        'no_reporter',
        entry.place,
        `Every executor of measure ${number} was liquidated before this entry, and none has a successor.`,
        entry.text,
      );
      continue;
    }
    executors.include(executorId);
    const reportId = uniqueReportId(number, key, ids);
    reports.push({ reportId, executorId, period, text: entry.text });
    changes.entries.new.push({
      measure: number,
      reportId,
      period: formatPeriod(period) || `${year} (no date)`,
      excerpt: excerptOf(entry.text),
    });
  }
  if (reports.length > 0) draft.out.reports = reports;
}

/** `docx-<number>-<hash of the text>`: the same entry gets the same id from any file. */
function uniqueReportId(number: string, text: string, taken: Set<string>): string {
  const base = `docx-${number}-${shortHash(text, 12)}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
