export {
  type PlanCreated,
  PlanCreatedSchema,
  PLAN_EVENT_VERSIONS,
  type PlanEvent,
  PlanEventSchema,
  type SectionAdded,
  SectionAddedSchema,
} from './events';
export {
  type AddSection,
  AddSectionSchema,
  type CreatePlan,
  CreatePlanSchema,
  type PlanCommand,
  planFields,
  sectionFields,
} from './commands';
export { evolvePlan, findSection, initialPlanState, type Plan, type PlanState, type Section } from './state';
export { decidePlan } from './decide';
