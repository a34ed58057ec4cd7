// What the reader matches a Word report against: the executor directory and the plans
// with their measures, as the views hold them, indexed by every name an executor has
// had: the name each plan prints, its current name, its earlier names and short forms.
import type { ViewReader } from '../../projections/view-store';
import type { ExecutorDoc, MeasureDoc, PlanHeaderDoc } from '../../views/documents';
import { getMeasures, getPlanHeader, listExecutors, listPlans } from '../../views/queries';
import { nameKey } from './text';

export interface DirectoryPlan {
  header: PlanHeaderDoc;
  measures: MeasureDoc[];
}

export interface Directory {
  executors: ExecutorDoc[];
  plans: DirectoryPlan[];
}

export const EMPTY_DIRECTORY: Directory = { executors: [], plans: [] };

export async function readDirectory(views: ViewReader): Promise<Directory> {
  const executors = await listExecutors(views);
  const plans: DirectoryPlan[] = [];
  for (const summary of await listPlans(views)) {
    plans.push({
      header: await getPlanHeader(views, summary.planId),
      measures: await getMeasures(views, summary.planId),
    });
  }
  return { executors, plans };
}

export type NameMatch =
  | { kind: 'one'; executorId: string }
  | { kind: 'many'; executorIds: string[] }
  | { kind: 'none' };

/** Executors by every name they are known by; a name two executors share matches both. */
export class NameIndex {
  private readonly byKey = new Map<string, Set<string>>();
  readonly executors = new Map<string, ExecutorDoc>();

  constructor(directory: Directory) {
    for (const executor of directory.executors) {
      this.executors.set(executor.executorId, executor);
      this.add(executor.fullName, executor.executorId);
      if (executor.shortName) this.add(executor.shortName, executor.executorId);
      for (const name of executor.names) {
        this.add(name.name, executor.executorId);
        if (name.shortName) this.add(name.shortName, executor.executorId);
      }
    }
    for (const plan of directory.plans) {
      for (const measure of plan.measures) {
        for (const assignment of measure.executors) this.add(assignment.nameInPlan, assignment.executorId);
      }
    }
  }

  private add(name: string, executorId: string): void {
    const key = nameKey(name);
    const ids = this.byKey.get(key) ?? new Set<string>();
    ids.add(executorId);
    this.byKey.set(key, ids);
  }

  match(name: string): NameMatch {
    const ids = [...(this.byKey.get(nameKey(name)) ?? [])].sort();
    if (ids.length === 0) return { kind: 'none' };
    if (ids.length === 1) return { kind: 'one', executorId: ids[0]! };
    return { kind: 'many', executorIds: ids };
  }
}
