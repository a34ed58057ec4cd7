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
  /**
   * Which of the measure's executor cells it stands in, from 0. The joint report gives a
   * measure of several parties one cell per party, each merged down that party's entries
   * and headed by the party's name.
   */
  part: number;
}

export interface DocxEntry {
  text: string;
  place: Place;
  /** The executor cell beside it (see DocxExecutorName.part); null: the measure's. */
  part: number | null;
}

export interface DocxMeasure {
  number: string;
  title: string;
  term: string;
  executors: DocxExecutorName[];
  entries: DocxEntry[];
  /** How many executor cells the measure has: one, or one per party in the joint report (or per listing). */
  parts: number;
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
  /** The executor cell the rows are beside now; null before the first measure. */
  part: number | null;
  inAppendix: boolean;
}
