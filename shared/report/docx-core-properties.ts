// docProps/core.xml written by us rather than by docx, which stamps it with the
// current time and offers no option to set created/modified. A fixed instant keeps
// the package byte-identical for equal models.

export interface CoreProperties {
  title: string;
  creator: string;
  /** W3C date-time, e.g. `2023-12-31T00:00:00Z`. */
  instant: string;
}

const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes markup and drops the control characters XML 1.0 cannot hold, as docx does for the body. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"\x00-\x08\x0B\x0C\x0E-\x1F]/g, (char) => XML_ENTITIES[char] ?? '');
}

export function corePropertiesXml({ title, creator, instant }: CoreProperties): string {
  const stamp = (name: string): string =>
    `<dcterms:${name} xsi:type="dcterms:W3CDTF">${escapeXml(instant)}</dcterms:${name}>`;
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<cp:coreProperties',
    ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:dcterms="http://purl.org/dc/terms/"',
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"',
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `<dc:title>${escapeXml(title)}</dc:title>`,
    `<dc:creator>${escapeXml(creator)}</dc:creator>`,
    `<cp:lastModifiedBy>${escapeXml(creator)}</cp:lastModifiedBy>`,
    '<cp:revision>1</cp:revision>',
    '<dc:language>ru-RU</dc:language>',
    stamp('created'),
    stamp('modified'),
    '</cp:coreProperties>',
  ].join('');
}
