// A Word document read as a yearly report of the seed's layout: the heading
// («Отчет об исполнении в 2023 году» and the plan's title), the five-column table
// (or several tables with the same header, the appendix's among them), and the
// paragraphs after it: footnotes («*ликвидировано с …»), the appendix title and the
// ledger's provenance line. A document without the heading or the table is refused.
import { APPENDIX_TITLE, REPORT_COLUMNS } from '../../report/model';
import type { BodyBlock, BodyRow, BodyTable } from './body';
import { DocxRefusedError } from './errors';
import type { Findings, Place } from './findings';
import type { DocxFootnote, DocxSection, RowState } from './report-model';
import { isNumberingRow, readRow } from './report-rows';
import { flat, nameKey, structuralText } from './text';

export interface DocxReport {
  year: number;
  /** The heading after «Отчет об исполнении в 2023 году»: «Плана мероприятий … (далее – План)». */
  reportTitle: string;
  /** Where the heading starts. */
  headingPlace: Place;
  sections: DocxSection[];
  footnotes: DocxFootnote[];
  /** The ledger's own line under a report it rendered: the log position and chain hash. */
  provenance: { position: number; hash: string } | null;
}

const HEADING = /^отч[её]т об исполнении в (\d{4}) году\s+(\S.*)$/iu;
const PROVENANCE = /^Сформировано по журналу событий: позиция (\d+), хеш ([0-9a-f]{64})$/;
/** A publication's checkpoint line (shared/report/report-text.ts checkpointLine). */
const CHECKPOINT = /^Контрольная точка журнала: размер (\d+), /;
const FOOTNOTE = /^(\*+)\s*(\S.*)$/s;

/** Loose on purpose: each header cell names its column («№», «Наименование», «Срок», «исполнитель», «Информация»). */
const HEADER_WORDS = ['№', 'наименование', 'срок', 'исполнител', 'информаци'];
const COLUMN_LIST = REPORT_COLUMNS.join(' | ');

function isHeaderRow(row: BodyRow | undefined): boolean {
  if (!row) return false;
  const texts = row.cells.filter((cell) => cell.column < 5).map((cell) => nameKey(cell.paragraphs.join(' ')));
  return texts.length === 5 && texts.every((text, index) => text.includes(HEADER_WORDS[index]!));
}

function readHeading(
  blocks: BodyBlock[],
  findings: Findings,
): Pick<DocxReport, 'year' | 'reportTitle' | 'headingPlace'> {
  const tableAt = blocks.findIndex((block) => block.kind === 'table');
  if (tableAt < 0) {
    throw new DocxRefusedError(
      'not_a_report',
      `The document has no table; a report has one with the columns ${COLUMN_LIST}.`,
    );
  }
  const before = blocks.slice(0, tableAt).flatMap((block) => (block.kind === 'paragraph' ? [block.paragraph] : []));
  const start = before.findIndex((paragraph) => /^отч[её]т об исполнении/iu.test(flat(paragraph.text)));
  if (start < 0) {
    throw new DocxRefusedError(
      'not_a_report',
      'The document has no heading «Отчет об исполнении в <год> году …» before its table.',
    );
  }
  for (const paragraph of before.slice(0, start)) {
    if (flat(paragraph.text) !== '') {
      findings.add(
        'note',
        'paragraph_ignored',
        { paragraph: paragraph.number },
        'A paragraph before the heading; ignored.',
        paragraph.text,
      );
    }
  }
  const lines = before.slice(start);
  const place = { paragraph: lines[0]!.number };
  const heading = structuralText(lines.map((p) => p.text).join(' '), place, findings, 'heading');
  const match = HEADING.exec(heading);
  const year = Number(match?.[1]);
  if (!match || year < 1990 || year > 2100) {
    throw new DocxRefusedError(
      'not_a_report',
      `The heading does not read «Отчет об исполнении в <год> году <plan>»: «${heading.slice(0, 200)}».`,
    );
  }
  return { year, reportTitle: match[2]!, headingPlace: place };
}

function readTable(table: BodyTable, state: RowState, findings: Findings): void {
  let index = 0;
  while (isHeaderRow(table.rows[index])) index++;
  for (const row of table.rows.slice(index)) {
    if (isNumberingRow(row)) {
      findings.add(
        'note',
        'numbering_row',
        { table: table.number, row: row.number },
        'A row of column numbers; skipped.',
      );
    } else readRow(row, state, findings);
  }
}

function readParagraph(text: string, number: number, state: RowState, report: DocxReport, findings: Findings): void {
  const line = flat(text);
  const place = { paragraph: number };
  const footnote = FOOTNOTE.exec(line);
  const provenance = PROVENANCE.exec(line);
  if (line === '') return;
  if (footnote) state.footnotes.push({ mark: footnote[1]!, text: footnote[2]!, place });
  else if (nameKey(line) === nameKey(APPENDIX_TITLE)) {
    state.inAppendix = true;
    state.measure = null;
  } else if (provenance) {
    report.provenance = { position: Number(provenance[1]), hash: provenance[2]! };
    findings.add(
      'note',
      'provenance',
      place,
      `Rendered by a ledger at log position ${provenance[1]}; read like any other report.`,
    );
  } else if (CHECKPOINT.test(line)) {
    findings.add('note', 'checkpoint', place, 'The signed checkpoint of the log a publication was built from.');
  } else
    findings.add(
      'skipped',
      'paragraph_not_recognised',
      place,
      'A paragraph after the table that is not a footnote («*…»); ignored.',
      text,
    );
}

/** The report in the document, or a refusal naming what is missing. */
export function readReport(blocks: BodyBlock[], findings: Findings): DocxReport {
  const heading = readHeading(blocks, findings);
  const state: RowState = { sections: [], footnotes: [], section: null, measure: null, part: null, inAppendix: false };
  const report: DocxReport = { ...heading, sections: state.sections, footnotes: state.footnotes, provenance: null };
  let tables = 0;
  for (const block of blocks.slice(blocks.findIndex((b) => b.kind === 'table'))) {
    if (block.kind === 'paragraph') {
      readParagraph(block.paragraph.text, block.paragraph.number, state, report, findings);
    } else if (isHeaderRow(block.table.rows[0])) {
      tables++;
      readTable(block.table, state, findings);
    } else if (tables === 0) {
      const found = block.table.rows[0]?.cells.map((cell) => flat(cell.paragraphs.join(' '))).join(' | ') ?? '';
      throw new DocxRefusedError(
        'not_a_report',
        `Table 1 does not have the report's columns (${COLUMN_LIST}); it has: ${found.replace(/^[\s|]*$/, '(an empty first row)').slice(0, 300)}.`,
      );
    } else {
      findings.add(
        'skipped',
        'table_not_recognised',
        { table: block.table.number, row: 1 },
        "A table without the report's header row; ignored.",
      );
    }
  }
  if (state.sections.length === 0) {
    throw new DocxRefusedError(
      'not_a_report',
      'The report table holds no section row («2. В области …») with measures under it.',
    );
  }
  return report;
}
