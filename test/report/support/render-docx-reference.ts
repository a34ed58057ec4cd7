// The DOCX renderer as it was before shared/report/render-docx.ts wrote WordprocessingML
// itself: built with the `docx` object model. Kept for tests only, as the reference the
// production renderer must match byte for byte (published hashes depend on it). Do not change.
//
// Renders the yearly report as a Word document laid out like the paper original:
// A4 landscape, margins of Russian official papers (ГОСТ Р 7.0.97 asks for at least
// 20/10/20/20 mm; 30 mm on the left, as regional instructions give for binding),
// Times New Roman, page numbers at the top centre from the second page (ГОСТ Р
// 7.0.97-2016), the provenance line kept on the page where the table ends. The
// package is byte-identical for equal models: core properties and zip entry times
// derive from the report year.
import { AlignmentType, Document, Header, Packer, PageNumber, PageOrientation, Paragraph, TextRun } from 'docx';
import { corePropertiesXml } from '../../../shared/report/docx-core-properties';
import type { ReportModel } from '../../../shared/report/model';
import { checkpointLine, footnoteLine, provenanceLine } from '../../../shared/report/report-text';
import { withFixedEntryTimes, type ZipStamp } from '../../../shared/report/zip-fixed-times';
import { reportTable, textParagraphs } from './docx-table-reference';

const DOCX_CREATOR = 'Реестр исполнения Плана';

const A4 = { width: 11906, height: 16838 };
const MARGINS = { top: 1134, right: 567, bottom: 1134, left: 1701 };
const FONT = 'Times New Roman';
const TABLE_SIZE = 24; // half-points: 12 pt
const HEADING_SIZE = 28; // 14 pt
const PROVENANCE_SIZE = 16; // 8 pt

function headingParagraphs(lines: readonly string[], pageBreakBefore = false): Paragraph[] {
  return lines.map(
    (line, index) =>
      new Paragraph({
        alignment: AlignmentType.CENTER,
        pageBreakBefore: pageBreakBefore && index === 0,
        spacing: { after: index === lines.length - 1 ? 240 : 0 },
        children: [new TextRun({ text: line, bold: true, size: HEADING_SIZE })],
      }),
  );
}

/** The footnotes, kept with the table's last row and, unless the appendix's page break follows, with the provenance line. */
function footnoteParagraphs(model: ReportModel): Paragraph[] {
  if (model.footnotes.length === 0) return [];
  const gap = new Paragraph({ spacing: { after: 0 }, keepNext: true, children: [] });
  const lines = model.footnotes.flatMap((footnote, index, all) =>
    textParagraphs(footnoteLine(footnote), { after: 60, keepNext: !model.appendix || index < all.length - 1 }),
  );
  return [gap, ...lines];
}

function appendixContent(model: ReportModel): (Paragraph | ReturnType<typeof reportTable>)[] {
  if (!model.appendix) return [];
  return [
    ...headingParagraphs([model.appendix.title], true),
    reportTable(model.columns, model.appendix.sections, { keepEndWithNext: true, parties: model.parties }),
  ];
}

/** ГОСТ Р 7.0.97-2016: the page number in the middle of the top margin, none on the first page. */
function pageHeaders() {
  const number = new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ children: [PageNumber.CURRENT] })],
  });
  return { default: new Header({ children: [number] }), first: new Header({ children: [new Paragraph({})] }) };
}

/** The provenance line and, on a publication, its checkpoint in a paragraph of its own, kept with it. */
function provenanceParagraphs(model: ReportModel): Paragraph[] {
  const provenance = new Paragraph({
    spacing: { before: 360 },
    ...(model.checkpoint ? { keepNext: true } : {}),
    children: [new TextRun({ text: provenanceLine(model), size: PROVENANCE_SIZE, color: '808080' })],
  });
  if (!model.checkpoint) return [provenance];
  const checkpoint = new Paragraph({
    children: [new TextRun({ text: checkpointLine(model.checkpoint), size: PROVENANCE_SIZE, color: '808080' })],
  });
  return [provenance, checkpoint];
}

function buildDocument(model: ReportModel): Document {
  const headingLines = model.headingLines.length > 0 ? model.headingLines : [model.heading];
  return new Document({
    creator: DOCX_CREATOR,
    title: model.heading,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: TABLE_SIZE, language: { value: 'ru-RU' } },
          paragraph: { spacing: { after: 0, line: 240 } },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { ...A4, orientation: PageOrientation.LANDSCAPE },
            margin: { ...MARGINS, header: 709, footer: 709, gutter: 0 },
          },
        },
        headers: pageHeaders(),
        children: [
          ...headingParagraphs(headingLines),
          // Kept with the footnotes, or with the provenance line when there is no appendix.
          reportTable(model.columns, model.sections, {
            parties: model.parties,
            keepEndWithNext: model.footnotes.length > 0 || !model.appendix,
          }),
          ...footnoteParagraphs(model),
          ...appendixContent(model),
          ...provenanceParagraphs(model),
        ],
      },
    ],
  });
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
export async function renderDocxReference(model: ReportModel): Promise<Uint8Array> {
  const core = corePropertiesXml({ title: model.heading, creator: DOCX_CREATOR, instant: documentInstant(model) });
  // docx keeps a file's first place in the zip and takes the override's data, so only the timestamps change.
  const packed = await Packer.pack(buildDocument(model), 'uint8array', false, [
    { path: 'docProps/core.xml', data: core },
  ]);
  return withFixedEntryTimes(packed, zipStamp(model));
}
