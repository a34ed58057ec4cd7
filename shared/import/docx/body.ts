// The document body as the reader needs it: paragraphs outside tables and tables of
// rows of cells, each cell placed on the table grid (w:gridSpan) and marked where it
// continues a vertical merge (w:vMerge). Text is taken run by run, so a word split
// across runs reads whole; w:br and w:cr become "\n", w:tab a tab; deleted text
// (tracked changes) is left out. Bookmarks, pictures and Word footnote references
// carry no text and are reported as findings.
import type { Element, Node } from '@xmldom/xmldom';
import { DocxTooLargeError } from './errors';
import type { Findings, Place } from './findings';
import { WORDML_NAMESPACES } from './package';

export interface BodyParagraph {
  /** 1-based among the paragraphs outside tables. */
  number: number;
  /** The text, with "\n" where Word has a line break. */
  text: string;
}

export interface BodyCell {
  /** The first grid column the cell covers, 0-based. */
  column: number;
  /** Grid columns covered (w:gridSpan). */
  span: number;
  /** `continue` when the cell only continues the one above (w:vMerge without restart). */
  vMerge: 'restart' | 'continue' | null;
  /** The cell's paragraphs, each with "\n" for line breaks inside it. */
  paragraphs: string[];
  place: Place;
}

export interface BodyRow {
  /** 1-based within its table. */
  number: number;
  cells: BodyCell[];
}

export interface BodyTable {
  /** 1-based among the tables of the body. */
  number: number;
  rows: BodyRow[];
  /** The paragraph number of the last paragraph before the table (0 at the start). */
  after: number;
}

export type BodyBlock = { kind: 'paragraph'; paragraph: BodyParagraph } | { kind: 'table'; table: BodyTable };

/** Rows the reader accepts in one document: far beyond a yearly report, a bound on the work done. */
export const MAX_ROWS = 10_000;

const isWord = (node: Node): node is Element =>
  node.nodeType === 1 && WORDML_NAMESPACES.has((node as Element).namespaceURI ?? '');

function wordChildren(element: Element): Element[] {
  const out: Element[] = [];
  for (let child = element.firstChild; child; child = child.nextSibling) if (isWord(child)) out.push(child);
  return out;
}

function wordAttribute(element: Element, name: string): string | null {
  for (const ns of WORDML_NAMESPACES) {
    const value = element.getAttributeNS(ns, name);
    if (value !== null && value !== '') return value;
  }
  return null;
}

function firstChild(element: Element, name: string): Element | undefined {
  return wordChildren(element).find((child) => child.localName === name);
}

/** Containers whose content counts as if it stood in their place. */
const TRANSPARENT = new Set(['sdt', 'sdtContent', 'customXml', 'smartTag', 'ins', 'moveTo', 'hyperlink', 'fldSimple']);
/** Elements whose text is not part of the document as read (deleted text, properties). */
const SKIPPED = new Set(['del', 'moveFrom', 'pPr', 'rPr', 'sdtPr', 'sdtEndPr', 'customXmlPr', 'tblPr', 'trPr', 'tcPr']);

interface TextContext {
  findings: Findings;
  place: Place;
}

function runText(run: Element, context: TextContext): string {
  let text = '';
  for (const child of wordChildren(run)) {
    switch (child.localName) {
      case 't':
        text += child.textContent ?? '';
        break;
      case 'tab':
        text += '\t';
        break;
      case 'br':
      case 'cr':
        text += '\n';
        break;
      case 'noBreakHyphen':
        text += '-';
        break;
      case 'footnoteReference':
      case 'endnoteReference':
        context.findings.add(
          'warning',
          'word_footnote',
          context.place,
          'A Word footnote reference is not read; write the footnote as a paragraph after the table, starting with its mark («*»).',
        );
        break;
      case 'drawing':
      case 'pict':
      case 'object':
        context.findings.add('note', 'drawing_ignored', context.place, 'A picture or object carries no text; ignored.');
        break;
      default:
        break; // rPr, fldChar, instrText (field codes), softHyphen, lastRenderedPageBreak: no visible text
    }
  }
  return text;
}

function inlineText(element: Element, context: TextContext): string {
  let text = '';
  for (const child of wordChildren(element)) {
    const name = child.localName ?? '';
    if (SKIPPED.has(name)) {
      if (name === 'del' || name === 'moveFrom') {
        context.findings.add('note', 'tracked_deletion', context.place, 'Deleted text (tracked changes) left out.');
      }
    } else if (name === 'r') text += runText(child, context);
    else if (name === 'bookmarkStart') {
      const label = wordAttribute(child, 'name') ?? '';
      context.findings.add('note', 'bookmark', context.place, `Bookmark «${label}» ignored.`);
    } else if (TRANSPARENT.has(name)) text += inlineText(child, context);
  }
  return text;
}

/**
 * The paragraph's text: its runs in order, "\n" for each line break, in NFC as the ledger
 * stores every text. A file holding «й» as «и» and a combining breve (text copied from a
 * PDF) would otherwise never match what its first import stored, and each import again
 * would bring its entries again.
 */
export function paragraphText(paragraph: Element, context: TextContext): string {
  return inlineText(paragraph, context).normalize('NFC');
}

/** Children of a container, with content controls and custom XML unwrapped. */
function flatten(element: Element, keep: (name: string) => boolean): Element[] {
  const out: Element[] = [];
  for (const child of wordChildren(element)) {
    const name = child.localName ?? '';
    if (keep(name)) out.push(child);
    else if (name === 'sdt') {
      const content = firstChild(child, 'sdtContent');
      if (content) out.push(...flatten(content, keep));
    } else if (name === 'customXml') out.push(...flatten(child, keep));
  }
  return out;
}

function gridNumber(element: Element | undefined, fallback: number): number {
  const value = element ? Number(wordAttribute(element, 'val')) : Number.NaN;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function readCell(tc: Element, column: number, place: Place, findings: Findings): BodyCell {
  const properties = firstChild(tc, 'tcPr');
  const span = gridNumber(properties && firstChild(properties, 'gridSpan'), 1);
  const merge = properties && firstChild(properties, 'vMerge');
  const vMerge = merge ? (wordAttribute(merge, 'val') === 'restart' ? 'restart' : 'continue') : null;
  const paragraphs: string[] = [];
  const context = { findings, place };
  for (const block of flatten(tc, (name) => name === 'p' || name === 'tbl' || name === 'bookmarkStart')) {
    if (block.localName === 'p') paragraphs.push(paragraphText(block, context));
    else if (block.localName === 'bookmarkStart') {
      const label = wordAttribute(block, 'name') ?? '';
      findings.add('note', 'bookmark', place, `Bookmark «${label}» ignored.`);
    } else findings.add('warning', 'nested_table', place, 'A table inside a cell is not read.');
  }
  return { column, span, vMerge, paragraphs, place };
}

function readRow(tr: Element, table: number, number: number, findings: Findings): BodyRow {
  const properties = firstChild(tr, 'trPr');
  let column = gridNumber(properties && firstChild(properties, 'gridBefore'), 0);
  const cells: BodyCell[] = [];
  for (const tc of flatten(tr, (name) => name === 'tc')) {
    const cell = readCell(tc, column, { table, row: number, cell: column + 1 }, findings);
    cells.push(cell);
    column += cell.span;
  }
  return { number, cells };
}

function readTable(tbl: Element, number: number, after: number, findings: Findings, budget: { rows: number }) {
  const rows: BodyRow[] = [];
  for (const tr of flatten(tbl, (name) => name === 'tr')) {
    budget.rows++;
    if (budget.rows > MAX_ROWS) {
      throw new DocxTooLargeError(`The document has more than ${MAX_ROWS} table rows.`, { limit: MAX_ROWS });
    }
    rows.push(readRow(tr, number, rows.length + 1, findings));
  }
  return { number, rows, after };
}

/** The body's paragraphs and tables in order. */
export function readBody(document: Element, findings: Findings): BodyBlock[] {
  const body = firstChild(document, 'body');
  const blocks: BodyBlock[] = [];
  if (!body) return blocks;
  const budget = { rows: 0 };
  let paragraphs = 0;
  let tables = 0;
  for (const element of flatten(body, (name) => name === 'p' || name === 'tbl' || name === 'bookmarkStart')) {
    if (element.localName === 'p') {
      paragraphs++;
      const text = paragraphText(element, { findings, place: { paragraph: paragraphs } });
      blocks.push({ kind: 'paragraph', paragraph: { number: paragraphs, text } });
    } else if (element.localName === 'bookmarkStart') {
      const label = wordAttribute(element, 'name') ?? '';
      findings.add('note', 'bookmark', { paragraph: paragraphs + 1 }, `Bookmark «${label}» ignored.`);
    } else {
      tables++;
      blocks.push({ kind: 'table', table: readTable(element, tables, paragraphs, findings, budget) });
    }
  }
  return blocks;
}
