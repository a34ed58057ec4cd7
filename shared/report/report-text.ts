// Small pieces of report text that every format prints the same way, so the HTML,
// DOCX and CSV of one model never disagree on a mark or a footnote.
import type { Footnote, ReportExecutor, ReportMeasure, ReportModel } from './model';

/** «СОГБУ «…«Смоленский терем» *»: the mark follows the name after a space, as in the seed. */
export function executorLine(executor: ReportExecutor): string {
  return executor.mark ? `${executor.name} ${executor.mark}` : executor.name;
}

/** «*ликвидировано с 14.03.2022 года, …»: the seed sets the mark straight against the text. */
export function footnoteLine(footnote: Footnote): string {
  return `${footnote.mark}${footnote.text}`;
}

/** The line that lets a reader check the report against the log it was built from. */
export function provenanceLine(model: Pick<ReportModel, 'position' | 'chainHash'>): string {
  return `Сформировано по журналу событий: позиция ${model.position}, хеш ${model.chainHash}`;
}

/** Rows a measure takes in the table: one per entry, and one even when it has none. */
export function measureRowCount(measure: ReportMeasure): number {
  return Math.max(1, measure.entries.length);
}

/** A text's paragraphs; reported texts may hold line breaks, which every format keeps. */
export function paragraphsOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
