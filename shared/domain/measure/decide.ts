// Decisions on a measure: add it to a section of the plan, amend it, and (in
// decide-execution.ts) report, correct and withdraw its execution entries. The measure
// is the plan's, so only a key without a party limit adds or amends one.

import { ValidationError } from '../../errors';
import { KEEPER_ROLES, requireJointKey, requirePlanScope, requireRole } from '../actor';
import type { Executor } from '../executor/state';
import { belongsToSection } from '../numbering';
import { findSection, type Plan } from '../plan/state';
import { refuse } from '../refusals';
import { parseOrThrow, unknownCommand } from '../validate';
import {
  type AddMeasure,
  AddMeasureSchema,
  type AmendMeasure,
  AmendMeasureSchema,
  type Assignment,
  type MeasureCommand,
} from './commands';
import { correctExecution, reportExecution, withdrawExecution } from './decide-execution';
import type { MeasureEvent, MeasureExecutor } from './events';
import { type MeasureContext, requireAssignable, requireMeasure, requirePlan } from './rules';
import type { Measure, MeasureState } from './state';

export function decideMeasure(command: MeasureCommand, state: MeasureState, context: MeasureContext): MeasureEvent[] {
  switch (command.type) {
    case 'AddMeasure':
      return addMeasure(command, state, context);
    case 'AmendMeasure':
      return amendMeasure(command, state, context);
    case 'ReportExecution':
      return reportExecution(command, state, context);
    case 'CorrectExecution':
      return correctExecution(command, state, context);
    case 'WithdrawExecution':
      return withdrawExecution(command, state, context);
    default:
      return unknownCommand(command);
  }
}

function addMeasure(command: AddMeasure, state: MeasureState, context: MeasureContext): MeasureEvent[] {
  requireRole(command.actor, KEEPER_ROLES, 'add measures');
  const { type: _type, executors, ...fields } = parseOrThrow(AddMeasureSchema, command, 'measure');
  requirePlanScope(command.actor, fields.planId);
  requireJointKey(command.actor, 'add measures');
  if (state) refuse('measure_exists', `Measure ${fields.number} already exists`);
  const plan = requirePlan(context, fields.planId);
  if (!findSection(plan, fields.sectionNumber)) {
    refuse('section_not_found', `Section ${fields.sectionNumber} does not exist in plan ${plan.planId}`);
  }
  if (!belongsToSection(fields.number, fields.sectionNumber)) {
    refuse('measure_outside_section', `Measure ${fields.number} does not belong to section ${fields.sectionNumber}`);
  }
  checkTerm(plan, fields.fromYear, fields.toYear);
  const assigned = executors.map((assignment) => assign(assignment, context.executors, undefined));
  return [{ type: 'MeasureAdded', data: { ...fields, executors: assigned } }];
}

function amendMeasure(command: AmendMeasure, state: MeasureState, context: MeasureContext): MeasureEvent[] {
  requireRole(command.actor, KEEPER_ROLES, 'amend measures');
  const {
    type: _type,
    planId,
    number,
    executors,
    reason,
    ...fields
  } = parseOrThrow(AmendMeasureSchema, command, 'amendment');
  requirePlanScope(command.actor, planId);
  requireJointKey(command.actor, 'amend measures');
  const measure = requireMeasure(state, number);
  const plan = requirePlan(context, planId);
  const changes = {
    ...(fields.title !== undefined && fields.title !== measure.title && { title: fields.title }),
    ...(fields.term !== undefined && fields.term !== measure.term && { term: fields.term }),
    ...(fields.fromYear !== undefined && fields.fromYear !== measure.fromYear && { fromYear: fields.fromYear }),
    ...(fields.toYear !== undefined && fields.toYear !== measure.toYear && { toYear: fields.toYear }),
    ...amendedExecutors(measure, executors, context.executors),
  };
  if (Object.keys(changes).length === 0)
    refuse('amendment_changes_nothing', `The amendment leaves measure ${number} as it is`);
  const fromYear = changes.fromYear ?? measure.fromYear;
  const toYear = changes.toYear ?? measure.toYear;
  if (fromYear > toYear) {
    throw new ValidationError('Invalid amendment', [
      { path: 'toYear', message: `must not be before fromYear ${fromYear}` },
    ]);
  }
  checkTerm(plan, fromYear, toYear);
  return [{ type: 'MeasureAmended', data: { planId, number, ...changes, ...(reason !== undefined && { reason }) } }];
}

function checkTerm(plan: Plan, fromYear: number, toYear: number): void {
  if (fromYear < plan.fromYear || toYear > plan.toYear) {
    refuse(
      'term_outside_plan',
      `The term ${fromYear}-${toYear} lies outside the plan's years ${plan.fromYear}-${plan.toYear}`,
    );
  }
}

/** Keeps the snapshot of an executor already assigned; a newly assigned one must be live. */
function assign(
  assignment: Assignment,
  executors: ReadonlyMap<string, Executor>,
  current: MeasureExecutor | undefined,
): MeasureExecutor {
  if (current) return { executorId: current.executorId, nameInPlan: assignment.nameInPlan ?? current.nameInPlan };
  const executor = requireAssignable(executors, assignment.executorId);
  return { executorId: executor.executorId, nameInPlan: assignment.nameInPlan ?? executor.fullName };
}

function amendedExecutors(
  measure: Measure,
  assignments: Assignment[] | undefined,
  executors: ReadonlyMap<string, Executor>,
): { executors?: MeasureExecutor[] } {
  if (!assignments) return {};
  const next = assignments.map((assignment) =>
    assign(
      assignment,
      executors,
      measure.executors.find((current) => current.executorId === assignment.executorId),
    ),
  );
  const same =
    next.length === measure.executors.length &&
    next.every(
      (item, i) =>
        item.executorId === measure.executors[i]?.executorId && item.nameInPlan === measure.executors[i]?.nameInPlan,
    );
  return same ? {} : { executors: next };
}
