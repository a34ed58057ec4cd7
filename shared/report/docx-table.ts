// The report table for Word: header row repeated on every page, a section as one
// bold row across all five columns, and a measure's four cells merged down across
// its entries (w:vMerge restart/continue, as the seed does), one entry per row.
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
import type { ReportMeasure, ReportModel, ReportSection } from './model';
import { executorLine, measureRowCount, paragraphsOf } from './report-text';

/** Column widths in twips; they fill the 257 mm between A4 landscape margins of 30 and 10 mm. */
export const COLUMN_WIDTHS = [1050, 3250, 1550, 2900, 5820] as const;
export const TABLE_WIDTH = COLUMN_WIDTHS.reduce((sum, width) => sum + width, 0);

const RULE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const BORDERS = { top: RULE, bottom: RULE, left: RULE, right: RULE, insideHorizontal: RULE, insideVertical: RULE };
const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 };

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

interface TextOptions {
  bold?: boolean;
  align?: Align;
  /** Space after the paragraph, in twips. */
  after?: number;
  /** Keep on the page of the next paragraph (Word's «keep with next»). */
  keepNext?: boolean;
}

/** One paragraph per line of the text, so line breaks an agency typed survive. */
export function textParagraphs(
  text: string,
  { bold = false, align = AlignmentType.LEFT, after = 0, keepNext = false }: TextOptions = {},
): Paragraph[] {
  return paragraphsOf(text).map(
    (line) =>
      new Paragraph({
        alignment: align,
        spacing: { after },
        ...(keepNext ? { keepNext } : {}),
        children: [new TextRun(bold ? { text: line, bold } : line)],
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

function measureCells(measure: ReportMeasure, keepNext: boolean): Paragraph[][] {
  const executors = measure.executors.flatMap((executor, index, all) =>
    textParagraphs(executorLine(executor), { after: index < all.length - 1 ? 120 : 0, keepNext }),
  );
  return [
    textParagraphs(measure.label, { align: AlignmentType.CENTER, keepNext }),
    textParagraphs(measure.title, { keepNext }),
    textParagraphs(measure.term, { align: AlignmentType.CENTER, keepNext }),
    executors,
  ];
}

/** A row, built knowing whether it must stay on the page of what follows the table. */
type RowBuilder = (keepNext: boolean) => TableRow;

function measureRows(measure: ReportMeasure): RowBuilder[] {
  const rows = measureRowCount(measure);
  const merged = rows > 1;
  return Array.from({ length: rows }, (_, index) => (keepNext: boolean) => {
    const entry = measure.entries[index];
    const lead =
      index === 0
        ? measureCells(measure, keepNext && rows === 1).map((paragraphs, column) =>
            cell(column, paragraphs, merged ? 'restart' : undefined, keepNext && rows === 1),
          )
        : [0, 1, 2, 3].map((column) => cell(column, [], 'continue', keepNext));
    const text = entry ? textParagraphs(entry.text, { align: AlignmentType.JUSTIFIED, keepNext }) : [];
    return new TableRow({ children: [...lead, cell(4, text, undefined, keepNext)] });
  });
}

export interface ReportTableOptions {
  /**
   * Keep the last row on the page of the paragraph after the table («keep with next» on
   * each of its paragraphs), so what follows (footnotes, the provenance line) never
   * starts a page of its own.
   */
  keepEndWithNext?: boolean;
}

/** The five-column table for a list of sections (the report's, or the appendix's). */
export function reportTable(
  columns: ReportModel['columns'],
  sections: readonly ReportSection[],
  { keepEndWithNext = false }: ReportTableOptions = {},
): Table {
  const builders: RowBuilder[] = [() => headerRow(columns)];
  for (const section of sections) {
    builders.push(() => sectionRow(section));
    for (const measure of section.measures) builders.push(...measureRows(measure));
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
