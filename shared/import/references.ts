// Cross-references inside an import document, checked before anything is written so
// a bad file fails whole, with paths, instead of halfway through the import.
import type { z } from 'zod';
import { belongsToSection } from '../domain/numbering';

interface DocumentShape {
  executors: Array<{ executorId: string; liquidation?: { successorId?: string } }>;
  sections: Array<{ number: string; measures: MeasureShape[] }>;
}

interface MeasureShape {
  number: string;
  executors: Array<{ executorId: string }>;
  reports?: Array<{ reportId: string; executorId: string }>;
}

type Path = Array<string | number>;
type Report = (path: Path, message: string) => void;

export function checkReferences(doc: DocumentShape, ctx: z.RefinementCtx): void {
  const issue: Report = (path, message) => ctx.addIssue({ code: 'custom', path, message });
  const executorIds = checkExecutors(doc.executors, issue);
  const sectionNumbers = new Set<string>();
  const measureNumbers = new Set<string>();
  doc.sections.forEach((section, s) => {
    if (sectionNumbers.has(section.number)) issue(['sections', s, 'number'], 'section listed twice');
    sectionNumbers.add(section.number);
    section.measures.forEach((measure, m) => {
      const path: Path = ['sections', s, 'measures', m];
      if (measureNumbers.has(measure.number)) issue([...path, 'number'], 'measure listed twice');
      else if (!belongsToSection(measure.number, section.number)) {
        issue([...path, 'number'], `measure ${measure.number} does not belong to section ${section.number}`);
      }
      measureNumbers.add(measure.number);
      checkMeasure(measure, path, executorIds, issue);
    });
  });
}

function checkExecutors(executors: DocumentShape['executors'], issue: Report): Set<string> {
  const ids = new Set<string>();
  executors.forEach((executor, i) => {
    if (ids.has(executor.executorId)) issue(['executors', i, 'executorId'], 'executor listed twice');
    ids.add(executor.executorId);
  });
  executors.forEach((executor, i) => {
    const successorId = executor.liquidation?.successorId;
    const path = ['executors', i, 'liquidation', 'successorId'];
    if (successorId === executor.executorId) issue(path, 'an executor cannot succeed itself');
    else if (successorId !== undefined && !ids.has(successorId))
      issue(path, `no executor ${successorId} in the document`);
  });
  return ids;
}

function checkMeasure(measure: MeasureShape, path: Path, executorIds: Set<string>, issue: Report): void {
  const known = (executorId: string, at: Path) => {
    if (!executorIds.has(executorId)) issue(at, `no executor ${executorId} in the document`);
  };
  for (const [e, assignment] of measure.executors.entries())
    known(assignment.executorId, [...path, 'executors', e, 'executorId']);
  const reportIds = new Set<string>();
  (measure.reports ?? []).forEach((report, r) => {
    if (reportIds.has(report.reportId))
      issue([...path, 'reports', r, 'reportId'], 'report listed twice in this measure');
    reportIds.add(report.reportId);
    known(report.executorId, [...path, 'reports', r, 'executorId']);
  });
}
