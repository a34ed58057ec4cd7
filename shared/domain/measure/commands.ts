// Commands on a measure and its execution entries; the schemas validate what a caller
// sends (the envelope aside).
import { z } from 'zod';
import type { CommandEnvelope } from '../actor';
import {
  CountSchema,
  checkYearOrder,
  IdSchema,
  MeasureNumberSchema,
  SectionNumberSchema,
  textSchema,
  YearSchema,
} from '../fields';
import {
  MAX_EXECUTORS_PER_MEASURE,
  MAX_NAME_LENGTH,
  MAX_REASON_LENGTH,
  MAX_SHORT_TEXT_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_TITLE_LENGTH,
} from '../limits';
import { PeriodSchema } from '../period';

/** Without nameInPlan, the executor's current full name is taken as the plan's wording. */
const AssignmentSchema = z.object({
  executorId: IdSchema,
  nameInPlan: textSchema(MAX_NAME_LENGTH).exactOptional(),
});

export const AssignmentsSchema = z
  .array(AssignmentSchema)
  .min(1)
  .max(MAX_EXECUTORS_PER_MEASURE)
  .superRefine((assignments, ctx) => {
    assignments.forEach((assignment, index) => {
      if (assignments.findIndex((other) => other.executorId === assignment.executorId) !== index) {
        ctx.addIssue({ code: 'custom', path: [index, 'executorId'], message: 'executor listed twice' });
      }
    });
  });

export const measureFields = {
  title: textSchema(MAX_TITLE_LENGTH),
  term: textSchema(MAX_SHORT_TEXT_LENGTH),
  fromYear: YearSchema,
  toYear: YearSchema,
};

export const reportFields = {
  reportId: IdSchema,
  executorId: IdSchema,
  period: PeriodSchema,
  text: textSchema(MAX_TEXT_LENGTH),
  place: textSchema(MAX_SHORT_TEXT_LENGTH).exactOptional(),
  participants: CountSchema.exactOptional(),
  regions: CountSchema.exactOptional(),
};

/** What a correction may change (null clears an optional field), and why. */
export const correctionFields = {
  text: textSchema(MAX_TEXT_LENGTH).exactOptional(),
  period: PeriodSchema.exactOptional(),
  place: textSchema(MAX_SHORT_TEXT_LENGTH).nullable().exactOptional(),
  participants: CountSchema.nullable().exactOptional(),
  regions: CountSchema.nullable().exactOptional(),
  reason: textSchema(MAX_REASON_LENGTH),
};

const measureKey = { planId: IdSchema, number: MeasureNumberSchema };

export const AddMeasureSchema = z
  .object({
    type: z.literal('AddMeasure'),
    ...measureKey,
    sectionNumber: SectionNumberSchema,
    ...measureFields,
    executors: AssignmentsSchema,
  })
  .superRefine(checkYearOrder);

export const AmendMeasureSchema = z
  .object({
    type: z.literal('AmendMeasure'),
    ...measureKey,
    title: measureFields.title.exactOptional(),
    term: measureFields.term.exactOptional(),
    fromYear: YearSchema.exactOptional(),
    toYear: YearSchema.exactOptional(),
    executors: AssignmentsSchema.exactOptional(),
    reason: textSchema(MAX_REASON_LENGTH).exactOptional(),
  })
  .superRefine(checkYearOrder);

export const ReportExecutionSchema = z.object({ type: z.literal('ReportExecution'), ...measureKey, ...reportFields });
export const CorrectExecutionSchema = z.object({
  type: z.literal('CorrectExecution'),
  ...measureKey,
  reportId: IdSchema,
  ...correctionFields,
});
export const WithdrawExecutionSchema = z.object({
  type: z.literal('WithdrawExecution'),
  ...measureKey,
  reportId: IdSchema,
  reason: textSchema(MAX_REASON_LENGTH),
});

export type Assignment = z.infer<typeof AssignmentSchema>;
export type AddMeasure = z.infer<typeof AddMeasureSchema> & CommandEnvelope;
export type AmendMeasure = z.infer<typeof AmendMeasureSchema> & CommandEnvelope;
export type ReportExecution = z.infer<typeof ReportExecutionSchema> & CommandEnvelope;
export type CorrectExecution = z.infer<typeof CorrectExecutionSchema> & CommandEnvelope;
export type WithdrawExecution = z.infer<typeof WithdrawExecutionSchema> & CommandEnvelope;
export type MeasureCommand = AddMeasure | AmendMeasure | ReportExecution | CorrectExecution | WithdrawExecution;
