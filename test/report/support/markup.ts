// Reading rendered HTML and WordprocessingML back as a reader would see it: the text
// without tags, entities decoded. Deliberately simple; the renderers emit no comments,
// CDATA or scripts for it to trip on.
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name] ?? '');
}

/** Visible text of an HTML fragment: <br> and block ends become line breaks. */
export function htmlText(fragment: string): string {
  const withBreaks = fragment.replace(/<br>|<\/(?:p|tr|h1|h2|span)>/g, '\n');
  return decodeEntities(withBreaks.replace(/<[^>]*>/g, ''));
}

/** Every match of a block-level element by its opening pattern, in document order. */
export function blocks(html: string, open: RegExp, tag: string): string[] {
  const found: string[] = [];
  const pattern = new RegExp(`${open.source}[\\s\\S]*?</${tag}>`, 'g');
  for (const match of html.matchAll(pattern)) found.push(match[0]);
  return found;
}

/** Paragraph texts of a WordprocessingML part, one string per w:p. */
export function wordParagraphs(xml: string): string[] {
  return blocks(xml, /<w:p[ >]/, 'w:p').map((p) =>
    decodeEntities([...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')),
  );
}
