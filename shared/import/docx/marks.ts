// Footnotes applied to the executors whose mark they carry («*», «**», …): each
// footnote's renames and liquidations go to every executor printed with its mark;
// a mark without a footnote, or a footnote nobody carries, is reported.
import { MAX_NAME_LENGTH, MAX_REASON_LENGTH } from '../../domain/limits';
import { normaliseText, textProblem } from '../../domain/text';
import type { ExecutorResolver } from './executors';
import type { Findings } from './findings';
import { readFootnote } from './footnotes';
import type { DocxReport } from './report-structure';

export function applyFootnotes(
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
    const { facts: read, unread } = readFootnote(footnote.text);
    // A new name or a note the ledger would refuse is left out with its place, not the whole file.
    const facts = read.filter((fact) => {
      const [text, max] = fact.kind === 'rename' ? [fact.newName, MAX_NAME_LENGTH] : [fact.note, MAX_REASON_LENGTH];
      if (text === null) return true;
      const problem =
        normaliseText(text).length > max ? `must be at most ${max} characters` : textProblem(normaliseText(text));
      if (problem === null) return true;
      findings.add(
        'skipped',
        'footnote_text_refused',
        footnote.place,
        `A footnote's ${fact.kind === 'rename' ? 'new name' : 'note'} the ledger refuses: it ${problem}. Correct it in Word and import again.`,
        text,
      );
      return false;
    });
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
