// Turns an import document into the ordered commands that record it. Pure: the caller
// runs each step through decide and the store. Each step's commandId is derived from
// its content, so importing the same file again changes nothing.
//
// Order: executors are registered first; then the plan, its sections and measures; then
// the executors' renames and liquidations in date order; then the execution entries, each
// followed by its corrections and withdrawal. Renames and liquidations come after the measures
// because the plan names executors as they were when it was adopted (the seed's 2.1
// names an institution liquidated in 2022), and a liquidated executor cannot be assigned.
import type { CommandEnvelope } from '../domain/actor';
import type { DomainCommand } from '../domain/commands';
import { commandStreamId } from '../domain/commands';
import { canonicalJson, sha256Hex } from '../store/canonical';
import type { ImportDocument, ImportExecutor, ImportMeasure } from './document';

/** A command without its envelope: what the document itself determines. */
type WithoutEnvelope<C> = C extends unknown ? Omit<C, keyof CommandEnvelope> : never;
type CommandBody = WithoutEnvelope<DomainCommand>;

export interface ImportStep {
  /** `import:<sha256>` of the step's stream and command body (the envelope aside). */
  commandId: string;
  streamId: string;
  /** For people: "measure 2.1", "report 9.1/2023-9.1-03". */
  label: string;
  command: DomainCommand;
}

interface DraftStep {
  label: string;
  body: CommandBody;
}

export function planImport(doc: ImportDocument, envelope: CommandEnvelope): ImportStep[] {
  const drafts = [
    ...doc.executors.map(registration),
    plan(doc),
    ...doc.sections.map(
      (section): DraftStep => ({
        label: `section ${section.number}`,
        body: { type: 'AddSection', planId: doc.plan.planId, number: section.number, title: section.title },
      }),
    ),
    ...measures(doc).map(({ sectionNumber, measure }) => measureStep(doc.plan.planId, sectionNumber, measure)),
    ...executorHistory(doc.executors),
    ...executionSteps(doc),
  ];
  const seen = new Map<string, number>();
  return drafts.map(({ label, body }) => {
    const command: DomainCommand = { ...body, ...envelope };
    const streamId = commandStreamId(command);
    const content = canonicalJson({ streamId, command: body });
    // Two identical steps in one document stay two commands.
    const occurrence = seen.get(content) ?? 0;
    seen.set(content, occurrence + 1);
    const commandId = `import:${sha256Hex(occurrence === 0 ? content : `${content}#${occurrence}`)}`;
    return { commandId, streamId, label, command };
  });
}

function registration({ renames: _renames, liquidation: _liquidation, ...executor }: ImportExecutor): DraftStep {
  return { label: `executor ${executor.executorId}`, body: { type: 'RegisterExecutor', ...executor } };
}

function plan(doc: ImportDocument): DraftStep {
  return { label: `plan ${doc.plan.planId}`, body: { type: 'CreatePlan', ...doc.plan } };
}

function measures(doc: ImportDocument): Array<{ sectionNumber: string; measure: ImportMeasure }> {
  return doc.sections.flatMap((section) =>
    section.measures.map((measure) => ({ sectionNumber: section.number, measure })),
  );
}

function measureStep(planId: string, sectionNumber: string, measure: ImportMeasure): DraftStep {
  const { reports: _reports, ...fields } = measure;
  return { label: `measure ${measure.number}`, body: { type: 'AddMeasure', planId, sectionNumber, ...fields } };
}

/** Renames and liquidations in date order; on one day, an executor's renames before its liquidation. */
function executorHistory(executors: ImportExecutor[]): DraftStep[] {
  const dated: Array<{ date: string; rank: number; step: DraftStep }> = [];
  for (const { executorId, renames, liquidation } of executors) {
    for (const rename of renames ?? []) {
      const body: CommandBody = { type: 'RenameExecutor', executorId, ...rename };
      dated.push({
        date: rename.effectiveDate,
        rank: 0,
        step: { label: `rename ${executorId} (${rename.effectiveDate})`, body },
      });
    }
    if (liquidation) {
      const body: CommandBody = { type: 'LiquidateExecutor', executorId, ...liquidation };
      const label = `liquidation ${executorId} (${liquidation.effectiveDate})`;
      dated.push({ date: liquidation.effectiveDate, rank: 1, step: { label, body } });
    }
  }
  dated.sort((a, b) => (a.date === b.date ? a.rank - b.rank : a.date < b.date ? -1 : 1));
  return dated.map(({ step }) => step);
}

/**
 * Each report, then its corrections in order, then its withdrawal, in document order. Not every
 * report first: the year budget counts live entries, so a measure holding a line's share once
 * its withdrawals are in, but more with its withdrawn entries, had its last reports refused, and
 * a second import of the same file wrote them (red team 6).
 */
function executionSteps(doc: ImportDocument): DraftStep[] {
  const planId = doc.plan.planId;
  const steps: DraftStep[] = [];
  for (const { measure } of measures(doc)) {
    const number = measure.number;
    for (const { corrections, withdrawal, ...report } of measure.reports ?? []) {
      const where = `${number}/${report.reportId}`;
      const key = { planId, number, reportId: report.reportId };
      steps.push({ label: `report ${where}`, body: { type: 'ReportExecution', planId, number, ...report } });
      (corrections ?? []).forEach((correction, k) => {
        steps.push({
          label: `correction ${where} #${k + 1}`,
          body: { type: 'CorrectExecution', ...key, ...correction },
        });
      });
      if (withdrawal)
        steps.push({ label: `withdrawal ${where}`, body: { type: 'WithdrawExecution', ...key, ...withdrawal } });
    }
  }
  return steps;
}
