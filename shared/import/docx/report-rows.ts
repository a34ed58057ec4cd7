// One report table's rows read into sections and measures: a section row spans the
// table («2. В области …»), a measure row starts with its number («2.1.»), and the rows
// below it whose first four cells continue the merge (w:vMerge) or are empty add one
// entry each from the last column. A row below it whose first three cells continue and
// whose fourth starts anew is the measure's next executor cell (the joint report's next
// party): its executors, and an entry; so is a measure listed again. Rows that fit none
// of these are reported, not guessed.
import { MEASURE_NUMBER, SECTION_NUMBER } from '../../domain/numbering';
import { APPENDIX_TITLE } from '../../report/model';
import type { BodyCell, BodyRow } from './body';
import type { Findings, Place } from './findings';
import type { DocxExecutorName, DocxMeasure, DocxSection, RowState } from './report-model';
import { entryText, flat, nameKey, structuralText, titleText } from './text';

const COLUMNS = 5;
const SECTION_ROW = /^(\d+)\.?\s+(\S.*)$/s;
const MEASURE_LABEL = /^(\d+(?:\.\d+)+)\.?$/;
const FOOTNOTE = /^(\*+)\s*(.*)$/s;

const cellText = (cell: BodyCell | undefined): string => flat(cell?.paragraphs.join(' ') ?? '');
const continues = (cell: BodyCell | undefined): boolean =>
  cell === undefined || cell.vMerge === 'continue' || cellText(cell) === '';

function rowPlace(row: BodyRow): Place {
  const first = row.cells[0]?.place;
  return first && 'table' in first ? { table: first.table, row: row.number } : { document: true };
}

function rowExcerpt(row: BodyRow): string {
  return row.cells.map(cellText).filter(Boolean).join(' | ');
}

/** The cell that starts at each grid column (undefined where a span covers it). */
function byColumn(row: BodyRow): Array<BodyCell | undefined> {
  const columns: Array<BodyCell | undefined> = Array.from({ length: COLUMNS });
  for (const cell of row.cells) if (cell.column < COLUMNS) columns[cell.column] = cell;
  return columns;
}

/** A row of column numbers («1 | 2 | 3 | 4 | 5»), as some copies of the report have under the header. */
export function isNumberingRow(row: BodyRow): boolean {
  const texts = row.cells.map(cellText);
  return texts.length === COLUMNS && texts.every((text, index) => text === String(index + 1));
}

/** Reads one row (not the header) into the state; reports what it could not place. */
export function readRow(row: BodyRow, state: RowState, findings: Findings): void {
  const place = rowPlace(row);
  const filled = row.cells.filter((cell) => cell.vMerge !== 'continue' && cellText(cell) !== '');
  if (filled.length === 0 && row.cells.every((cell) => cell.vMerge !== 'continue')) {
    findings.add('note', 'empty_row', place, 'An empty row; skipped.');
    return;
  }
  const [only] = filled;
  if (filled.length === 1 && only && only.column === 0 && !MEASURE_LABEL.test(cellText(only))) {
    readSpanningRow(only, row, state, findings);
    return;
  }
  const columns = byColumn(row);
  const label = columns[0] && columns[0].vMerge !== 'continue' ? cellText(columns[0]) : '';
  if (MEASURE_LABEL.test(label)) readMeasureRow(row, columns, state, findings);
  else if (label === '' && columns.slice(1, 4).every(continues)) readEntryRow(row, columns, state, findings);
  else if (label === '' && state.measure && columns.slice(1, 3).every(continues)) {
    readPartRow(row, columns, state, findings);
  } else
    findings.add(
      'skipped',
      'row_not_recognised',
      place,
      'A row that is neither a section, a measure nor an entry of one.',
      rowExcerpt(row),
    );
}

function readSpanningRow(cell: BodyCell, row: BodyRow, state: RowState, findings: Findings): void {
  const text = structuralText(cell.paragraphs.join('\n'), cell.place, findings, 'section heading');
  const place = rowPlace(row);
  if (nameKey(text) === nameKey(APPENDIX_TITLE)) {
    state.inAppendix = true;
    state.measure = null;
    return;
  }
  const match = SECTION_ROW.exec(text);
  if (!match || !SECTION_NUMBER.test(match[1] ?? '')) {
    findings.add(
      'skipped',
      'row_not_recognised',
      place,
      'A row across the table that is not a section heading «N. …».',
      text,
    );
    return;
  }
  if (cell.span < COLUMNS) {
    findings.add(
      'note',
      'section_not_merged',
      place,
      `The section row's cell spans ${cell.span} of ${COLUMNS} columns; read as a section.`,
    );
  }
  const number = match[1]!;
  state.measure = null;
  const known = state.sections.find((section) => section.number === number);
  if (known) {
    if (nameKey(known.title) !== nameKey(match[2]!)) {
      findings.add(
        'warning',
        'section_title_differs',
        place,
        `Section ${number} appeared before as «${known.title}»; that title is kept.`,
        text,
      );
    }
    state.section = known;
    return;
  }
  state.section = { number, title: match[2]!, place, measures: [] };
  state.sections.push(state.section);
}

function noteMergedColumns(row: BodyRow, columns: Array<BodyCell | undefined>, findings: Findings): void {
  for (const cell of row.cells) {
    if (cell.span > 1) {
      findings.add(
        'warning',
        'merged_columns',
        cell.place,
        `A cell spans ${cell.span} columns (w:gridSpan); its text is read as column ${cell.column + 1} and the columns it covers as empty.`,
        cell.paragraphs.join(' '),
      );
    }
  }
  if (row.cells.some((cell) => cell.column + cell.span > COLUMNS) || columns.length > COLUMNS) {
    findings.add(
      'warning',
      'extra_columns',
      rowPlace(row),
      'The row has more than five columns; the extra ones are ignored.',
    );
  }
}

function sectionFor(number: string, place: Place, state: RowState, findings: Findings): DocxSection | null {
  if (state.section && number.startsWith(`${state.section.number}.`)) return state.section;
  const owner = state.sections.find((section) => number.startsWith(`${section.number}.`));
  if (owner) {
    findings.add(
      'warning',
      'measure_outside_section',
      place,
      `Measure ${number} stands under another section; filed under section ${owner.number}.`,
    );
    return owner;
  }
  findings.add(
    'skipped',
    'no_section',
    place,
    `Measure ${number} has no section row «${number.split('.')[0]}. …» before it; skipped with its entries.`,
  );
  return null;
}

function readMeasureRow(row: BodyRow, columns: Array<BodyCell | undefined>, state: RowState, findings: Findings): void {
  noteMergedColumns(row, columns, findings);
  const place = rowPlace(row);
  const number = MEASURE_LABEL.exec(cellText(columns[0]))?.[1] ?? '';
  if (!MEASURE_NUMBER.test(number)) {
    findings.add('skipped', 'row_not_recognised', place, `«${number}» is not a measure number.`, rowExcerpt(row));
    return;
  }
  const section = sectionFor(number, place, state, findings);
  state.measure = null;
  if (!section) return;
  const known = section.measures.find((m) => m.number === number);
  const measure: DocxMeasure = known ?? {
    number,
    title: columns[1] ? titleText(columns[1].paragraphs, columns[1].place, findings) : '',
    term: columns[2] ? structuralText(columns[2].paragraphs.join('\n'), columns[2].place, findings, 'term') : '',
    executors: [],
    entries: [],
    parts: 0,
    place,
    inAppendix: state.inAppendix,
  };
  if (known) {
    findings.add(
      'warning',
      'measure_repeated',
      place,
      `Measure ${number} is listed again; its executors and entries are read as another executor cell of the first listing.`,
    );
  } else section.measures.push(measure);
  // A listing again (two party reports pasted together) is the measure's next executor
  // cell, as in the joint report: its entries go to the executors it names.
  state.measure = measure;
  state.part = measure.parts;
  measure.parts += 1;
  if (columns[3]) measure.executors.push(...readExecutors(columns[3], state.part, state, findings));
  readEntryCell(columns[4], state, findings, place);
}

/** The measure's next executor cell (the joint report's next party), and the entry beside it. */
function readPartRow(row: BodyRow, columns: Array<BodyCell | undefined>, state: RowState, findings: Findings): void {
  const measure = state.measure!;
  state.part = measure.parts;
  measure.parts += 1;
  measure.executors.push(...readExecutors(columns[3]!, state.part, state, findings));
  readEntryCell(columns[4], state, findings, rowPlace(row));
}

function readEntryRow(row: BodyRow, columns: Array<BodyCell | undefined>, state: RowState, findings: Findings): void {
  const place = rowPlace(row);
  if (!state.measure) {
    findings.add('skipped', 'entry_without_measure', place, 'An entry row with no measure above it.', rowExcerpt(row));
    return;
  }
  if (columns.slice(0, 4).some((cell) => cell && cell.vMerge === null)) {
    findings.add(
      'note',
      'measure_cells_not_merged',
      place,
      `The first four cells are empty but not merged; read as another entry of measure ${state.measure.number}.`,
    );
  }
  readEntryCell(columns[4], state, findings, place);
}

function readEntryCell(cell: BodyCell | undefined, state: RowState, findings: Findings, place: Place): void {
  const measure = state.measure!;
  if (cell?.vMerge === 'continue') {
    findings.add(
      'note',
      'entry_cell_merged',
      cell.place,
      `The last cell continues the one above (w:vMerge); no new entry for measure ${measure.number}.`,
    );
    return;
  }
  const text = cell ? entryText(cell.paragraphs, cell.place, findings) : '';
  if (text === '') {
    if (!state.inAppendix) {
      findings.add(
        'note',
        'empty_entry',
        cell?.place ?? place,
        `The last column is empty: no entry for measure ${measure.number} in this row.`,
      );
    }
    return;
  }
  if (state.inAppendix) {
    findings.add(
      'warning',
      'entry_in_appendix',
      cell!.place,
      `Measure ${measure.number} is listed among those without information, yet has an entry; imported.`,
      text,
    );
  }
  measure.entries.push({ text, place: cell!.place, part: state.part });
}

/**
 * The executors' cell: one name per paragraph (often with blank paragraphs between), its
 * mark at the end; a paragraph starting in lower case right after a name continues it
 * («… по образованию» / «и науке»); «*…» paragraphs are footnotes.
 */
function readExecutors(cell: BodyCell, part: number, state: RowState, findings: Findings): DocxExecutorName[] {
  const raws: string[] = [];
  let afterBlank = true;
  for (const paragraph of cell.paragraphs) {
    const text = flat(paragraph);
    const footnote = FOOTNOTE.exec(text);
    if (footnote) state.footnotes.push({ mark: footnote[1]!, text: footnote[2]!, place: cell.place });
    else if (text !== '' && !afterBlank && /^\p{Ll}/u.test(text) && raws.length > 0) {
      findings.add(
        'note',
        'name_continued',
        cell.place,
        'A paragraph starting in lower case read as the end of the name above.',
        text,
      );
      raws[raws.length - 1] += `\n${paragraph}`;
    } else if (text !== '') raws.push(paragraph);
    afterBlank = text === '' || footnote !== null;
  }
  return raws.map((raw) => {
    const printed = structuralText(raw, cell.place, findings, 'executor name');
    const mark = /\s*(\*+)$/.exec(printed)?.[1] ?? '';
    const name = mark ? printed.slice(0, printed.lastIndexOf(mark)).trim() : printed;
    const lines = raw
      .split('\n')
      .map(flat)
      .map((line) => line.replace(/\s*\*+$/, ''))
      .filter((line) => line !== '');
    return { name, lines, mark, place: cell.place, part };
  });
}
