// The report as read from a Word file, before it is matched against the directory:
// sections, measures with the executors as printed (with their marks), entries and
// footnotes, each with its place in the document.
import type { Place } from './findings';

export interface DocxExecutorName {
  /** The name as printed, whitespace collapsed, without its mark. */
  name: string;
  /** The paragraph's lines, where Word broke it (one name, or several without a blank line). */
  lines: string[];
  /** '' or '*', '**', … */
  mark: string;
  place: Place;
}

export interface DocxEntry {
  text: string;
  place: Place;
}

export interface DocxMeasure {
  number: string;
  title: string;
  term: string;
  executors: DocxExecutorName[];
  entries: DocxEntry[];
  place: Place;
  /** Listed under «Мероприятия Плана, информация о ходе исполнения которых не представлена». */
  inAppendix: boolean;
}

export interface DocxSection {
  number: string;
  title: string;
  place: Place;
  measures: DocxMeasure[];
}

export interface DocxFootnote {
  mark: string;
  text: string;
  place: Place;
}

/** What the rows add to, across every report table of the document. */
export interface RowState {
  sections: DocxSection[];
  footnotes: DocxFootnote[];
  section: DocxSection | null;
  measure: DocxMeasure | null;
  inAppendix: boolean;
}
