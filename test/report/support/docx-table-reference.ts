// The report table built with the `docx` object model, for the reference renderer
// (render-docx-reference.ts) only. Do not change.
//
// The report table for Word: header row repeated on every page, a section as one
// bold row across all five columns, and a measure's four cells merged down across
// its entries (w:vMerge restart/continue, as the seed does), one entry per row. In the
// joint report a measure of several parties has an executor cell per party, merged
// down that party's entries and headed by the party's name.
import {
  AlignmentType,
  BorderStyle,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
} from 'docx';
import type { ReportMeasure, ReportModel, ReportSection } from '../../../shared/report/model';
import {
  executorLine,
  type MeasurePart,
  measureParts,
  measureRowCount,
  paragraphsOf,
  partRowCount,
} from '../../../shared/report/report-text';

/** Column widths in twips; they fill the 257 mm between A4 landscape margins of 30 and 10 mm. */
export const COLUMN_WIDTHS = [1050, 3250, 1550, 2900, 5820] as const;
export const TABLE_WIDTH = COLUMN_WIDTHS.reduce((sum, width) => sum + width, 0);

const RULE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const BORDERS = { top: RULE, bottom: RULE, left: RULE, right: RULE, insideHorizontal: RULE, insideVertical: RULE };
const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 };

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

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
  { bold = false, italics = false, align = AlignmentType.LEFT, after = 0, keepNext = false }: TextOptions = {},
): Paragraph[] {
  return paragraphsOf(text).map(
    (line) =>
      new Paragraph({
        alignment: align,
        spacing: { after },
        ...(keepNext ? { keepNext } : {}),
        children: [
          new TextRun(bold || italics ? { text: line, ...(bold && { bold }), ...(italics && { italics }) } : line),
        ],
      }),
  );
}

function cell(column: number, children: Paragraph[], merge?: 'restart' | 'continue', keepNext = false): TableCell {
  return new TableCell({
    children: children.length > 0 ? children : [new Paragraph(keepNext ? { keepNext } : {})],
    width: { size: COLUMN_WIDTHS[column] ?? 0, type: WidthType.DXA },
    margins: CELL_MARGINS,
    ...(merge ? { verticalMerge: merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}),
  });
}

function headerRow(columns: ReportModel['columns']): TableRow {
  const cells = columns.map(
    (title, column) =>
      new TableCell({
        children: textParagraphs(title, { bold: true, align: AlignmentType.CENTER }),
        width: { size: COLUMN_WIDTHS[column] ?? 0, type: WidthType.DXA },
        margins: CELL_MARGINS,
        verticalAlign: VerticalAlignTable.CENTER,
      }),
  );
  return new TableRow({ tableHeader: true, cantSplit: true, children: cells });
}

function sectionRow(section: ReportSection): TableRow {
  const heading = new TableCell({
    children: textParagraphs(section.heading, { bold: true, align: AlignmentType.CENTER }),
    columnSpan: COLUMN_WIDTHS.length,
    width: { size: TABLE_WIDTH, type: WidthType.DXA },
    margins: CELL_MARGINS,
  });
  // Kept with the next row, so a section heading never ends a page alone.
  return new TableRow({ cantSplit: true, keepNext: true, children: [heading] });
}

function leadCells(measure: ReportMeasure, keepNext: boolean): Paragraph[][] {
  return [
    textParagraphs(measure.label, { align: AlignmentType.CENTER, keepNext }),
    textParagraphs(measure.title, { keepNext }),
    textParagraphs(measure.term, { align: AlignmentType.CENTER, keepNext }),
  ];
}

/** A part's executors, one paragraph each; the party's name above them when the measure has several. */
function executorParagraphs(part: MeasurePart, labelled: boolean, keepNext: boolean): Paragraph[] {
  const label =
    labelled && part.party !== ''
      ? textParagraphs(part.party, { italics: true, after: part.executors.length > 0 ? 60 : 0, keepNext })
      : [];
  const names = part.executors.flatMap((executor, index, all) =>
    textParagraphs(executorLine(executor), { after: index < all.length - 1 ? 120 : 0, keepNext }),
  );
  return [...label, ...names];
}

/** A row, built knowing whether it must stay on the page of what follows the table. */
type RowBuilder = (keepNext: boolean) => TableRow;

/**
 * A measure's rows: its number, title and term merged down all of them; each party's
 * executors merged down that party's entries (one part, and so one executor cell, for a
 * measure of one party).
 */
function measureRows(measure: ReportMeasure, parties: readonly string[]): RowBuilder[] {
  const rows = measureRowCount(measure, parties);
  const parts = measureParts(measure, parties);
  const builders: RowBuilder[] = [];
  for (const part of parts) {
    const partRows = partRowCount(part);
    for (let i = 0; i < partRows; i++) {
      const first = builders.length === 0;
      builders.push((keepNext: boolean) => {
        const lead = first
          ? leadCells(measure, keepNext && rows === 1).map((paragraphs, column) =>
              cell(column, paragraphs, rows > 1 ? 'restart' : undefined, keepNext && rows === 1),
            )
          : [0, 1, 2].map((column) => cell(column, [], 'continue', keepNext));
        const single = keepNext && partRows === 1;
        const executors =
          i === 0
            ? cell(3, executorParagraphs(part, parts.length > 1, single), partRows > 1 ? 'restart' : undefined, single)
            : cell(3, [], 'continue', keepNext);
        const entry = part.entries[i];
        const text = entry ? textParagraphs(entry.text, { align: AlignmentType.JUSTIFIED, keepNext }) : [];
        return new TableRow({ children: [...lead, executors, cell(4, text, undefined, keepNext)] });
      });
    }
  }
  return builders;
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

/** The five-column table for a list of sections (the report's, or the appendix's). */
export function reportTable(
  columns: ReportModel['columns'],
  sections: readonly ReportSection[],
  { keepEndWithNext = false, parties = [] }: ReportTableOptions = {},
): Table {
  const builders: RowBuilder[] = [() => headerRow(columns)];
  for (const section of sections) {
    builders.push(() => sectionRow(section));
    for (const measure of section.measures) builders.push(...measureRows(measure, parties));
  }
  const rows = builders.map((build, index) => build(keepEndWithNext && index === builders.length - 1));
  return new Table({
    rows,
    width: { size: TABLE_WIDTH, type: WidthType.DXA },
    columnWidths: [...COLUMN_WIDTHS],
    layout: TableLayoutType.FIXED,
    borders: BORDERS,
  });
}
