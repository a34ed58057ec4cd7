// One entry point for every report format: bytes, content type and file name,
// ready for an HTTP response or an object store.
import type { ReportFormat, ReportModel } from './model';
import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { renderJson } from './render-json';

export interface RenderedReport {
  body: Uint8Array;
  contentType: string;
  fileExtension: string;
}

export const REPORT_CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv; charset=utf-8',
};

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

async function renderBody(model: ReportModel, format: ReportFormat): Promise<Uint8Array> {
  switch (format) {
    case 'json':
      return utf8(renderJson(model));
    case 'html':
      return utf8(renderHtml(model));
    case 'docx':
      // Loaded on first use: the DOCX writer is the heaviest module of the API's bundle.
      return (await import('./render-docx')).renderDocx(model);
    case 'csv':
      return utf8(renderCsv(model));
    default: {
      const unknown: never = format;
      throw new TypeError(`unknown report format: ${String(unknown)}`);
    }
  }
}

export async function renderReport(model: ReportModel, format: ReportFormat): Promise<RenderedReport> {
  return { body: await renderBody(model, format), contentType: REPORT_CONTENT_TYPES[format], fileExtension: format };
}

/** Russian letters in Latin (the passport table, ГОСТ Р 52535.1-2006), for file names. */
const LATIN: Readonly<Record<string, string>> = Object.fromEntries(
  [...'абвгдеёжзийклмнопрстуфхцчшщъыьэюя'].map((letter, i) => [
    letter,
    [
      'a',
      'b',
      'v',
      'g',
      'd',
      'e',
      'e',
      'zh',
      'z',
      'i',
      'i',
      'k',
      'l',
      'm',
      'n',
      'o',
      'p',
      'r',
      's',
      't',
      'u',
      'f',
      'kh',
      'ts',
      'ch',
      'sh',
      'shch',
      '',
      'y',
      '',
      'e',
      'iu',
      'ia',
    ][i] ?? '',
  ]),
);

const slug = (text: string): string =>
  text
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');

const latin = (text: string): string => [...text.toLowerCase()].map((char) => LATIN[char] ?? char).join('');

/**
 * An ASCII file name, safe in a Content-Disposition header and on any disk:
 * `report-<planId>-<year>.<ext>`, and for a party's report `…-<party in Latin letters>`
 * (`report-spb-smolensk-2021-2023-2023-smolenskaia-oblast.docx`).
 */
export function reportFileName(
  model: Pick<ReportModel, 'planId' | 'year'> & { party?: string | null },
  format: ReportFormat,
): string {
  const plan = slug(model.planId) || 'plan';
  const party = model.party ? `-${slug(latin(model.party)).slice(0, 60) || 'party'}` : '';
  return `report-${plan}-${model.year}${party}.${format}`;
}
