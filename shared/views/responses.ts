// The shapes the read side answers with, built from the view documents: the API's
// response schemas and the pages' data are these, so the contract and the code agree.
import { z } from 'zod';
import {
  ApiKeyDocSchema,
  EntryDocSchema,
  ExecutorDocSchema,
  ExecutorNameDocSchema,
  HistoryDocSchema,
  PlanSummaryDocSchema,
} from './documents';

const Position = z.number().int().nonnegative();
const Year = z.number().int();

/** What every read says about the state it answers from. */
export const ReadStateFields = {
  position: Position.describe('The log position the answer reflects (also the X-Position header).'),
};

export const MeasureExecutorViewSchema = z.object({
  executorId: z.string(),
  nameInPlan: z.string().describe('The executor as the plan names it.'),
  currentName: z.string().nullable(),
  status: z.enum(['active', 'liquidated', 'unknown']),
  successorId: z.string().nullable(),
});

export const MeasureBodySchema = z.object({
  number: z.string(),
  sectionNumber: z.string(),
  title: z.string(),
  term: z.string(),
  fromYear: Year,
  toYear: Year,
  executors: z.array(MeasureExecutorViewSchema),
  entryCount: z.number().int().nonnegative().describe('Entries not withdrawn.'),
  withdrawnCount: z.number().int().nonnegative(),
  entriesByYear: z
    .record(z.string(), z.number().int().nonnegative())
    .describe('Entries per year their period touches.'),
  version: z.number().int().positive().describe("The measure's stream version: send it as If-Match."),
  lastEventPosition: Position,
});

export const PlanViewSchema = z.object({
  ...ReadStateFields,
  replayed: z.boolean().describe('True for as-of answers (the log replayed).'),
  plan: z.object({
    planId: z.string(),
    title: z.string(),
    reportTitle: z.string(),
    parties: z.array(z.string()),
    fromYear: Year,
    toYear: Year,
    createdAt: z.string(),
  }),
  sections: z.array(z.object({ number: z.string(), title: z.string(), measures: z.array(MeasureBodySchema) })),
  measureCount: z.number().int().nonnegative(),
  nextAfter: z.string().nullable().describe('Pass as ?after= for the next page of measures; null on the last.'),
});

export const MeasureViewSchema = MeasureBodySchema.extend({
  ...ReadStateFields,
  replayed: z.boolean(),
  planId: z.string(),
  entries: z.array(EntryDocSchema).describe('A page of entries in the order reported, withdrawn ones included.'),
  nextAfter: z.number().int().nullable().describe('Pass as ?after= for the next page of entries; null on the last.'),
});

export const MeasureHistorySchema = z.object({
  ...ReadStateFields,
  replayed: z.boolean(),
  events: z.array(HistoryDocSchema),
  nextAfter: z.number().int().nullable(),
});

export const PlanListSchema = z.object({
  ...ReadStateFields,
  plans: z.array(PlanSummaryDocSchema),
  next: z.string().nullable(),
});

export const ExecutorListSchema = z.object({
  ...ReadStateFields,
  executors: z.array(ExecutorDocSchema),
  next: z.string().nullable().describe('Pass as ?after= for the next page; null on the last.'),
});

export const ExecutorViewSchema = ExecutorDocSchema.extend({
  ...ReadStateFields,
  lastEventPosition: Position,
  names: z.array(ExecutorNameDocSchema).describe('Its names in the order they took effect (the first 100).'),
  predecessors: z.array(z.string()).describe('Executors it succeeded.'),
  successorChain: z.array(
    z.object({ executorId: z.string(), fullName: z.string(), status: z.enum(['active', 'liquidated']) }),
  ),
});

export const ApiKeyListSchema = z.object({
  ...ReadStateFields,
  keys: z.array(ApiKeyDocSchema),
  next: z.string().nullable(),
});

export const WorklistItemSchema = z.object({
  planId: z.string(),
  number: z.string(),
  title: z.string(),
  term: z.string(),
  via: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('direct') }),
    z.object({ kind: z.literal('successor'), of: z.string() }),
  ]),
  entriesByYear: z.record(z.string(), z.number().int().nonnegative()),
  missingForYear: z.boolean(),
  position: Position,
});

export const WorklistSchema = z.object({
  ...ReadStateFields,
  executorId: z.string(),
  year: Year,
  measures: z.array(WorklistItemSchema),
  missing: z.array(z.object({ planId: z.string(), number: z.string() })),
});

/** One executor's progress on a measure for the year. */
export const ExecutorProgressSchema = z.object({
  executorId: z.string(),
  nameInPlan: z
    .string()
    .nullable()
    .describe('As the plan names it on this measure; null for a successor reporting for a liquidated executor.'),
  currentName: z.string().nullable(),
  party: z.string().nullable().describe('null if the directory does not know the executor.'),
  status: z.enum(['active', 'liquidated', 'unknown']),
  successorId: z.string().nullable(),
  named: z.boolean().describe('Named by the plan on this measure (false: a successor, or an executor since removed).'),
  reported: z.boolean().describe('At least one entry (not withdrawn) touches the year.'),
  entries: z.number().int().nonnegative().describe('Its entries touching the year, withdrawn ones left out.'),
  lastReportedAt: z
    .string()
    .nullable()
    .describe('When it last reported an entry for the year (a later withdrawal does not move this back).'),
});

export const MeasureProgressSchema = z.object({
  number: z.string(),
  sectionNumber: z.string(),
  title: z.string(),
  term: z.string(),
  inTerm: z.boolean().describe("The year lies within the measure's term."),
  reported: z.boolean().describe('Some executor shown has an entry touching the year.'),
  entries: z.number().int().nonnegative(),
  lastReportedAt: z.string().nullable(),
  executors: z
    .array(ExecutorProgressSchema)
    .describe("The plan's executors first, in its order; then other reporters."),
});

export const PlanProgressSchema = z.object({
  ...ReadStateFields,
  replayed: z.boolean(),
  planId: z.string(),
  year: Year,
  party: z.string().nullable().describe('The party asked for (its executors only), or null for every party.'),
  measures: z
    .array(MeasureProgressSchema)
    .describe('A page of measures in natural order; with a party, only those where it has an executor.'),
  nextAfter: z.string().nullable().describe('Pass as ?after= for the next page of measures; null on the last.'),
});

export type MeasureExecutorView = z.infer<typeof MeasureExecutorViewSchema>;
export type ExecutorProgress = z.infer<typeof ExecutorProgressSchema>;
export type MeasureProgress = z.infer<typeof MeasureProgressSchema>;
export type MeasureBody = z.infer<typeof MeasureBodySchema>;
export type WorklistItem = z.infer<typeof WorklistItemSchema>;
