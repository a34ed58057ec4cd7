// Events of a plan («дорожная карта»): its creation and its sections.
import { z } from 'zod';

export const PlanCreatedSchema = z.object({
  planId: z.string(),
  title: z.string(),
  /** The phrase after «Отчет об исполнении в <год> году» in the report heading. */
  reportTitle: z.string(),
  parties: z.array(z.string()),
  fromYear: z.number().int(),
  toYear: z.number().int(),
});

export const SectionAddedSchema = z.object({
  planId: z.string(),
  number: z.string(),
  title: z.string(),
});

export const PlanEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('PlanCreated'), data: PlanCreatedSchema }),
  z.object({ type: z.literal('SectionAdded'), data: SectionAddedSchema }),
]);
export type PlanEvent = z.infer<typeof PlanEventSchema>;
export type PlanCreated = z.infer<typeof PlanCreatedSchema>;
export type SectionAdded = z.infer<typeof SectionAddedSchema>;

export const PLAN_EVENT_VERSIONS = {
  PlanCreated: 1,
  SectionAdded: 1,
} as const satisfies Record<PlanEvent['type'], number>;
