// When an execution entry happened: a day, a range (which may cross years), a month,
// or no date at all (ongoing work reported for a year). Pure helpers over it.
import { z } from 'zod';
import type { FieldIssue } from '../errors';
import { DATE_PATTERN, firstDayOfYear, isIsoDate, isoDate, lastDayOfMonth, lastDayOfYear } from './calendar';
import { MAX_YEAR, MIN_YEAR } from './limits';

const day = z.string().regex(DATE_PATTERN, 'must be a date YYYY-MM-DD');
const year = z.number().int().min(MIN_YEAR).max(MAX_YEAR);
const PeriodShapeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('day'), date: day }),
  z.object({ kind: z.literal('range'), from: day, to: day }),
  z.object({ kind: z.literal('month'), year, month: z.number().int().min(1).max(12) }),
  z.object({ kind: z.literal('none'), year }),
]);

/** A period as the domain records it. Dates are ISO `YYYY-MM-DD`, real calendar dates. */
export const PeriodSchema = PeriodShapeSchema.superRefine((period, ctx) => {
  for (const issue of validatePeriod(period)) {
    ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  }
});
export type Period = z.infer<typeof PeriodShapeSchema>;

const DATE_MESSAGE = 'must be a real calendar date YYYY-MM-DD';
const YEAR_MESSAGE = `must be a year from ${MIN_YEAR} to ${MAX_YEAR}`;

function yearIssues(year: number): FieldIssue[] {
  return year >= MIN_YEAR && year <= MAX_YEAR ? [] : [{ path: 'year', message: YEAR_MESSAGE }];
}

function dateIssues(path: string, value: string): FieldIssue[] {
  if (!isIsoDate(value)) return [{ path, message: DATE_MESSAGE }];
  return yearIssues(Number(value.slice(0, 4))).map((issue) => ({ ...issue, path }));
}

/** What is wrong with a period, as issues with paths relative to it; empty when valid. */
export function validatePeriod(period: Period): FieldIssue[] {
  switch (period.kind) {
    case 'day':
      return dateIssues('date', period.date);
    case 'range': {
      const issues = [...dateIssues('from', period.from), ...dateIssues('to', period.to)];
      if (issues.length === 0 && period.from > period.to) {
        issues.push({ path: 'to', message: 'must not be before from' });
      }
      return issues;
    }
    case 'month': {
      const issues = yearIssues(period.year);
      if (period.month < 1 || period.month > 12) issues.push({ path: 'month', message: 'must be a month 1-12' });
      return issues;
    }
    case 'none':
      return yearIssues(period.year);
  }
}

type DatedPeriod = Exclude<Period, { kind: 'none' }>;

function bounds(period: DatedPeriod): { start: string; end: string } {
  switch (period.kind) {
    case 'day':
      return { start: period.date, end: period.date };
    case 'range':
      return { start: period.from, end: period.to };
    case 'month':
      return { start: isoDate(period.year, period.month, 1), end: lastDayOfMonth(period.year, period.month) };
  }
}

/** The first day the period covers; null for an undated (`none`) period. */
export function periodStart(period: Period): string | null {
  return period.kind === 'none' ? null : bounds(period).start;
}

/** The last day the period covers; null for an undated (`none`) period. */
export function periodEnd(period: Period): string | null {
  return period.kind === 'none' ? null : bounds(period).end;
}

/** The first day the period may concern: its start, or 1 January of an undated period's year. */
export function periodEarliestDay(period: Period): string {
  return period.kind === 'none' ? firstDayOfYear(period.year) : bounds(period).start;
}

/** True when any day of the period falls in the year; an undated period belongs to its own year. */
export function overlapsYear(period: Period, year: number): boolean {
  if (period.kind === 'none') return period.year === year;
  const { start, end } = bounds(period);
  return start <= lastDayOfYear(year) && end >= firstDayOfYear(year);
}

/**
 * The years whose report shows an entry of this period: exactly those `overlapsYear` accepts
 * (a range crossing years is in each), found among the years from its first to its last day.
 */
export function yearsOverlapped(period: Period): number[] {
  const first = Number(periodEarliestDay(period).slice(0, 4));
  const last = period.kind === 'none' ? period.year : Number(bounds(period).end.slice(0, 4));
  const years: number[] = [];
  for (let year = first; year <= last; year++) if (overlapsYear(period, year)) years.push(year);
  return years;
}

/** True when the whole period lies within the years fromYear..toYear (inclusive). */
export function periodWithinYears(period: Period, fromYear: number, toYear: number): boolean {
  if (period.kind === 'none') return period.year >= fromYear && period.year <= toYear;
  const { start, end } = bounds(period);
  return start >= firstDayOfYear(fromYear) && end <= lastDayOfYear(toYear);
}

/** True when both periods name the same days the same way (a day is not a one-day range). */
export function samePeriod(a: Period, b: Period): boolean {
  switch (a.kind) {
    case 'day':
      return b.kind === 'day' && a.date === b.date;
    case 'range':
      return b.kind === 'range' && a.from === b.from && a.to === b.to;
    case 'month':
      return b.kind === 'month' && a.year === b.year && a.month === b.month;
    case 'none':
      return b.kind === 'none' && a.year === b.year;
  }
}
