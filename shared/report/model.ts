// The yearly report model: what every format (JSON, HTML, DOCX, CSV) renders.
// It is a plain value built by a pure function of (plan, year, log position);
// renderers must not consult anything else, so equal models give equal bytes.
import { z } from 'zod';
import { PeriodSchema } from '../domain/period';
import { PublishedCheckpointSchema } from '../domain/publication/events';

/** A period as the domain records it (shared/domain/period.ts). Dates are ISO `YYYY-MM-DD`. */
export { type Period, PeriodSchema } from '../domain/period';

export const ReportEntrySchema = z.object({
  reportId: z.string(),
  /** The entry's text exactly as reported (or as last corrected). */
  text: z.string(),
  period: PeriodSchema,
  /** The period in Russian, in the documents' own style («28 февраля – 1 марта 2023 года»); empty for `none`. */
  periodText: z.string(),
  /** First and last day covered, ISO; null for an undated entry. */
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  place: z.string().nullable(),
  participants: z.number().int().nullable(),
  regions: z.number().int().nullable(),
  reportedBy: z.string(),
  /** The party of the executor it was reported for («Смоленская область»): whose part of the report it is. */
  party: z.string(),
  /** Global log position of the ExecutionReported event (the report order). */
  position: z.number().int(),
});
export type ReportEntry = z.infer<typeof ReportEntrySchema>;

export const ReportExecutorSchema = z.object({
  executorId: z.string(),
  /**
   * The name as written in the plan (the name at the time it was assigned). An executor the
   * plan no longer names but whose entries the report shows: the name it was registered with.
   */
  name: z.string(),
  /** Footnote mark: '' or '*', '**', … */
  mark: z.string(),
  /** The party (region) it belongs to; '' if the directory does not know it. */
  party: z.string(),
});
export type ReportExecutor = z.infer<typeof ReportExecutorSchema>;

export const ReportMeasureSchema = z.object({
  number: z.string(),
  /** The number as printed in the first column: «2.1.» */
  label: z.string(),
  title: z.string(),
  /** The term column, e.g. «2021-2023 годы». */
  term: z.string(),
  /** Grouped by party in the order of the report's `parties` (a party's report: that party's only). */
  executors: z.array(ReportExecutorSchema),
  /** Grouped by party like the executors; within a party in the order reported. */
  entries: z.array(ReportEntrySchema),
});
export type ReportMeasure = z.infer<typeof ReportMeasureSchema>;

export const ReportSectionSchema = z.object({
  number: z.string(),
  title: z.string(),
  /** The heading row as printed: «2. В области туристской деятельности» */
  heading: z.string(),
  measures: z.array(ReportMeasureSchema),
});
export type ReportSection = z.infer<typeof ReportSectionSchema>;

export const FootnoteSchema = z.object({
  mark: z.string(),
  executorId: z.string(),
  /** Without the mark: «ликвидировано с 14.03.2022 года, создан АНО «…»» */
  text: z.string(),
});
export type Footnote = z.infer<typeof FootnoteSchema>;

export const ReportModelSchema = z.object({
  planId: z.string(),
  year: z.number().int(),
  /** The party whose report it is; null for the joint report of every party. */
  party: z.string().nullable(),
  /**
   * The order of parties in the report: the plan's (and, in a joint report, any other
   * party an executor on it belongs to, after them); a party's report: that party.
   */
  parties: z.array(z.string()),
  /** The log position the report reflects, and the chain hash there. */
  position: z.number().int(),
  chainHash: z.string(),
  /**
   * A publication's signed checkpoint of the log at `position` (its footer prints it);
   * absent in live and as-of reports, and in publications recorded before checkpoints.
   */
  checkpoint: PublishedCheckpointSchema.optional(),
  /** The full heading as one line, and as the seed breaks it into lines. */
  heading: z.string(),
  headingLines: z.array(z.string()),
  // Exactly five headings; the bounds say so to tools that do not read `prefixItems`.
  columns: z
    .tuple([z.string(), z.string(), z.string(), z.string(), z.string()])
    .meta({ items: { type: 'string' }, minItems: 5, maxItems: 5 }),
  sections: z.array(ReportSectionSchema),
  footnotes: z.array(FootnoteSchema),
  /** Measures without any entry for the year, when asked for; null otherwise. */
  appendix: z.object({ title: z.string(), sections: z.array(ReportSectionSchema) }).nullable(),
});
export type ReportModel = z.infer<typeof ReportModelSchema>;

export const REPORT_COLUMNS: ReportModel['columns'] = [
  '№ п/п Плана',
  'Наименование мероприятия Плана',
  'Сроки проведения',
  'Ответственный исполнитель',
  'Информация о ходе исполнения мероприятий Плана',
];

export const APPENDIX_TITLE = 'Мероприятия Плана, информация о ходе исполнения которых не представлена';

export type ReportFormat = 'json' | 'html' | 'docx' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'html', 'docx', 'csv'];
