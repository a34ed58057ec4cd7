// Russian dates in the style of the plan's own documents («25 октября 2023 года»,
// «14-18 марта 2023 года», «В октябре 2023 года»). Written out by hand rather than
// through Intl, so the text never depends on the runtime's ICU data.

import { daysInMonth } from '../domain/calendar';
import type { Period } from './model';

export const MONTHS_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
] as const;

export const MONTHS_PREPOSITIONAL = [
  'январе',
  'феврале',
  'марте',
  'апреле',
  'мае',
  'июне',
  'июле',
  'августе',
  'сентябре',
  'октябре',
  'ноябре',
  'декабре',
] as const;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export { daysInMonth };

function checkMonth(month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`no such month: ${month}`);
  return month - 1;
}

export function genitiveMonth(month: number): string {
  return MONTHS_GENITIVE[checkMonth(month)] ?? '';
}

export function prepositionalMonth(month: number): string {
  return MONTHS_PREPOSITIONAL[checkMonth(month)] ?? '';
}

/** Parses `YYYY-MM-DD`, refusing dates the calendar does not have (2023-02-29). */
export function parseIsoDate(iso: string): CalendarDate {
  const match = ISO_DATE.exec(iso);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return { year, month, day };
  }
  throw new RangeError(`not an ISO calendar date: ${JSON.stringify(iso)}`);
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

function toIso({ year, month, day }: CalendarDate): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** «25 октября 2023 года» */
export function formatDay(iso: string): string {
  const { year, month, day } = parseIsoDate(iso);
  return `${day} ${genitiveMonth(month)} ${year} года`;
}

/** «14.03.2022», as the footnotes write dates. */
export function formatDateNumeric(iso: string): string {
  const { year, month, day } = parseIsoDate(iso);
  return `${pad(day, 2)}.${pad(month, 2)}.${pad(year, 4)}`;
}

/** Both ends of a range, refusing one that ends before it starts. */
function rangeEnds(fromIso: string, toIso: string): [CalendarDate, CalendarDate] {
  const ends: [CalendarDate, CalendarDate] = [parseIsoDate(fromIso), parseIsoDate(toIso)];
  // ISO dates compare correctly as strings once both are known to be valid.
  if (fromIso > toIso) throw new RangeError(`range ends before it starts: ${fromIso} – ${toIso}`);
  return ends;
}

function formatRange(fromIso: string, toIso: string): string {
  const [from, to] = rangeEnds(fromIso, toIso);
  if (fromIso === toIso) return formatDay(fromIso);
  if (from.year !== to.year) return `С ${formatDay(fromIso)} по ${formatDay(toIso)}`;
  const year = `${to.year} года`;
  if (from.month === to.month) return `${from.day}-${to.day} ${genitiveMonth(to.month)} ${year}`;
  return `${from.day} ${genitiveMonth(from.month)} – ${to.day} ${genitiveMonth(to.month)} ${year}`;
}

/** The period as the report prints it; '' for an undated entry. */
export function formatPeriod(period: Period): string {
  switch (period.kind) {
    case 'day':
      return formatDay(period.date);
    case 'range':
      return formatRange(period.from, period.to);
    case 'month':
      return `В ${prepositionalMonth(period.month)} ${period.year} года`;
    case 'none':
      return '';
    default:
      return unknownPeriod(period);
  }
}

/** First and last day covered; null for an undated entry. */
function periodBounds(period: Period): [CalendarDate, CalendarDate] | null {
  switch (period.kind) {
    case 'day': {
      const day = parseIsoDate(period.date);
      return [day, day];
    }
    case 'range':
      return rangeEnds(period.from, period.to);
    case 'month': {
      const { year, month } = period;
      checkMonth(month);
      return [
        { year, month, day: 1 },
        { year, month, day: daysInMonth(year, month) },
      ];
    }
    case 'none':
      return null;
    default:
      return unknownPeriod(period);
  }
}

/** First day covered, ISO (a month starts on its 1st); null for an undated entry. */
export function periodStart(period: Period): string | null {
  const bounds = periodBounds(period);
  return bounds ? toIso(bounds[0]) : null;
}

/** Last day covered, ISO (a month ends on its 28th–31st); null for an undated entry. */
export function periodEnd(period: Period): string | null {
  const bounds = periodBounds(period);
  return bounds ? toIso(bounds[1]) : null;
}

function unknownPeriod(period: never): never {
  throw new TypeError(`unknown period kind: ${JSON.stringify(period)}`);
}
