// The entries of a measure: each one's period from its date phrase, the executor it
// is recorded for (the report does not say: the first of the measure not liquidated
// before it, else its successor), and an id derived from its text, so that the same
// entry gets the same id from any file. Entries the measure already holds (the same
// text, now or before a correction; for a row without a date, in the file's year) are
// listed as present and left out.
import type { Executor } from '../../domain/executor/state';
import { MAX_TEXT_LENGTH } from '../../domain/limits';
import { type Counted, checkYearBudget, retally, type YearTallies } from '../../domain/measure/year-budget';
import { overlapsYear, type Period, periodEarliestDay, periodWithinYears, yearsOverlapped } from '../../domain/period';
import { normaliseText, textProblem } from '../../domain/text';
import { AppError } from '../../errors';
import { formatPeriod } from '../../report/russian-dates';
import type { ImportReport } from '../document';
import type { DocxChanges } from './changes';
import { leadingDate } from './dates';
import { type DirectoryMeasure, textKeyDigest } from './directory';
import type { ExecutorResolver } from './executors';
import { excerptOf, type Findings } from './findings';
import { type MeasureDraft, reportersFor } from './measures';
import { shortHash } from './names';
import type { ResolvedPlan } from './plan';
import type { DocxEntry } from './report-model';
import { flat } from './text';

function reporterFor(ids: readonly string[], period: Period, executors: ExecutorResolver): string | null {
  const start = periodEarliestDay(period);
  const eligible = (id: string) => {
    const liquidation = executors.liquidationOf(id);
    return !liquidation || start <= liquidation.effectiveDate;
  };
  const direct = ids.find(eligible);
  if (direct) return direct;
  const seen = new Set<string>();
  let id = ids[0];
  while (id && !seen.has(id)) {
    seen.add(id);
    if (eligible(id)) return id;
    id = executors.liquidationOf(id)?.successorId ?? undefined;
  }
  return null;
}

function periodOf(entry: DocxEntry, measure: string, year: number, findings: Findings): Period {
  const found = leadingDate(entry.text);
  if (found.kind === 'period') {
    if (/[\u00a0\u202f]/.test(entry.text.slice(0, found.phrase.length + 5))) {
      findings.add(
        'note',
        'no_break_space',
        entry.place,
        'No-break spaces in the date phrase read as spaces.',
        found.phrase,
      );
    }
    if (!overlapsYear(found.period, year)) {
      findings.add(
        'warning',
        'period_outside_year',
        entry.place,
        `An entry of measure ${measure} dated «${found.phrase}», outside ${year}; imported with that date.`,
        entry.text,
      );
    }
    return found.period;
  }
  if (found.kind === 'unrecognised') {
    findings.add(
      'warning',
      'date_not_recognised',
      entry.place,
      `The entry starts like a date («${found.phrase}») but cannot be read (${found.reason}); imported as undated work reported for ${year}.`,
      entry.text,
    );
  } else {
    findings.add(
      'note',
      'undated_entry',
      entry.place,
      `No date phrase at the start: measure ${measure}'s entry is imported as undated work reported for ${year}.`,
      entry.text,
    );
  }
  return { kind: 'none', year };
}

/** An entry (or one of its earlier versions) a row may stand for, and the report years it was in. */
interface Held {
  reportId: string;
  years: readonly number[];
}

/**
 * The year budget (shared/domain/measure/year-budget.ts) as the rules will apply it to the
 * file's new entries, in the order the import reports them: the measure's live entries and
 * their characters, per year and succession line, from the directory, and each new entry
 * checked by the rules' own function and counted when taken. A dry run then says which
 * entries will be refused, and where they are in the file, as apply then does. The changes
 * budgets are not forecast: the views do not keep every change's years (an undercount,
 * so never a warning the rules would not give).
 */
class BudgetForecast {
  private years: YearTallies = {};

  constructor(
    private readonly number: string,
    existing: DirectoryMeasure | undefined,
    private readonly executors: ExecutorResolver,
  ) {
    for (const entry of existing?.entries ?? []) {
      if (entry.withdrawn) continue;
      const counted = { ...BudgetForecast.counted(entry.executorId, entry.period, entry.text), place: entry.place };
      this.years = retally(this.years, undefined, counted);
    }
  }

  private static counted(executorId: string, period: Period, text: string): Counted {
    return { executorId, period, textLength: normaliseText(text).length, place: null, withdrawal: null };
  }

  /** Every executor with entries counted, with its successors: what groups them into lines. */
  private lines(also: string): Map<string, Executor> {
    const lines = new Map<string, Executor>();
    const wanted = [also, ...Object.values(this.years).flatMap((tally) => Object.keys(tally.entriesBy))];
    for (let id = wanted.pop(); id !== undefined; id = wanted.pop()) {
      if (lines.has(id)) continue;
      const liquidation = this.executors.liquidationOf(id);
      lines.set(id, { executorId: id, liquidation: liquidation && { ...liquidation, note: null } } as Executor);
      if (liquidation?.successorId) wanted.push(liquidation.successorId);
    }
    return lines;
  }

  /** The year budget's refusal this new entry will meet, or null (then it is counted). */
  refusal(executorId: string, period: Period, text: string): AppError | null {
    const entry = BudgetForecast.counted(executorId, period, text);
    try {
      checkYearBudget({ number: this.number, years: this.years }, undefined, entry, this.lines(executorId));
    } catch (error) {
      if (error instanceof AppError && error.code === 'year_budget_exceeded') return error;
      throw error;
    }
    this.years = retally(this.years, undefined, entry);
    return null;
  }
}

/**
 * The entries a measure holds, found by a row's text: one whose current text it is (each
 * entry once, so two equal rows need two entries), else one that had it before a
 * correction (a file printed before it) — withdrawn entries included, so an import never
 * brings back what was withdrawn or corrected away. A row without a date phrase matches
 * only an entry (or version) that was in the file's year: «Обмен информацией …» of 2022 is
 * not the entry of the same words in 2023.
 */
class HeldEntries {
  private readonly current = new Map<string, Held[]>();
  private readonly earlier = new Map<string, Held[]>();
  private readonly taken = new Set<string>();

  constructor(measure: DirectoryMeasure | undefined) {
    for (const entry of measure?.entries ?? []) {
      push(this.current, flat(entry.text), { reportId: entry.reportId, years: yearsOverlapped(entry.period) });
    }
    for (const { digest, reportId, years } of measure?.earlierTexts ?? [])
      push(this.earlier, digest, { reportId, years });
  }

  take(text: string, year: number, dated: boolean): { reportId: string; corrected: boolean } | null {
    const fits = (held: Held) => dated || held.years.includes(year);
    const now = this.current.get(flat(text)) ?? [];
    const at = now.findIndex(fits);
    if (at >= 0) {
      const [{ reportId }] = now.splice(at, 1) as [Held];
      this.taken.add(reportId);
      return { reportId, corrected: false };
    }
    const before = (this.earlier.get(textKeyDigest(text)) ?? []).filter(fits);
    const reportId = (before.find((held) => !this.taken.has(held.reportId)) ?? before[0])?.reportId;
    if (!reportId) return null;
    this.taken.add(reportId);
    return { reportId, corrected: true };
  }
}

function push(map: Map<string, Held[]>, key: string, held: Held): void {
  const list = map.get(key);
  if (list) list.push(held);
  else map.set(key, [held]);
}

export function addEntries(
  draft: MeasureDraft,
  year: number,
  plan: ResolvedPlan,
  executors: ExecutorResolver,
  changes: DocxChanges,
  findings: Findings,
): void {
  const number = draft.out.number;
  const held = new HeldEntries(draft.existing);
  const reporters = new Map<number | null, string[]>();
  const reports: ImportReport[] = [];
  // Every id the measure holds (withdrawn entries included) is taken: the same words
  // undated in another year, or an id a client chose, never collide with a new entry.
  const ids = new ReportIds(number, draft.existing?.entries.map((entry) => entry.reportId) ?? []);
  const budget = new BudgetForecast(number, draft.existing, executors);
  for (const entry of draft.source.entries) {
    const key = flat(entry.text);
    const existing = held.take(entry.text, year, leadingDate(entry.text).kind === 'period');
    if (existing) {
      if (existing.corrected) {
        findings.add(
          'note',
          'entry_corrected',
          entry.place,
          `Measure ${number}'s entry ${existing.reportId} had this text before a correction; the ledger keeps its current text.`,
          entry.text,
        );
      }
      changes.entries.present.push({ measure: number, reportId: existing.reportId, excerpt: excerptOf(entry.text) });
      continue;
    }
    if (entry.text.length > MAX_TEXT_LENGTH) {
      findings.add(
        'skipped',
        'entry_too_long',
        entry.place,
        `An entry longer than ${MAX_TEXT_LENGTH} characters.`,
        entry.text,
      );
      continue;
    }
    const problem = textProblem(normaliseText(entry.text));
    if (problem) {
      findings.add(
        'skipped',
        'entry_text_refused',
        entry.place,
        `An entry whose text the ledger refuses: it ${problem}. Remove those characters in Word and import again.`,
        entry.text,
      );
      continue;
    }
    const period = periodOf(entry, number, year, findings);
    const withinPlan = periodWithinYears(period, plan.fields.fromYear, plan.fields.toYear);
    if (!withinPlan) {
      findings.add(
        'warning',
        'period_outside_plan',
        entry.place,
        `The entry's period lies outside the plan's years ${plan.fields.fromYear}-${plan.fields.toYear}; the rules will refuse it.`,
        entry.text,
      );
    }
    const candidates = reporters.get(entry.part) ?? reportersFor(draft, entry.part, executors);
    reporters.set(entry.part, candidates);
    if (candidates.length === 0) {
      findings.add(
        'skipped',
        'no_reporter_of_party',
        entry.place,
        `Measure ${number} has no executor in the plan of the party its executors here belong to; add them to the measure, then import again.`,
        entry.text,
      );
      continue;
    }
    const executorId = reporterFor(candidates, period, executors);
    if (!executorId) {
      findings.add(
        'skipped',
        'no_reporter',
        entry.place,
        `Every executor of measure ${number} was liquidated before this entry, and none has a successor.`,
        entry.text,
      );
      continue;
    }
    // An entry the rules refuse for its period takes nothing of the budget.
    const refusal = withinPlan ? budget.refusal(executorId, period, entry.text) : null;
    if (refusal) {
      findings.add(
        'warning',
        'year_budget_exceeded',
        entry.place,
        `${refusal.message}: the rules will refuse this entry (year_budget_exceeded).`,
        entry.text,
      );
    }
    executors.include(executorId);
    const reportId = ids.take(key);
    reports.push({ reportId, executorId, period, text: entry.text });
    changes.entries.new.push({
      measure: number,
      reportId,
      period: formatPeriod(period) || `undated, ${year}`,
      excerpt: excerptOf(entry.text),
    });
  }
  if (reports.length === 0) return;
  draft.out.reports = reports;
  if (draft.executorIds.length > 1) {
    findings.add(
      'note',
      'entries_attributed',
      draft.source.place,
      `The report does not say which executor wrote each entry; measure ${number}'s new entries are recorded for the first executor active at their date (${draft.executorIds[0]} first).`,
    );
  }
}

/**
 * `docx-<number>-<hash of the text>`: the same entry gets the same id from any file. Where
 * the measure holds that id already (the same words undated in another year), `-2`, `-3`…
 * Each text's next suffix is remembered, so many equal rows cost one pass, not a square.
 */
class ReportIds {
  private readonly taken: Set<string>;
  private readonly next = new Map<string, number>();

  constructor(
    private readonly number: string,
    held: Iterable<string>,
  ) {
    this.taken = new Set(held);
  }

  take(text: string): string {
    const base = `docx-${this.number}-${shortHash(text, 12)}`;
    let n = this.next.get(base) ?? 1;
    let id = n === 1 ? base : `${base}-${n}`;
    while (this.taken.has(id)) id = `${base}-${++n}`;
    this.next.set(base, n + 1);
    this.taken.add(id);
    return id;
  }
}
