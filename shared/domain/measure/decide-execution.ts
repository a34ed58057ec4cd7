// Decisions on execution entries («информация о ходе исполнения») of a measure:
// report one, correct it, withdraw it. A coordinator limited to a party handles only
// the entries of that party's executors; any limited key only its plans'.
import { REPORTER_ROLES, requireOwnParty, requirePlanScope, requireRole } from '../actor';
import { samePeriod } from '../period';
import { refuse } from '../refusals';
import { commandFields } from '../validate';
import {
  type CorrectExecution,
  CorrectExecutionSchema,
  type ReportExecution,
  ReportExecutionSchema,
  type WithdrawExecution,
  WithdrawExecutionSchema,
} from './commands';
import type { ExecutionCorrected, MeasureEvent } from './events';
import {
  agencyMayActFor,
  checkPeriod,
  type MeasureContext,
  mayReportOn,
  requireLiveReport,
  requireMeasure,
  requirePlan,
} from './rules';
import { type ExecutionReport, type MeasureState, textDigest } from './state';
import { checkYearBudget } from './year-budget';

export function reportExecution(
  command: ReportExecution,
  state: MeasureState,
  context: MeasureContext,
): MeasureEvent[] {
  requireRole(command.actor, REPORTER_ROLES, 'report execution');
  const { type: _type, ...data } = commandFields(ReportExecutionSchema, command, 'execution report');
  requirePlanScope(command.actor, data.planId);
  const measure = requireMeasure(state, data.number);
  const plan = requirePlan(context, data.planId);
  if (command.actor.role === 'agency' && command.actor.executorId !== data.executorId) {
    refuse('not_own_executor', 'An agency may only report as its own executor', { executorId: data.executorId });
  }
  if (measure.reports.has(data.reportId)) {
    refuse('report_exists', `Report ${data.reportId} already exists in measure ${data.number}`);
  }
  const executor = context.executors.get(data.executorId);
  if (!executor) return refuse('executor_not_found', `Executor ${data.executorId} is not registered`);
  requireOwnParty(command.actor, executor);
  if (!mayReportOn(measure, data.executorId, context.executors)) {
    // For an agency this is a question of access (403); a coordinator naming the
    // wrong executor breaks a rule of the plan (409).
    if (command.actor.role === 'agency') {
      refuse('not_responsible_agency', `Your executor is not responsible for measure ${data.number}`, {
        executorId: data.executorId,
      });
    }
    refuse('executor_not_responsible', `Executor ${data.executorId} is not responsible for measure ${data.number}`);
  }
  checkPeriod(data.period, plan, executor);
  const entry = {
    executorId: data.executorId,
    period: data.period,
    textLength: data.text.length,
    place: data.place ?? null,
    withdrawal: null,
  };
  checkYearBudget(measure, undefined, entry, context.executors);
  return [{ type: 'ExecutionReported', data }];
}

export function correctExecution(
  command: CorrectExecution,
  state: MeasureState,
  context: MeasureContext,
): MeasureEvent[] {
  requireRole(command.actor, REPORTER_ROLES, 'correct execution reports');
  const {
    type: _type,
    planId,
    number,
    reportId,
    reason,
    ...fields
  } = commandFields(CorrectExecutionSchema, command, 'correction');
  requirePlanScope(command.actor, planId);
  const measure = requireMeasure(state, number);
  const plan = requirePlan(context, planId);
  const report = requireLiveReport(measure, reportId);
  requireEntryParty(command, report, context);
  if (!agencyMayActFor(command.actor, report.executorId, context.executors)) {
    refuse('not_report_owner', `Report ${reportId} was reported by another executor`);
  }
  const changes = changedFields(report, fields);
  if (Object.keys(changes).length === 0)
    refuse('correction_changes_nothing', `The correction leaves report ${reportId} as it is`);
  if (changes.period) checkPeriod(changes.period, plan, context.executors.get(report.executorId));
  checkYearBudget(
    measure,
    report,
    {
      ...report,
      ...(changes.period !== undefined && { period: changes.period }),
      ...(changes.text !== undefined && { textLength: changes.text.length }),
      ...(changes.place !== undefined && { place: changes.place }),
    },
    context.executors,
  );
  return [{ type: 'ExecutionCorrected', data: { planId, number, reportId, ...changes, reason } }];
}

export function withdrawExecution(
  command: WithdrawExecution,
  state: MeasureState,
  context: MeasureContext,
): MeasureEvent[] {
  requireRole(command.actor, REPORTER_ROLES, 'withdraw execution reports');
  const { type: _type, ...data } = commandFields(WithdrawExecutionSchema, command, 'withdrawal');
  requirePlanScope(command.actor, data.planId);
  const measure = requireMeasure(state, data.number);
  const report = requireLiveReport(measure, data.reportId);
  requireEntryParty(command, report, context);
  if (!agencyMayActFor(command.actor, report.executorId, context.executors)) {
    refuse('not_report_owner', `Report ${data.reportId} was reported by another executor`);
  }
  return [{ type: 'ExecutionWithdrawn', data }];
}

/** An entry belongs to the party of the executor it was reported for. */
function requireEntryParty(
  command: CorrectExecution | WithdrawExecution,
  report: ExecutionReport,
  context: MeasureContext,
): void {
  if (command.actor.party === undefined) return;
  const executor = context.executors.get(report.executorId);
  // Unknown to the directory: no party to match, so not the key's party.
  requireOwnParty(command.actor, executor ?? { executorId: report.executorId, party: '' });
}

type Changes = Omit<ExecutionCorrected, 'planId' | 'number' | 'reportId' | 'reason'>;

function changedFields(report: ExecutionReport, fields: Changes): Changes {
  const { text, period, place, participants, regions } = fields;
  return {
    ...(text !== undefined && textDigest(text) !== report.textDigest && { text }),
    ...(period !== undefined && !samePeriod(period, report.period) && { period }),
    ...(place !== undefined && place !== report.place && { place }),
    ...(participants !== undefined && participants !== report.participants && { participants }),
    ...(regions !== undefined && regions !== report.regions && { regions }),
  };
}
