// The import document: one JSON file describing executors (with their renames and
// liquidations), a plan with its sections and measures, and optionally the execution
// entries reported on them, with later corrections and withdrawals.
import { z } from 'zod';
import { executorFields, liquidationFields, renameFields } from '../domain/executor/commands';
import { checkYearOrder, IdSchema, MeasureNumberSchema, textSchema } from '../domain/fields';
import { MAX_REASON_LENGTH, MAX_SECTIONS_PER_PLAN } from '../domain/limits';
import { AssignmentsSchema, correctionFields, measureFields, reportFields } from '../domain/measure/commands';
import { planFields, sectionFields } from '../domain/plan/commands';
import { parseOrThrow } from '../domain/validate';
import { checkReferences } from './references';

export const IMPORT_FORMAT = 'roadmap-ledger/import@1';

const ImportExecutorSchema = z.object({
  executorId: IdSchema,
  ...executorFields,
  /** In the order they happened. */
  renames: z.array(z.object(renameFields)).max(100).exactOptional(),
  liquidation: z.object(liquidationFields).exactOptional(),
});

const ImportPlanSchema = z.object({ planId: IdSchema, ...planFields }).superRefine(checkYearOrder);

const ImportReportSchema = z.object({
  ...reportFields,
  /** Applied in order, right after their report (before the next report of the document). */
  corrections: z.array(z.object(correctionFields)).max(100).exactOptional(),
  withdrawal: z.object({ reason: textSchema(MAX_REASON_LENGTH) }).exactOptional(),
});

const ImportMeasureSchema = z
  .object({
    number: MeasureNumberSchema,
    ...measureFields,
    executors: AssignmentsSchema,
    reports: z.array(ImportReportSchema).max(10_000).exactOptional(),
  })
  .superRefine(checkYearOrder);

const ImportSectionSchema = z.object({ ...sectionFields, measures: z.array(ImportMeasureSchema).max(1000) });

export const ImportDocumentSchema = z
  .object({
    format: z.literal(IMPORT_FORMAT),
    executors: z.array(ImportExecutorSchema).max(1000),
    plan: ImportPlanSchema,
    sections: z.array(ImportSectionSchema).max(MAX_SECTIONS_PER_PLAN),
  })
  .superRefine(checkReferences);

export type ImportDocument = z.infer<typeof ImportDocumentSchema>;
export type ImportExecutor = z.infer<typeof ImportExecutorSchema>;
export type ImportSection = z.infer<typeof ImportSectionSchema>;
export type ImportMeasure = z.infer<typeof ImportMeasureSchema>;
export type ImportReport = z.infer<typeof ImportReportSchema>;

/** Parses an import document, or throws ValidationError with a path for every failing field. */
export function parseImportDocument(input: unknown): ImportDocument {
  return parseOrThrow(ImportDocumentSchema, input, 'import document');
}
