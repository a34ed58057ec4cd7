// The budget of a measure per report year (shared/domain/limits.ts): its live entries, the
// characters of their text and place, and the changes made (entries reported and
// corrections). The state keeps a tally per year, moved by evolve (report +, correct ±,
// withdraw −; changes only up) and never refused there, so a stream written past the budget
// still folds; a decision reads only the tallies of the years the entry counts in. Each
// budget has a share per succession line (half of it), kept per executor in the tally,
// whatever the number of lines the measure names: a line named mid-year finds its half free.
import { type Executor, successionLine } from '../executor/state';
import {
  MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR,
  MAX_CHANGES_PER_MEASURE_YEAR,
  MAX_COUNTED_PER_ENTRY,
  MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR,
  MAX_ENTRIES_PER_MEASURE_YEAR,
  MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR,
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
  /** Of the live entries, per executor whose entries they are (absent: none live). */
  entriesBy: Readonly<Record<string, number>>;
  /** Of their characters, per executor whose entries they are (absent: none live). */
  charactersBy: Readonly<Record<string, number>>;
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

const NOTHING: YearTally = { entries: 0, characters: 0, changes: 0, changesBy: {}, entriesBy: {}, charactersBy: {} };

/**
 * `record` with `key` moved by `delta`; a key that comes to 0 is dropped. Only the record's own
 * keys count: an executor may be called `constructor` or `toString`, which a plain object
 * otherwise finds on Object.prototype (a function, not 0, and the count a string past every share).
 */
function bump(record: Readonly<Record<string, number>>, key: string, delta: number): Record<string, number> {
  const current = Object.hasOwn(record, key) ? (record[key] ?? 0) : 0;
  const { [key]: _dropped, ...rest } = record;
  return current + delta === 0 ? rest : { ...rest, [key]: current + delta };
}

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
        changesBy: change === 0 ? tally.changesBy : bump(tally.changesBy, entry.executorId, change),
        entriesBy: bump(tally.entriesBy, entry.executorId, sign),
        charactersBy: bump(tally.charactersBy, entry.executorId, sign * characters),
      };
    }
  };
  move(before, -1, 0);
  // A report or a correction is a change in the years the entry then counts in; a withdrawal is not.
  move(after, 1, 1);
  return next;
}

/**
 * Whether, in a year with this tally, one write could take a succession line past a share:
 * below, every line's use is below it, the lines need not be known, and the decision reads
 * none of the executors (deciders.ts), so a co-executor's stream moving costs it no retry.
 * `live`: the entries and characters shares; `changes`: the changes share.
 */
export function shareReachable(tally: YearTally): { changes: boolean; live: boolean } {
  return {
    changes: tally.changes + 1 > MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR,
    live:
      tally.entries + 1 > MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR ||
      tally.characters + MAX_COUNTED_PER_ENTRY > MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR,
  };
}

/**
 * Refuses `after` (a new entry, or `before` corrected) when, in a year it counts in, it would
 * take the measure past a budget that it grows: a new entry in a full year, or more characters
 * than allowed; or its succession line past its share of one. What shrinks, or stays where it
 * was, is taken even in a year already past its budget (written before the budget existed),
 * unless the year (or the line) has had all the changes it takes: then only a withdrawal goes.
 * `executors` holds what the decider declared: where a share can be reached, the executors
 * with entries counted in the year and their successors, so their lines are known.
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
  const ofLine = (by: Readonly<Record<string, number>>) => {
    let mine = 0;
    for (const [executorId, count] of Object.entries(by)) if (lineEnd(executorId) === share) mine += count;
    return mine;
  };
  const whose = `executor ${after.executorId}'s (and of those it succeeded or that succeeded it)`;
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
    const mine = ofLine(used.changesBy);
    if (mine + 1 > MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR) {
      refuse(
        'year_budget_exceeded',
        `Measure ${measure.number} has had ${mine} entries and corrections of ${whose} in ${year}; one executor's entries take at most ${MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR} in a year (half the measure's), and then only withdrawals`,
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
    const grows = countedLength(after) - (there ? countedLength(before) : 0);
    // A line's use is at most the year's: only past a share in the year's totals (where
    // `shareReachable` held, so the lines were read) can a line be past it. A sole line has
    // its share too: a second one named later in the year finds the other half free.
    const lineWatch =
      used.entries + (there ? 0 : 1) > MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR ||
      used.characters + grows > MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR;
    const myEntries = lineWatch ? ofLine(used.entriesBy) : 0;
    if (lineWatch && !there && myEntries + 1 > MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR) {
      refuse(
        'year_budget_exceeded',
        `Measure ${measure.number} already has ${myEntries} live entries of ${whose} in ${year}; one executor's entries (with those of the executors it succeeded) may be at most ${MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR} in a year (half the measure's)`,
        {
          measure: measure.number,
          year,
          budget: 'executor_entries',
          executorId: after.executorId,
          limit: MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR,
          used: myEntries,
        },
      );
    }
    if (!there && used.entries + 1 > MAX_ENTRIES_PER_MEASURE_YEAR) {
      refuse(
        'year_budget_exceeded',
        `Measure ${measure.number} already has ${used.entries} live entries in ${year}; a measure may have at most ${MAX_ENTRIES_PER_MEASURE_YEAR} in a year`,
        { measure: measure.number, year, budget: 'entries', limit: MAX_ENTRIES_PER_MEASURE_YEAR, used: used.entries },
      );
    }
    const myCharacters = lineWatch ? ofLine(used.charactersBy) : 0;
    if (lineWatch && grows > 0 && myCharacters + grows > MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR) {
      refuse(
        'year_budget_exceeded',
        `Measure ${measure.number} would hold ${myCharacters + grows} characters of text and place in entries of ${whose} in ${year}; one executor's entries (with those of the executors it succeeded) may hold at most ${MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR} in a year (half the measure's), and ${myCharacters} are used`,
        {
          measure: measure.number,
          year,
          budget: 'executor_characters',
          executorId: after.executorId,
          limit: MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR,
          used: myCharacters,
          requested: grows,
        },
      );
    }
    const characters = used.characters + grows;
    if (characters > MAX_TEXT_PER_MEASURE_YEAR && grows > 0) {
      refuse(
        'year_budget_exceeded',
        `Measure ${measure.number} would hold ${characters} characters of entry text and place in ${year}; a measure may hold at most ${MAX_TEXT_PER_MEASURE_YEAR} in a year, and ${used.characters} are used`,
        {
          measure: measure.number,
          year,
          budget: 'characters',
          limit: MAX_TEXT_PER_MEASURE_YEAR,
          used: used.characters,
          requested: grows,
        },
      );
    }
  }
}
