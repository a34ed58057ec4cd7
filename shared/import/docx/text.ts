// How cell and paragraph texts are cleaned. Entry texts and measure titles are kept as
// written (no-break spaces, runs of spaces), only line breaks Word used for layout are
// turned into spaces in titles; names, terms, numbers and headings are compared and
// stored with whitespace collapsed. Every change is reported as a note.
import type { Findings, Place } from './findings';

/** Any whitespace (JavaScript's \s includes the no-break spaces) collapsed to one space, trimmed. */
export function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A key for matching names and headings: NFC (as the file is read and the ledger stores; a
 * name given with --map or in the form may come decomposed), flat, lower case, ё as е, one
 * kind of quote and dash.
 */
export function nameKey(text: string): string {
  return flat(text.normalize('NFC'))
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[«»„“”‟"']/g, '"')
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s*"\s*/g, '"');
}

function noteWhitespace(text: string, place: Place, findings: Findings, what: string, flattened: boolean): void {
  if (text.trim().includes('\n')) {
    const done = flattened || what === 'title' ? 'read as a space' : 'kept';
    findings.add('note', 'line_break', place, `A line break inside the ${what} ${done}.`, text);
  }
  if (!flattened) return;
  if (/[^\S\n]{2,}/.test(text.trim())) {
    findings.add('note', 'spaces_collapsed', place, `A run of spaces in the ${what} read as one space.`, text);
  }
  if (/[\u00a0\u202f]/.test(text)) {
    findings.add('note', 'no_break_space', place, `A no-break space in the ${what} read as a space.`, text);
  }
}

/** Names, terms, numbers, headings: whitespace collapsed, each kind of change noted. */
export function structuralText(text: string, place: Place, findings: Findings, what: string): string {
  noteWhitespace(text, place, findings, what, true);
  return flat(text);
}

/** A measure title: as written, except that line breaks (layout) become one space. */
export function titleText(paragraphs: readonly string[], place: Place, findings: Findings): string {
  const joined = paragraphs.join('\n').trim();
  noteWhitespace(joined, place, findings, 'title', false);
  return joined.replace(/[^\S\n]*\n\s*/g, ' ');
}

/** An entry: its paragraphs as lines, exactly as written; empty lines at either end dropped. */
export function entryText(paragraphs: readonly string[], place: Place, findings: Findings): string {
  const text = paragraphs.join('\n').replace(/^\s+|\s+$/g, '');
  noteWhitespace(text, place, findings, 'entry', false);
  return text;
}
