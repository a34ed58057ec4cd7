// The yearly report: its model and every rendering of it (JSON, HTML, DOCX, CSV).
export {
  APPENDIX_TITLE,
  type Footnote,
  FootnoteSchema,
  type Period,
  PeriodSchema,
  REPORT_COLUMNS,
  REPORT_FORMATS,
  type ReportEntry,
  ReportEntrySchema,
  type ReportExecutor,
  ReportExecutorSchema,
  type ReportFormat,
  type ReportMeasure,
  ReportMeasureSchema,
  type ReportModel,
  ReportModelSchema,
  type ReportSection,
  ReportSectionSchema,
} from './model';
export { REPORT_CONTENT_TYPES, type RenderedReport, renderReport, reportFileName } from './render';
export { CSV_DELIMITER, CSV_HEADER, renderCsv } from './render-csv';
export { DOCX_CREATOR, renderDocx } from './render-docx';
export { renderHtml } from './render-html';
export { renderJson } from './render-json';
export {
  formatDateNumeric,
  formatDay,
  formatPeriod,
  genitiveMonth,
  MONTHS_GENITIVE,
  MONTHS_PREPOSITIONAL,
  periodEnd,
  periodStart,
  prepositionalMonth,
} from './russian-dates';
