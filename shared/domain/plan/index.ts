export {
  type AddSection,
  AddSectionSchema,
  type CreatePlan,
  CreatePlanSchema,
  type PlanCommand,
  planFields,
  sectionFields,
} from './commands';
export { decidePlan } from './decide';
export {
  PLAN_EVENT_VERSIONS,
  type PlanCreated,
  PlanCreatedSchema,
  type PlanEvent,
  PlanEventSchema,
  type SectionAdded,
  SectionAddedSchema,
} from './events';
export { evolvePlan, findSection, initialPlanState, type Plan, type PlanState, type Section } from './state';
