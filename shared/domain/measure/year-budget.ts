// The budget of a measure per report year (shared/domain/limits.ts): its live entries, the
// characters of their text and place, and the changes made (entries reported and
// corrections). The state keeps a tally per year, moved by evolve (report +, correct ±,
// withdraw −; changes only up) and never refused there, so a stream written past the budget
// still folds; a decision reads only the tallies of the years the entry counts in.
import { type Executor, successionLine } from '../executor/state';
import {
  MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR,
  MAX_CHANGES_PER_MEASURE_YEAR,
  MAX_ENTRIES_PER_MEASURE_YEAR,
  MAX_TEXT_PER_MEASURE_YEAR,
} from '../limits';
import { overlapsYear, type Period, yearsOverlapped } from '../period';
import { refuse } from '../refusals';

export interface YearTally {
  /** Live (not withdrawn) entries the year's report shows. */
  entries: number;
  /** Characters (UTF-16 code units, as the text limits count) of their text and place. */
  characters: number;
  /** Entries reported and corrections made that count in the year, withdrawn since or not. */
  changes: number;
  /** Of those, per executor whose entries they are (absent: none). */
  changesBy: Readonly<Record<string, number>>;
}

/** Report year → its tally; years without a live entry may be absent. */
export type YearTallies = Readonly<Record<number, YearTally>>;

/** What an entry spends of a budget. */
export interface Counted {
  /** Whose entry it is: its changes count in this executor's share. */
  executorId: string;
  period: Period;
  /** The length of the entry's text (the state keeps only its digest). */
  textLength: number;
  place: string | null;
  withdrawal: { reason: string } | null;
}

const NOTHING: YearTally = { entries: 0, characters: 0, changes: 0, changesBy: {} };

export function countedLength(entry: Pick<Counted, 'textLength' | 'place'>): number {
  return entry.textLength + (entry.place?.length ?? 0);
}

/** The tallies once `before` (absent for a new entry) has become `after`. */
export function retally(tallies: YearTallies, before: Counted | undefined, after: Counted): YearTallies {
  const next: Record<number, YearTally> = { ...tallies };
  const move = (entry: Counted | undefined, sign: 1 | -1, change: 0 | 1) => {
    if (!entry || entry.withdrawal) return;
    const characters = countedLength(entry);
    for (const year of yearsOverlapped(entry.period)) {
      const tally = next[year] ?? NOTHING;
      next[year] = {
        entries: tally.entries + sign,
        characters: tally.characters + sign * characters,
        changes: tally.changes + change,
        changesBy:
          change === 0
            ? tally.changesBy
            : { ...tally.changesBy, [entry.executorId]: (tally.changesBy[entry.executorId] ?? 0) + change },
      };
    }
  };
  move(before, -1, 0);
  // A report or a correction is a change in the years the entry then counts in; a withdrawal is not.
  move(after, 1, 1);
  return next;
}

/**
 * Refuses `after` (a new entry, or `before` corrected) when, in a year it counts in, it would
 * take the measure past a budget that it grows: a new entry in a full year, or more characters
 * than allowed. What shrinks, or stays where it was, is taken even in a year already past
 * its budget (written before the budget existed), unless the year has had all the changes it
 * takes: then only a withdrawal goes.
 */
export function checkYearBudget(
  measure: { number: string; years: YearTallies },
  before: Counted | undefined,
  after: Counted,
  executors: ReadonlyMap<string, Executor> = new Map(),
): void {
  // A successor acts for its predecessors' entries: a succession line has one share, not one
  // per executor in it, or a successor would spend two and lock its co-executors out alone.
  const lineEnd = (executorId: string) => successionLine(executorId, executors).at(-1);
  const share = lineEnd(after.executorId);
  for (const year of yearsOverlapped(after.period)) {
    const used = measure.years[year] ?? NOTHING;
    if (used.changes + 1 > MAX_CHANGES_PER_MEASURE_YEAR) {
      refuse(
        'year_budget_exceeded',
        `Measure ${measure.number} has had ${used.changes} entries and corrections in ${year}; a measure takes at most ${MAX_CHANGES_PER_MEASURE_YEAR} in a year, and then only withdrawals`,
        {
          measure: measure.number,
          year,
          budget: 'changes',
          limit: MAX_CHANGES_PER_MEASURE_YEAR,
          used: used.changes,
        },
      );
    }
    let mine = 0;
    for (const [executorId, changes] of Object.entries(used.changesBy)) {
      if (lineEnd(executorId) === share) mine += changes;
    }
    if (mine + 1 > MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR) {
      refuse(
        'year_budget_exceeded',
        `Measure ${measure.number} has had ${mine} entries and corrections of executor ${after.executorId}'s (and of those it succeeded or that succeeded it) in ${year}; one executor's entries take at most ${MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR} in a year (half the measure's), and then only withdrawals`,
        {
          measure: measure.number,
          year,
          budget: 'executor_changes',
          executorId: after.executorId,
          limit: MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR,
          used: mine,
        },
      );
    }
    const there = before !== undefined && !before.withdrawal && overlapsYear(before.period, year);
    if (!there && used.entries + 1 > MAX_ENTRIES_PER_MEASURE_YEAR) {
      refuse(
        'year_budget_exceeded',
        `Measure ${measure.number} already has ${used.entries} live entries in ${year}; a measure may have at most ${MAX_ENTRIES_PER_MEASURE_YEAR} in a year`,
        { measure: measure.number, year, budget: 'entries', limit: MAX_ENTRIES_PER_MEASURE_YEAR, used: used.entries },
      );
    }
    const characters = used.characters - (there ? countedLength(before) : 0) + countedLength(after);
    if (characters > MAX_TEXT_PER_MEASURE_YEAR && characters > used.characters) {
      refuse(
        'year_budget_exceeded',
        `Measure ${measure.number} would hold ${characters} characters of entry text and place in ${year}; a measure may hold at most ${MAX_TEXT_PER_MEASURE_YEAR} in a year, and ${used.characters} are used`,
        {
          measure: measure.number,
          year,
          budget: 'characters',
          limit: MAX_TEXT_PER_MEASURE_YEAR,
          used: used.characters,
          requested: characters - used.characters,
        },
      );
    }
  }
}
