// Import of a yearly report written in Word, in the seed's table layout.
export {
  type DocxApplyResult,
  type DocxImportResult,
  type DocxReading,
  type ImportDocxOptions,
  importDocx,
  parseMap,
  type ReadDocxOptions,
  readDocx,
} from './apply';
export { type LeadingDate, leadingDate } from './dates';
export { type Directory, EMPTY_DIRECTORY, readDirectory } from './directory';
export { DocxRefusedError, DocxTooLargeError } from './errors';
export type { Finding, FindingLevel, Place } from './findings';
export type { DocxChanges } from './import-document';
