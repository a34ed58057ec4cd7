// Checks shared by the measure decisions: what must exist, who may act for whom,
// and which periods an entry may claim.
import type { Actor } from '../actor';
import type { Executor } from '../executor/state';
import { successionLine } from '../executor/state';
import { type Period, periodEarliestDay, periodWithinYears } from '../period';
import type { Plan, PlanState } from '../plan/state';
import { refuse } from '../refusals';
import type { ExecutionReport, Measure, MeasureState } from './state';

export interface MeasureContext {
  /** The plan the measure belongs to (null if it does not exist). */
  plan: PlanState;
  /**
   * Registered executors the decision may consult: those named by the command or the
   * measure, and their successors. Passing the whole directory (tens of entries) is fine.
   * An executor missing here counts as not registered.
   */
  executors: ReadonlyMap<string, Executor>;
}

export function requirePlan(context: MeasureContext, planId: string): Plan {
  const { plan } = context;
  if (plan?.planId !== planId) return refuse('plan_not_found', `Plan ${planId} does not exist`);
  return plan;
}

export function requireMeasure(state: MeasureState, number: string): Measure {
  if (!state) return refuse('measure_not_found', `Measure ${number} does not exist`);
  return state;
}

export function requireLiveReport(measure: Measure, reportId: string): ExecutionReport {
  const report = measure.reports.get(reportId);
  if (!report) return refuse('report_not_found', `Report ${reportId} does not exist in measure ${measure.number}`);
  if (report.withdrawal) refuse('report_withdrawn', `Report ${reportId} was withdrawn`);
  return report;
}

/** Refuses an executor that is unknown or liquidated: only live executors can be assigned. */
export function requireAssignable(executors: ReadonlyMap<string, Executor>, executorId: string): Executor {
  const executor = executors.get(executorId);
  if (!executor) return refuse('executor_not_found', `Executor ${executorId} is not registered`, { executorId });
  if (executor.liquidation) {
    refuse('executor_liquidated', `Executor ${executorId} was liquidated on ${executor.liquidation.effectiveDate}`, {
      executorId,
    });
  }
  return executor;
}

/** A responsible executor of the measure, or the successor (transitively) of a liquidated one. */
export function mayReportOn(measure: Measure, executorId: string, executors: ReadonlyMap<string, Executor>): boolean {
  return measure.executors.some((assigned) => successionLine(assigned.executorId, executors).includes(executorId));
}

/** An agency acts only for its own executor, or for one it succeeded (transitively). */
export function agencyMayActFor(actor: Actor, executorId: string, executors: ReadonlyMap<string, Executor>): boolean {
  return (
    actor.role !== 'agency' ||
    (actor.executorId !== undefined && successionLine(executorId, executors).includes(actor.executorId))
  );
}

/** The period must lie in the plan's years, and not start after its executor's liquidation. */
export function checkPeriod(period: Period, plan: Plan, executor: Executor | undefined): void {
  const liquidated = executor?.liquidation?.effectiveDate;
  if (liquidated !== undefined && periodEarliestDay(period) > liquidated) {
    refuse(
      'period_after_liquidation',
      `Executor ${executor?.executorId} was liquidated on ${liquidated}, before this period`,
    );
  }
  if (!periodWithinYears(period, plan.fromYear, plan.toYear)) {
    refuse('period_outside_plan', `The period lies outside the plan's years ${plan.fromYear}-${plan.toYear}`);
  }
}
