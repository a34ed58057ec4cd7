import { describe, expect, it } from 'vitest';
import type { Period } from '../../shared/report/model';
import {
  formatDateNumeric,
  formatDay,
  formatPeriod,
  genitiveMonth,
  MONTHS_GENITIVE,
  MONTHS_PREPOSITIONAL,
  periodEnd,
  periodStart,
} from '../../shared/report/russian-dates';
import { reportModel2023 } from '../fixtures/report-model-2023';

const day = (date: string): Period => ({ kind: 'day', date });
const range = (from: string, to: string): Period => ({ kind: 'range', from, to });
const month = (year: number, m: number): Period => ({ kind: 'month', year, month: m });

describe('formatPeriod: every period of the 2023 report, as the report prints it', () => {
  it.each<[Period, string, string | null, string | null]>([
    [range('2023-02-28', '2023-03-01'), '28 февраля – 1 марта 2023 года', '2023-02-28', '2023-03-01'],
    [day('2023-10-25'), '25 октября 2023 года', '2023-10-25', '2023-10-25'],
    [{ kind: 'none', year: 2023 }, '', null, null],
    [range('2023-03-14', '2023-03-18'), '14-18 марта 2023 года', '2023-03-14', '2023-03-18'],
    [range('2023-09-08', '2023-09-11'), '8-11 сентября 2023 года', '2023-09-08', '2023-09-11'],
    [range('2022-10-15', '2023-01-08'), 'С 15 октября 2022 года по 8 января 2023 года', '2022-10-15', '2023-01-08'],
    [range('2022-12-28', '2023-02-26'), 'С 28 декабря 2022 года по 26 февраля 2023 года', '2022-12-28', '2023-02-26'],
    [range('2022-01-27', '2023-03-19'), 'С 27 января 2022 года по 19 марта 2023 года', '2022-01-27', '2023-03-19'],
    // The seed types this one with a hyphen («1 марта - 2 апреля»); the house style is the spaced en dash.
    [range('2023-03-01', '2023-04-02'), '1 марта – 2 апреля 2023 года', '2023-03-01', '2023-04-02'],
    [range('2023-09-25', '2023-09-30'), '25-30 сентября 2023 года', '2023-09-25', '2023-09-30'],
    [day('2023-10-03'), '3 октября 2023 года', '2023-10-03', '2023-10-03'],
    [month(2023, 10), 'В октябре 2023 года', '2023-10-01', '2023-10-31'],
    [day('2023-04-09'), '9 апреля 2023 года', '2023-04-09', '2023-04-09'],
    [range('2023-05-09', '2023-05-13'), '9-13 мая 2023 года', '2023-05-09', '2023-05-13'],
    [range('2023-08-10', '2023-08-13'), '10-13 августа 2023 года', '2023-08-10', '2023-08-13'],
    [day('2023-09-02'), '2 сентября 2023 года', '2023-09-02', '2023-09-02'],
    [range('2023-10-11', '2023-10-12'), '11-12 октября 2023 года', '2023-10-11', '2023-10-12'],
    [range('2023-11-21', '2023-11-22'), '21-22 ноября 2023 года', '2023-11-21', '2023-11-22'],
    [range('2023-12-05', '2023-12-08'), '5-8 декабря 2023 года', '2023-12-05', '2023-12-08'],
    [range('2023-12-09', '2023-12-10'), '9-10 декабря 2023 года', '2023-12-09', '2023-12-10'],
    // The seed writes «С 15 по 17 марта 2023 года»; a range within one month prints as «15-17 марта».
    [range('2023-03-15', '2023-03-17'), '15-17 марта 2023 года', '2023-03-15', '2023-03-17'],
    [range('2023-04-08', '2023-04-09'), '8-9 апреля 2023 года', '2023-04-08', '2023-04-09'],
    [day('2023-07-30'), '30 июля 2023 года', '2023-07-30', '2023-07-30'],
  ])('%o → «%s»', (period, text, start, end) => {
    expect(formatPeriod(period)).toBe(text);
    expect(periodStart(period)).toBe(start);
    expect(periodEnd(period)).toBe(end);
  });

  it('opens the seed entry texts, except the two the seed typed its own way', () => {
    const typedOtherwise = new Set(['1 марта – 2 апреля 2023 года', '15-17 марта 2023 года']);
    const entries = reportModel2023().sections.flatMap((s) => s.measures.flatMap((m) => m.entries));
    const dated = entries.filter((e) => e.periodText !== '' && !typedOtherwise.has(e.periodText));
    expect(dated).toHaveLength(entries.length - 2 - 2); // two undated, two typed otherwise
    // The seed sometimes keeps a no-break space before «года»; a reader sees a space.
    const opening = (text: string): string => text.replace(/\u00a0/g, ' ');
    for (const entry of dated) expect(opening(entry.text).startsWith(`${entry.periodText} `), entry.text).toBe(true);
  });
});

describe('formatPeriod: months and ranges', () => {
  it.each([
    [1, 'В январе 2024 года'],
    [2, 'В феврале 2024 года'],
    [3, 'В марте 2024 года'],
    [4, 'В апреле 2024 года'],
    [5, 'В мае 2024 года'],
    [6, 'В июне 2024 года'],
    [7, 'В июле 2024 года'],
    [8, 'В августе 2024 года'],
    [9, 'В сентябре 2024 года'],
    [10, 'В октябре 2024 года'],
    [11, 'В ноябре 2024 года'],
    [12, 'В декабре 2024 года'],
  ])('month %i → «%s»', (m, text) => {
    expect(formatPeriod(month(2024, m))).toBe(text);
  });

  it('prints a one-day range as that day', () => {
    expect(formatPeriod(range('2023-06-12', '2023-06-12'))).toBe('12 июня 2023 года');
  });

  it('refuses a range that ends before it starts, and dates the calendar lacks', () => {
    expect(() => formatPeriod(range('2023-03-18', '2023-03-14'))).toThrow(RangeError);
    expect(() => periodEnd(range('2023-03-18', '2023-03-14'))).toThrow(RangeError);
    expect(() => formatPeriod(day('2023-02-29'))).toThrow(RangeError);
    expect(() => formatPeriod(day('2023-04-31'))).toThrow(RangeError);
    expect(() => formatPeriod(day('2023-3-1'))).toThrow(RangeError);
    expect(() => formatPeriod(month(2023, 13))).toThrow(RangeError);
  });
});

describe('periodStart / periodEnd of a month', () => {
  it.each([
    [2023, 2, '2023-02-01', '2023-02-28'],
    [2024, 2, '2024-02-01', '2024-02-29'],
    [2000, 2, '2000-02-01', '2000-02-29'],
    [1900, 2, '1900-02-01', '1900-02-28'],
    [2023, 4, '2023-04-01', '2023-04-30'],
    [2023, 12, '2023-12-01', '2023-12-31'],
    [2023, 1, '2023-01-01', '2023-01-31'],
  ])('%i-%i → %s … %s', (year, m, start, end) => {
    expect(periodStart(month(year, m))).toBe(start);
    expect(periodEnd(month(year, m))).toBe(end);
  });
});

describe('day formats', () => {
  it('writes footnote dates as dd.mm.yyyy', () => {
    expect(formatDateNumeric('2022-03-14')).toBe('14.03.2022');
    expect(formatDateNumeric('2023-12-01')).toBe('01.12.2023');
  });

  it('names every month in the genitive', () => {
    const days = Array.from({ length: 12 }, (_, i) => formatDay(`2023-${String(i + 1).padStart(2, '0')}-01`));
    expect(days).toEqual([
      '1 января 2023 года',
      '1 февраля 2023 года',
      '1 марта 2023 года',
      '1 апреля 2023 года',
      '1 мая 2023 года',
      '1 июня 2023 года',
      '1 июля 2023 года',
      '1 августа 2023 года',
      '1 сентября 2023 года',
      '1 октября 2023 года',
      '1 ноября 2023 года',
      '1 декабря 2023 года',
    ]);
    expect(genitiveMonth(5)).toBe('мая');
    expect(MONTHS_GENITIVE).toHaveLength(12);
    expect(MONTHS_PREPOSITIONAL).toHaveLength(12);
    expect(() => genitiveMonth(0)).toThrow(RangeError);
  });
});
