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

/** An ASCII file name, safe in a Content-Disposition header and on any disk: `report-<planId>-<year>.<ext>`. */
export function reportFileName(model: Pick<ReportModel, 'planId' | 'year'>, format: ReportFormat): string {
  const plan =
    model.planId
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-|-$/g, '') || 'plan';
  return `report-${plan}-${model.year}.${format}`;
}
