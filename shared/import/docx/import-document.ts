// A Word report turned into an import document (`roadmap-ledger/import@1`), matched
// against the directory: the plan (existing or new), its sections and measures, the
// executors (matched, mapped or new) with the renames and liquidations their footnotes
// state, and each entry with its period read from its date phrase. Entries the plan
// already holds (same measure, same text) are left out and listed as present, so a
// file imported twice, or over the data it was rendered from, changes nothing.
import { MAX_TITLE_LENGTH } from '../../domain/limits';
import { normaliseText, textProblem } from '../../domain/text';
import { IMPORT_FORMAT, type ImportDocument, type ImportSection } from '../document';
import type { DocxChanges } from './changes';
import { type Directory, NameIndex } from './directory';
import { addEntries } from './entries';
import { DocxRefusedError } from './errors';
import { ExecutorResolver } from './executors';
import { type Findings, placeLabel } from './findings';
import { applyFootnotes } from './marks';
import { type MeasureDraft, measureDraft, reportDifferences } from './measures';
import { type ResolvedPlan, resolvePlan } from './plan';
import type { DocxSection } from './report-model';
import type { DocxReport } from './report-structure';
import { nameKey } from './text';

export type { DocxChanges };

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
  reportDifferences(drafts, executors, findings);
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
  const known = plan.existing?.sections.find((s) => s.number === section.number);
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
  const refused = textProblem(normaliseText(section.title));
  if (refused) {
    throw new DocxRefusedError(
      'not_a_report',
      `Section ${section.number}'s title (${placeLabel(section.place)}) is new to the plan, and the ledger refuses it: it ${refused}. Correct it in Word and import again.`,
    );
  }
  if (section.title.length > MAX_TITLE_LENGTH) {
    findings.add(
      'warning',
      'title_too_long',
      section.place,
      `A section title longer than ${MAX_TITLE_LENGTH} characters; cut to that length.`,
    );
  }
  changes.sections.new.push(section.number);
  return { number: section.number, title: section.title.slice(0, MAX_TITLE_LENGTH), measures: [] };
}
