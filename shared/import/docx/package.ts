// Opens a .docx: unzips only the parts the reader needs (fflate), each within a size
// bound checked before it is inflated, and parses them as XML (xmldom). Anything that
// is not a WordprocessingML package is refused with a stable code.

import { crc32 } from 'node:zlib';
import { DOMParser, type Document } from '@xmldom/xmldom';
import { strFromU8, type UnzipFileInfo, unzipSync } from 'fflate';
import { DocxRefusedError, DocxTooLargeError } from './errors';

/**
 * The largest part the reader inflates. The 2023 report's document.xml is 68 KB (read in about 0.1 s); xmldom
 * parses about 0.3 MB a second on one shared core, so this also bounds the time a file takes.
 */
export const MAX_PART_BYTES = 4 * 1024 * 1024;

const CONTENT_TYPES = '[Content_Types].xml';
const MAIN_CONTENT_TYPES = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  'application/vnd.ms-word.document.macroEnabled.main+xml',
]);

/** WordprocessingML, transitional (what Word writes) and strict. */
export const WORDML_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);

const PACKAGE_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/package/2006/content-types',
  'http://purl.oclc.org/ooxml/package/2006/content-types',
]);

const NOT_A_DOCX = 'The file is not a Word document (.docx)';

/**
 * The CRC-32 of each entry, from the zip's central directory. fflate inflates without checking it, so a
 * damaged byte inside a compressed part would otherwise reach the reader as a changed text.
 */
function centralChecksums(bytes: Uint8Array): Map<string, number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = new Map<string, number>();
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end -= 1;
  if (end < 0) return found;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < count && at + 46 <= bytes.length && view.getUint32(at, true) === 0x02014b50; i += 1) {
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    found.set(
      strFromU8(bytes.subarray(at + 46, Math.min(at + 46 + nameLength, bytes.length))),
      view.getUint32(at + 16, true),
    );
    at = next;
  }
  return found;
}

function unzipParts(bytes: Uint8Array, wanted: (name: string) => boolean): Record<string, Uint8Array> {
  const tooLarge: UnzipFileInfo[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (!wanted(file.name)) return false;
        if (file.originalSize > MAX_PART_BYTES) tooLarge.push(file);
        return file.originalSize <= MAX_PART_BYTES;
      },
    });
  } catch (error) {
    throw new DocxRefusedError('not_a_docx', `${NOT_A_DOCX}: it cannot be read as a zip package.`, {
      reason: error instanceof Error ? error.message : String(error),
    });
  }
  const checksums = centralChecksums(bytes);
  for (const [name, data] of Object.entries(files)) {
    if (checksums.get(name) !== crc32(data)) {
      throw new DocxRefusedError('not_a_docx', `${NOT_A_DOCX}: it is damaged (${name} fails its checksum).`);
    }
  }
  const [first] = tooLarge;
  if (first) {
    throw new DocxTooLargeError(`${first.name} unpacks to ${first.originalSize} bytes; at most ${MAX_PART_BYTES}.`, {
      limit: MAX_PART_BYTES,
    });
  }
  return files;
}

/** Parses one part; a part that is not well-formed XML is refused, never half-read. */
export function parseXml(part: string, bytes: Uint8Array): Document {
  let text: string;
  try {
    text = strFromU8(bytes);
  } catch {
    throw new DocxRefusedError('not_a_docx', `${NOT_A_DOCX}: ${part} is not UTF-8 text.`);
  }
  try {
    const doc = new DOMParser({
      // Positions are not needed, and tracking them makes a one-line part (as Word writes it) quadratic.
      locator: false,
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(text, 'text/xml');
    // Office never writes a DTD; refusing one rules out entity tricks outright.
    if (doc.doctype) throw new Error('a document type declaration is not allowed');
    return doc;
  } catch (error) {
    throw new DocxRefusedError('not_a_docx', `${NOT_A_DOCX}: ${part} is not well-formed XML.`, {
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}

/** The main document part's name, from [Content_Types].xml (almost always word/document.xml). */
function mainPartName(contentTypes: Document): string | null {
  const root = contentTypes.documentElement;
  if (!root || !PACKAGE_NAMESPACES.has(root.namespaceURI ?? '')) return null;
  for (const override of Array.from(root.getElementsByTagNameNS(root.namespaceURI ?? '', 'Override'))) {
    if (MAIN_CONTENT_TYPES.has(override.getAttribute('ContentType') ?? '')) {
      return (override.getAttribute('PartName') ?? '').replace(/^\//, '');
    }
  }
  return null;
}

/** The main document of a .docx, parsed; refuses anything else with `not_a_docx`. */
export function openDocx(bytes: Uint8Array): Document {
  const types = unzipParts(bytes, (name) => name === CONTENT_TYPES)[CONTENT_TYPES];
  if (!types) throw new DocxRefusedError('not_a_docx', `${NOT_A_DOCX}: the zip package has no ${CONTENT_TYPES}.`);
  const main = mainPartName(parseXml(CONTENT_TYPES, types));
  if (!main) {
    throw new DocxRefusedError('not_a_docx', `${NOT_A_DOCX}: the package names no Word main document part.`);
  }
  const part = unzipParts(bytes, (name) => name === main)[main];
  if (!part) throw new DocxRefusedError('not_a_docx', `${NOT_A_DOCX}: the package lacks its main part ${main}.`);
  const doc = parseXml(main, part);
  const root = doc.documentElement;
  if (root?.localName !== 'document' || !WORDML_NAMESPACES.has(root.namespaceURI ?? '')) {
    throw new DocxRefusedError('not_a_docx', `${NOT_A_DOCX}: ${main} is not a WordprocessingML document.`);
  }
  return doc;
}
