// Renders the report's entries as CSV (RFC 4180), one row per entry, for people who
// sort and count in a spreadsheet. The appendix has no entries, so it has no rows.
import type { Footnote, ReportEntry, ReportExecutor, ReportMeasure, ReportModel, ReportSection } from './model';
import { executorLine, footnoteLine, type MeasurePart, measureParts } from './report-text';

/**
 * Semicolon, not comma: Russian-locale Excel uses `;` as its list separator (the comma is
 * the decimal separator), so a double-clicked file opens in columns. A `sep=;` line would
 * say the same but breaks RFC 4180 and makes Excel ignore the BOM, garbling Cyrillic.
 */
export const CSV_DELIMITER = ';';
const BOM = '\uFEFF';
const CRLF = '\r\n';

export const CSV_HEADER = [
  'Раздел',
  '№ п/п Плана',
  'Наименование мероприятия Плана',
  'Сроки проведения',
  'Ответственный исполнитель',
  'Сторона',
  'Начало периода',
  'Окончание периода',
  'Период',
  'Информация о ходе исполнения',
  'Место',
  'Участников',
  'Регионов',
  'Идентификатор записи',
] as const;

/**
 * Neutralises spreadsheet formulas in text from agencies: a cell starting with `=`, `+`,
 * `@`, `-`, a tab or a CR gets a leading apostrophe. `-` is included although texts may
 * start with a list dash («- участие …»): Excel and LibreOffice read `-2+3+cmd|…` as a
 * formula (the textbook DDE payload), and would show «- участие» as #ИМЯ? anyway. Only
 * a plain negative number is left alone, and the numeric columns never hold one. The
 * en and em dashes («–», «—») that Russian texts actually use are not formula starts.
 */
export function neutraliseFormula(value: string): string {
  if (/^-\d+(?:[.,]\d+)?$/.test(value)) return value;
  return /^[=+@\-\t\r]/.test(value) ? `'${value}` : value;
}

/** Quotes a field when it holds the delimiter, a quote or a line break; quotes are doubled. */
export function csvField(raw: string): string {
  const value = neutraliseFormula(raw);
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const numberOrEmpty = (value: number | null): string => (value === null ? '' : String(value));

/**
 * Executors one per line, as the printed report stacks them. A CSV has no place below
 * the table, so a mark's footnote follows in the same cell after a blank line, where
 * the seed itself printed it; otherwise the «*» would explain nothing.
 */
function executorsCell(executors: readonly ReportExecutor[], footnotes: readonly Footnote[]): string {
  const notes = footnotes.filter((note) =>
    executors.some(
      (executor) => executor.mark !== '' && executor.executorId === note.executorId && executor.mark === note.mark,
    ),
  );
  const lines = executors.map(executorLine).join('\n');
  return notes.length === 0 ? lines : `${lines}\n\n${notes.map(footnoteLine).join('\n')}`;
}

/** A row per entry; beside it the executors of its own party (in the joint report, the measure's part of that party). */
function entryRow(
  model: ReportModel,
  section: ReportSection,
  measure: ReportMeasure,
  part: MeasurePart,
  entry: ReportEntry,
): string[] {
  return [
    section.heading,
    measure.label,
    measure.title,
    measure.term,
    executorsCell(part.executors, model.footnotes),
    entry.party,
    entry.periodStart ?? '',
    entry.periodEnd ?? '',
    entry.periodText,
    entry.text,
    entry.place ?? '',
    numberOrEmpty(entry.participants),
    numberOrEmpty(entry.regions),
    entry.reportId,
  ];
}

/** The CSV text, BOM first (Excel reads UTF-8 only with it), CRLF after every row. */
export function renderCsv(model: ReportModel): string {
  const rows: string[][] = [[...CSV_HEADER]];
  for (const section of model.sections) {
    for (const measure of section.measures) {
      for (const part of measureParts(measure, model.parties)) {
        for (const entry of part.entries) rows.push(entryRow(model, section, measure, part, entry));
      }
    }
  }
  return BOM + rows.map((row) => row.map(csvField).join(CSV_DELIMITER) + CRLF).join('');
}
