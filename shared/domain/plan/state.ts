// A plan's current facts, folded from its stream. null: never created.
import { compareNumbers } from '../numbering';
import type { PlanEvent } from './events';

export interface Section {
  number: string;
  title: string;
}

export interface Plan {
  planId: string;
  title: string;
  reportTitle: string;
  parties: string[];
  fromYear: number;
  toYear: number;
  /** In natural number order ("2" before "11"), whatever order they were added in. */
  sections: Section[];
}

export type PlanState = Plan | null;

export const initialPlanState: PlanState = null;

export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'PlanCreated':
      return { ...event.data, sections: [] };
    case 'SectionAdded': {
      if (!state) return state;
      const section = { number: event.data.number, title: event.data.title };
      // Into its place (the list is kept sorted), not appended and sorted again.
      let at = state.sections.length;
      while (at > 0 && compareNumbers(state.sections[at - 1]!.number, section.number) > 0) at--;
      return { ...state, sections: state.sections.toSpliced(at, 0, section) };
    }
  }
}

export function findSection(plan: Plan, number: string): Section | undefined {
  return plan.sections.find((section) => section.number === number);
}
