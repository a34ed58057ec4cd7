// The report table for Word: header row repeated on every page, a section as one
// bold row across all five columns, and a measure's four cells merged down across
// its entries (w:vMerge restart/continue, as the seed does), one entry per row. In the
// joint report a measure of several parties has an executor cell per party, merged
// down that party's entries and headed by the party's name. Written as WordprocessingML
// strings into one array, byte for byte as the `docx` package wrote it before.
import { type Align, paragraph, run } from './docx-xml';
import type { ReportMeasure, ReportModel, ReportSection } from './model';
import {
  executorLine,
  type MeasurePart,
  measureParts,
  measureRowCount,
  paragraphsOf,
  partRowCount,
} from './report-text';

/** Column widths in twips; they fill the 257 mm between A4 landscape margins of 30 and 10 mm. */
export const COLUMN_WIDTHS = [1050, 3250, 1550, 2900, 5820] as const;
export const TABLE_WIDTH = COLUMN_WIDTHS.reduce((sum, width) => sum + width, 0);

const RULE = 'w:val="single" w:color="000000" w:sz="4"';
const TABLE_START =
  `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${TABLE_WIDTH}"/><w:tblBorders>` +
  ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((side) => `<w:${side} ${RULE}/>`).join('') +
  '</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>' +
  COLUMN_WIDTHS.map((width) => `<w:gridCol w:w="${width}"/>`).join('') +
  '</w:tblGrid>';
const CELL_MARGINS =
  '<w:tcMar><w:top w:type="dxa" w:w="40"/><w:left w:type="dxa" w:w="80"/>' +
  '<w:bottom w:type="dxa" w:w="40"/><w:right w:type="dxa" w:w="80"/></w:tcMar>';

interface TextOptions {
  bold?: boolean;
  italics?: boolean;
  align?: Align;
  /** Space after the paragraph, in twips. */
  after?: number;
  /** Keep on the page of the next paragraph (Word's «keep with next»). */
  keepNext?: boolean;
}

/** One paragraph per line of the text, so line breaks an agency typed survive. */
export function textParagraphs(
  text: string,
  { bold = false, italics = false, align = 'left', after = 0, keepNext = false }: TextOptions = {},
): string {
  let xml = '';
  for (const line of paragraphsOf(text)) xml += paragraph({ keepNext, after, align }, run(line, { bold, italics }));
  return xml;
}

type Merge = 'restart' | 'continue';

/** The column of a cell that spans all five (a section heading). */
const ALL_COLUMNS = -1;

/** A cell of a column (or ALL_COLUMNS); a cell without text holds one empty paragraph, as Word requires. */
function cell(column: number, paragraphs: string, merge?: Merge, keepNext = false, centred = false): string {
  const width = column === ALL_COLUMNS ? TABLE_WIDTH : (COLUMN_WIDTHS[column] ?? 0);
  return (
    `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${width}"/>` +
    (column === ALL_COLUMNS ? `<w:gridSpan w:val="${COLUMN_WIDTHS.length}"/>` : '') +
    (merge ? `<w:vMerge w:val="${merge}"/>` : '') +
    CELL_MARGINS +
    (centred ? '<w:vAlign w:val="center"/>' : '') +
    `</w:tcPr>${paragraphs === '' ? paragraph({ keepNext }) : paragraphs}</w:tc>`
  );
}

function headerRow(columns: ReportModel['columns']): string {
  const cells = columns.map((title, column) =>
    cell(column, textParagraphs(title, { bold: true, align: 'center' }), undefined, false, true),
  );
  return `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>${cells.join('')}</w:tr>`;
}

/** A section heading across the five columns, kept with the next row, so it never ends a page alone. */
function sectionRow(section: ReportSection): string {
  const heading = cell(ALL_COLUMNS, textParagraphs(section.heading, { bold: true, align: 'center', keepNext: true }));
  return `<w:tr><w:trPr><w:cantSplit/></w:trPr>${heading}</w:tr>`;
}

function leadCells(measure: ReportMeasure, keepNext: boolean): string[] {
  return [
    textParagraphs(measure.label, { align: 'center', keepNext }),
    textParagraphs(measure.title, { keepNext }),
    textParagraphs(measure.term, { align: 'center', keepNext }),
  ];
}

/** A part's executors, one paragraph each; the party's name above them when the measure has several. */
function executorParagraphs(part: MeasurePart, labelled: boolean, keepNext: boolean): string {
  const label =
    labelled && part.party !== ''
      ? textParagraphs(part.party, { italics: true, after: part.executors.length > 0 ? 60 : 0, keepNext })
      : '';
  const names = part.executors.map((executor, index, all) =>
    textParagraphs(executorLine(executor), { after: index < all.length - 1 ? 120 : 0, keepNext }),
  );
  return label + names.join('');
}

/**
 * A measure's rows, each written once into `out`: its number, title and term merged down
 * all of them; each party's executors merged down that party's entries (one part, and so
 * one executor cell, for a measure of one party). `keepLast` marks the measure's last row
 * as the table's last one that must stay on the page of what follows the table.
 */
function measureRows(out: string[], measure: ReportMeasure, parties: readonly string[], keepLast: boolean): void {
  const rows = measureRowCount(measure, parties);
  const parts = measureParts(measure, parties);
  let row = 0;
  for (const part of parts) {
    const partRows = partRowCount(part);
    for (let i = 0; i < partRows; i++, row++) {
      const keepNext = keepLast && row === rows - 1;
      const lead =
        row === 0
          ? leadCells(measure, keepNext && rows === 1).map((paragraphs, column) =>
              cell(column, paragraphs, rows > 1 ? 'restart' : undefined, keepNext && rows === 1),
            )
          : [0, 1, 2].map((column) => cell(column, '', 'continue', keepNext));
      const single = keepNext && partRows === 1;
      const executors =
        i === 0
          ? cell(3, executorParagraphs(part, parts.length > 1, single), partRows > 1 ? 'restart' : undefined, single)
          : cell(3, '', 'continue', keepNext);
      const entry = part.entries[i];
      const text = entry ? textParagraphs(entry.text, { align: 'both', keepNext }) : '';
      out.push(`<w:tr>${lead.join('')}${executors}${cell(4, text, undefined, keepNext)}</w:tr>`);
    }
  }
}

export interface ReportTableOptions {
  /**
   * Keep the last row on the page of the paragraph after the table («keep with next» on
   * each of its paragraphs), so what follows (footnotes, the provenance line) never
   * starts a page of its own.
   */
  keepEndWithNext?: boolean;
  /** The report's order of parties (ReportModel.parties): how a measure of several parties is split. */
  parties?: readonly string[];
}

/** The five-column table for a list of sections (the report's, or the appendix's), written into `out`. */
export function reportTable(
  out: string[],
  columns: ReportModel['columns'],
  sections: readonly ReportSection[],
  { keepEndWithNext = false, parties = [] }: ReportTableOptions = {},
): void {
  out.push(TABLE_START, headerRow(columns));
  sections.forEach((section, index) => {
    out.push(sectionRow(section));
    const lastSection = index === sections.length - 1;
    section.measures.forEach((measure, at) => {
      measureRows(out, measure, parties, keepEndWithNext && lastSection && at === section.measures.length - 1);
    });
  });
  out.push('</w:tbl>');
}
