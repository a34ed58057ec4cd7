// WordprocessingML paragraphs and runs written as strings, the way the `docx` package
// (9.15.2) serialised them for the report: the same element and attribute order, the same
// escaping, the same quirks. Published reports are hashed, so a byte of difference would
// make earlier publications unreproducible (test/report/render-docx-reference.test.ts).

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
  '<': '&lt;',
  '>': '&gt;',
};

/**
 * docx fills `{key}` placeholders of numbering instances in word/document.xml after writing
 * it; the default bullet list's key is always present, so text holding it came out as «1».
 */
const BULLET_PLACEHOLDER = '{default-bullet-numbering-0}';

/** Text as docx wrote it: markup and quotes escaped, control characters XML 1.0 cannot hold dropped. */
export function escapeText(text: string): string {
  const escaped = text.replace(/[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g, (char) => ESCAPES[char] ?? '');
  return escaped.includes(BULLET_PLACEHOLDER) ? escaped.replaceAll(BULLET_PLACEHOLDER, '1') : escaped;
}

export type Align = 'center' | 'left' | 'both';

export interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  color?: string;
  /** Half-points. */
  size?: number;
}

export interface ParagraphStyle {
  keepNext?: boolean;
  pageBreakBefore?: boolean;
  /** Space after and before, in twips (docx writes them in that order). */
  after?: number;
  before?: number;
  align?: Align;
}

function runProperties({ bold, italics, color, size }: RunStyle): string {
  const properties =
    (bold ? '<w:b/><w:bCs/>' : '') +
    (italics ? '<w:i/><w:iCs/>' : '') +
    (color ? `<w:color w:val="${color}"/>` : '') +
    (size ? `<w:sz w:val="${size}"/><w:szCs w:val="${size}"/>` : '');
  return properties === '' ? '' : `<w:rPr>${properties}</w:rPr>`;
}

/** A run of text; docx keeps spaces (xml:space="preserve") and writes an empty text as an empty element. */
export function run(text: string, style: RunStyle = {}): string {
  return `<w:r>${runProperties(style)}<w:t xml:space="preserve">${escapeText(text)}</w:t></w:r>`;
}

function paragraphProperties({ keepNext, pageBreakBefore, before, after, align }: ParagraphStyle): string {
  const spacing =
    before === undefined && after === undefined
      ? ''
      : `<w:spacing${after === undefined ? '' : ` w:after="${after}"`}${before === undefined ? '' : ` w:before="${before}"`}/>`;
  const properties =
    (keepNext ? '<w:keepNext/>' : '') +
    (pageBreakBefore ? '<w:pageBreakBefore/>' : '') +
    spacing +
    (align ? `<w:jc w:val="${align}"/>` : '');
  return properties === '' ? '' : `<w:pPr>${properties}</w:pPr>`;
}

/** A paragraph of the given runs (already written); with neither properties nor runs, `<w:p/>`. */
export function paragraph(style: ParagraphStyle, runs = ''): string {
  const content = paragraphProperties(style) + runs;
  return content === '' ? '<w:p/>' : `<w:p>${content}</w:p>`;
}
