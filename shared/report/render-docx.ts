// Renders the yearly report as a Word document laid out like the paper original:
// A4 landscape, margins of Russian official papers (ГОСТ Р 7.0.97 asks for at least
// 20/10/20/20 mm; 30 mm on the left, as regional instructions give for binding),
// Times New Roman, page numbers at the top centre from the second page (ГОСТ Р
// 7.0.97-2016), the provenance line kept on the page where the table ends. The
// package is byte-identical for equal models: core properties and zip entry times
// derive from the report year.
//
// word/document.xml is written as strings, and the other parts are constants, byte for
// byte as the `docx` package wrote them before (published hashes depend on it): docx's
// object tree took about 55 KB per entry and did not let a full year render in the API
// function (docs/BUDGET.md).
import { strToU8, zipSync } from 'fflate';
import { corePropertiesXml } from './docx-core-properties';
import { DOCUMENT_END, DOCUMENT_START, packageParts } from './docx-package';
import { reportTable, textParagraphs } from './docx-table';
import { paragraph, run } from './docx-xml';
import type { ReportModel } from './model';
import { checkpointLine, footnoteLine, provenanceLine } from './report-text';
import { withFixedEntryTimes, type ZipStamp } from './zip-fixed-times';

export const DOCX_CREATOR = 'Реестр исполнения Плана';

const HEADING_SIZE = 28; // half-points: 14 pt
const PROVENANCE = { size: 16, color: '808080' } as const; // 8 pt, grey

function headingParagraphs(lines: readonly string[], pageBreakBefore = false): string {
  return lines
    .map((line, index) =>
      paragraph(
        {
          pageBreakBefore: pageBreakBefore && index === 0,
          after: index === lines.length - 1 ? 240 : 0,
          align: 'center',
        },
        run(line, { bold: true, size: HEADING_SIZE }),
      ),
    )
    .join('');
}

/** The footnotes, kept with the table's last row and, unless the appendix's page break follows, with the provenance line. */
function footnoteParagraphs(model: ReportModel): string {
  if (model.footnotes.length === 0) return '';
  const gap = paragraph({ keepNext: true, after: 0 });
  const lines = model.footnotes.map((footnote, index, all) =>
    textParagraphs(footnoteLine(footnote), { after: 60, keepNext: !model.appendix || index < all.length - 1 }),
  );
  return gap + lines.join('');
}

/** The provenance line and, on a publication, its checkpoint in a paragraph of its own, kept with it. */
function provenanceParagraphs(model: ReportModel): string {
  const provenance = paragraph(
    { keepNext: Boolean(model.checkpoint), before: 360 },
    run(provenanceLine(model), PROVENANCE),
  );
  if (!model.checkpoint) return provenance;
  return provenance + paragraph({}, run(checkpointLine(model.checkpoint), PROVENANCE));
}

/** word/document.xml: the headings, the table (footnotes after it), the appendix, the provenance. */
function documentXml(model: ReportModel): string {
  const headingLines = model.headingLines.length > 0 ? model.headingLines : [model.heading];
  const out: string[] = [DOCUMENT_START, headingParagraphs(headingLines)];
  // Kept with the footnotes, or with the provenance line when there is no appendix.
  reportTable(out, model.columns, model.sections, {
    parties: model.parties,
    keepEndWithNext: model.footnotes.length > 0 || !model.appendix,
  });
  out.push(footnoteParagraphs(model));
  if (model.appendix) {
    out.push(headingParagraphs([model.appendix.title], true));
    reportTable(out, model.columns, model.appendix.sections, { keepEndWithNext: true, parties: model.parties });
  }
  out.push(provenanceParagraphs(model), DOCUMENT_END);
  return out.join('');
}

/** The year-end, as the document's date: a report describes its year, whenever it is built. */
function documentInstant(model: ReportModel): string {
  return `${String(model.year).padStart(4, '0')}-12-31T00:00:00Z`;
}

/** The same day for the zip entries, kept within the years a zip date can hold. */
function zipStamp(model: ReportModel): ZipStamp {
  return { year: Math.min(Math.max(model.year, 1980), 2107), month: 12, day: 31 };
}

/** The report as a .docx package; equal models give equal bytes. */
export async function renderDocx(model: ReportModel): Promise<Uint8Array> {
  const core = corePropertiesXml({ title: model.heading, creator: DOCX_CREATOR, instant: documentInstant(model) });
  // Deflated by fflate with its defaults, as docx zipped, in docx's order of parts.
  const files = Object.fromEntries(packageParts(documentXml(model), core).map(([path, xml]) => [path, strToU8(xml)]));
  return withFixedEntryTimes(zipSync(files), zipStamp(model));
}
