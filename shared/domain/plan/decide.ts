// Decisions on a plan: created once; section numbers unique, at most MAX_SECTIONS_PER_PLAN. The plan is all its
// parties': a key limited to a party does not change it.
import { KEEPER_ROLES, requireJointKey, requirePlanScope, requireRole } from '../actor';
import { MAX_SECTIONS_PER_PLAN } from '../limits';
import { refuse } from '../refusals';
import { parseOrThrow, unknownCommand } from '../validate';
import { type AddSection, AddSectionSchema, type CreatePlan, CreatePlanSchema, type PlanCommand } from './commands';
import type { PlanEvent } from './events';
import { findSection, type PlanState } from './state';

export function decidePlan(command: PlanCommand, state: PlanState): PlanEvent[] {
  switch (command.type) {
    case 'CreatePlan':
      return createPlan(command, state);
    case 'AddSection':
      return addSection(command, state);
    default:
      return unknownCommand(command);
  }
}

function createPlan(command: CreatePlan, state: PlanState): PlanEvent[] {
  requireRole(command.actor, KEEPER_ROLES, 'create plans');
  const { type: _type, ...data } = parseOrThrow(CreatePlanSchema, command, 'plan');
  requirePlanScope(command.actor, data.planId);
  requireJointKey(command.actor, 'create plans');
  if (state) refuse('plan_exists', `Plan ${data.planId} already exists`);
  return [{ type: 'PlanCreated', data }];
}

function addSection(command: AddSection, state: PlanState): PlanEvent[] {
  requireRole(command.actor, KEEPER_ROLES, 'add sections');
  const { type: _type, ...data } = parseOrThrow(AddSectionSchema, command, 'section');
  requirePlanScope(command.actor, data.planId);
  requireJointKey(command.actor, 'add sections');
  if (!state) return refuse('plan_not_found', `Plan ${data.planId} does not exist`);
  if (findSection(state, data.number)) refuse('section_exists', `Section ${data.number} already exists`);
  if (state.sections.length >= MAX_SECTIONS_PER_PLAN) {
    refuse(
      'plan_sections_full',
      `Plan ${data.planId} has ${MAX_SECTIONS_PER_PLAN} sections, the most a plan may have`,
      {
        limit: MAX_SECTIONS_PER_PLAN,
      },
    );
  }
  return [{ type: 'SectionAdded', data }];
}
