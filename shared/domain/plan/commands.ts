// Commands on a plan; the schemas validate what a caller sends (the envelope aside).
import { z } from 'zod';
import type { CommandEnvelope } from '../actor';
import { checkYearOrder, IdSchema, SectionNumberSchema, textSchema, YearSchema } from '../fields';
import { MAX_NAME_LENGTH, MAX_PARTIES, MAX_TITLE_LENGTH } from '../limits';

export const planFields = {
  title: textSchema(MAX_TITLE_LENGTH),
  reportTitle: textSchema(MAX_TITLE_LENGTH),
  parties: z
    .array(textSchema(MAX_NAME_LENGTH))
    .min(1)
    .max(MAX_PARTIES)
    .refine((parties) => new Set(parties).size === parties.length, 'parties must be distinct'),
  fromYear: YearSchema,
  toYear: YearSchema,
};

export const sectionFields = {
  number: SectionNumberSchema,
  title: textSchema(MAX_TITLE_LENGTH),
};

export const CreatePlanSchema = z
  .object({ type: z.literal('CreatePlan'), planId: IdSchema, ...planFields })
  .superRefine(checkYearOrder);
export const AddSectionSchema = z.object({ type: z.literal('AddSection'), planId: IdSchema, ...sectionFields });

export type CreatePlan = z.infer<typeof CreatePlanSchema> & CommandEnvelope;
export type AddSection = z.infer<typeof AddSectionSchema> & CommandEnvelope;
export type PlanCommand = CreatePlan | AddSection;
