// Hand-written WordprocessingML for the reader's tests, zipped with fflate: the
// irregularities real files have are written out exactly, run by run.
import { strToU8, zipSync } from 'fflate';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A run of text (spaces kept). */
export const r = (text: string) =>
  `<w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
/** A line break inside a paragraph. */
export const br = '<w:r><w:br/></w:r>';
export const bookmark = (name: string, id = 0) =>
  `<w:bookmarkStart w:id="${id}" w:name="${name}"/><w:bookmarkEnd w:id="${id}"/>`;
/** A paragraph of runs; a plain string is one run. */
export const p = (...parts: string[]) =>
  `<w:p>${parts.map((part) => (part.startsWith('<w:') ? part : r(part))).join('')}</w:p>`;

interface CellOptions {
  span?: number;
  vMerge?: 'restart' | 'continue';
}

export function tc(options: CellOptions, ...paragraphs: string[]): string {
  const properties = [
    options.span ? `<w:gridSpan w:val="${options.span}"/>` : '',
    options.vMerge === 'restart' ? '<w:vMerge w:val="restart"/>' : options.vMerge === 'continue' ? '<w:vMerge/>' : '',
  ].join('');
  return `<w:tc><w:tcPr>${properties}</w:tcPr>${paragraphs.length > 0 ? paragraphs.join('') : '<w:p/>'}</w:tc>`;
}

/** A cell of plain paragraphs. */
export const cell = (...paragraphs: string[]) =>
  tc({}, ...paragraphs.map((text) => (text.startsWith('<w:') ? text : p(text))));
export const tr = (...cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`;
export const tbl = (...rows: string[]) =>
  `<w:tbl><w:tblPr/><w:tblGrid>${'<w:gridCol w:w="2000"/>'.repeat(5)}</w:tblGrid>${rows.join('')}</w:tbl>`;

export const HEADER_ROW = tr(
  cell(p(r('№ п/п '), r('Плана'))),
  cell('Наименование мероприятия Плана'),
  cell('Сроки проведения '),
  cell('Ответственный исполнитель'),
  cell('Информация о ходе исполнения мероприятий Плана'),
);

export function documentXml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}<w:sectPr/></w:body></w:document>`;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/** A minimal .docx package around a body. */
export function docx(body: string, extra: Record<string, string> = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    '_rels/.rels': strToU8(RELS),
    'word/document.xml': strToU8(documentXml(body)),
  };
  for (const [name, text] of Object.entries(extra)) files[name] = strToU8(text);
  return zipSync(files);
}
