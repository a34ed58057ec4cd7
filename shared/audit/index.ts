// Auditing: export, verification, offline rebuilds and what changed between two moments.

export {
  type CheckPublicationOptions,
  checkPublication,
  type FormatCheck,
  type PublicationCheck,
} from './check-publication';
export { type ExportFile, openExportFile } from './export-file';
export {
  EventEnvelopeSchema,
  EXPORT_CONTENT_TYPE,
  ExportLineError,
  exportLine,
  parseExportLine,
} from './export-format';
export {
  DEFAULT_EXPORT_PAGE_SIZE,
  type ExportPage,
  type ExportRange,
  exportPages,
  pagesToStream,
  resolveExportRange,
} from './export-stream';
export { createProgress, formatDuration, type Progress, type ProgressOptions, progressLine } from './progress';
export { type ReportAtOptions, renderReportAt, reportModelAt } from './report-at';
export {
  ENTRY_FIELDS,
  type EntryField,
  type EntryFields,
  type FieldChange,
  type Moment,
  type ReportChange,
  type ReportChanges,
  reportChanges,
} from './report-changes';
export { describePublicationCheck, describeVerdict } from './text';
export {
  type AuditVerdict,
  type AuditVerifyOptions,
  loadExport,
  type StoreVerdict,
  type VerifyCheck,
  type VerifyRange,
  verifyExportLines,
  verifyStore,
} from './verify';
