// Import of a plan and its history from one JSON document.
export {
  IMPORT_FORMAT,
  type ImportDocument,
  ImportDocumentSchema,
  type ImportExecutor,
  type ImportMeasure,
  type ImportReport,
  type ImportSection,
  parseImportDocument,
} from './document';
export { type ImportStep, planImport } from './plan-import';
