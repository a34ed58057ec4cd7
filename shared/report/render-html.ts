// Renders the yearly report as one standalone HTML5 page: the seed's five-column
// table (a measure's cells spanning all its entries; in the joint report a measure of
// several parties has a labelled executor cell per party, beside that party's entries), footnotes, the optional
// appendix and a discreet line naming the log position the report reflects, kept
// with the last table when printed.
import { escapeHtml } from './html-escape';
import { REPORT_CSS } from './html-styles';
import type { ReportEntry, ReportMeasure, ReportModel, ReportSection } from './model';
import {
  checkpointLine,
  executorLine,
  footnoteLine,
  type MeasurePart,
  measureParts,
  measureRowCount,
  partRowCount,
  provenanceLine,
} from './report-text';

type Columns = ReportModel['columns'];

const COLUMN_CLASSES = ['number', 'title', 'term', 'executors', 'info'] as const;

function cell(columns: Columns, index: 0 | 1 | 2 | 3 | 4, content: string, rowSpan = 1): string {
  const span = rowSpan > 1 ? ` rowspan="${rowSpan}"` : '';
  return `<td class="${COLUMN_CLASSES[index]}"${span} data-label="${escapeHtml(columns[index])}">${content}</td>`;
}

function tableHead(columns: Columns): string {
  const cols = COLUMN_CLASSES.map((name) => `<col class="${name}">`).join('');
  const heads = columns.map((title) => `<th scope="col">${escapeHtml(title)}</th>`).join('');
  return `<colgroup>${cols}</colgroup>\n<thead><tr>${heads}</tr></thead>`;
}

/** The executor cell of a part: the party's name first when the measure has several parties. */
function executorsHtml(part: MeasurePart, labelled: boolean): string {
  const label = labelled && part.party !== '' ? `<span class="party">${escapeHtml(part.party)}</span>` : '';
  const names = part.executors.map((executor) => `<span class="executor">${escapeHtml(executorLine(executor))}</span>`);
  return label + names.join('');
}

function measureBody(columns: Columns, measure: ReportMeasure, parties: readonly string[]): string {
  const rows = measureRowCount(measure, parties);
  const parts = measureParts(measure, parties);
  const measureCells = [
    cell(columns, 0, escapeHtml(measure.label), rows),
    cell(columns, 1, escapeHtml(measure.title), rows),
    cell(columns, 2, escapeHtml(measure.term), rows),
  ].join('');
  const entryCell = (entry: ReportEntry | undefined): string => cell(columns, 4, entry ? escapeHtml(entry.text) : '');
  const lines: string[] = [];
  parts.forEach((part, p) => {
    const executors = cell(columns, 3, executorsHtml(part, parts.length > 1), partRowCount(part));
    const entries = part.entries.length > 0 ? part.entries : [undefined];
    entries.forEach((entry, i) => {
      if (p === 0 && i === 0) lines.push(`<tr class="entry-first">${measureCells}${executors}${entryCell(entry)}</tr>`);
      else if (i === 0) lines.push(`<tr class="party-first">${executors}${entryCell(entry)}</tr>`);
      else lines.push(`<tr class="entry-more">${entryCell(entry)}</tr>`);
    });
  });
  return `<tbody class="measure" data-measure="${escapeHtml(measure.number)}">\n${lines.join('\n')}\n</tbody>`;
}

function sectionBodies(columns: Columns, section: ReportSection, parties: readonly string[]): string {
  const heading = `<tbody class="section"><tr class="section"><th colspan="5" scope="colgroup">${escapeHtml(section.heading)}</th></tr></tbody>`;
  return [heading, ...section.measures.map((measure) => measureBody(columns, measure, parties))].join('\n');
}

function reportTable(columns: Columns, sections: readonly ReportSection[], parties: readonly string[]): string {
  const bodies = sections.map((section) => sectionBodies(columns, section, parties));
  return `<table class="report">\n${tableHead(columns)}\n${bodies.join('\n')}\n</table>`;
}

function footnotes(model: ReportModel): string {
  if (model.footnotes.length === 0) return '';
  const items = model.footnotes.map((footnote) => `<p>${escapeHtml(footnoteLine(footnote))}</p>`);
  return `<div class="footnotes">\n${items.join('\n')}\n</div>`;
}

/**
 * What follows the last table, kept with it when printed (never a page of its own):
 * the footnotes, when no appendix comes between, and the provenance line.
 */
function reportEnd(...parts: string[]): string {
  return `<div class="report-end">\n${parts.filter(Boolean).join('\n')}\n</div>`;
}

function provenance(model: ReportModel): string {
  const lines = [provenanceLine(model), ...(model.checkpoint ? [checkpointLine(model.checkpoint)] : [])];
  return `<footer class="provenance">${lines.map(escapeHtml).join('<br>\n')}</footer>`;
}

function body(model: ReportModel): string[] {
  const table = reportTable(model.columns, model.sections, model.parties);
  if (!model.appendix) return [table, reportEnd(footnotes(model), provenance(model))];
  const { title, sections } = model.appendix;
  return [
    table,
    footnotes(model),
    `<section class="appendix">\n<h2>${escapeHtml(title)}</h2>\n${reportTable(model.columns, sections, model.parties)}\n${reportEnd(provenance(model))}\n</section>`,
  ];
}

/** The report as a complete HTML document (UTF-8, lang="ru", no external assets). */
export function renderHtml(model: ReportModel): string {
  const heading = model.headingLines.length > 0 ? model.headingLines : [model.heading];
  return [
    '<!DOCTYPE html>',
    '<html lang="ru">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(model.heading)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${heading.map(escapeHtml).join('<br>')}</h1>`,
    ...body(model),
    '</main>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line, index, all) => line !== '' || index === all.length - 1)
    .join('\n');
}
