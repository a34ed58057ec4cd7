import { describe, expect, it } from 'vitest';
import {
  overlapsYear,
  type Period,
  PeriodSchema,
  periodEnd,
  periodStart,
  periodWithinYears,
  validatePeriod,
} from '../../shared/domain';

const manege: Period = { kind: 'range', from: '2022-10-15', to: '2023-01-08' }; // «С 15 октября 2022 года по 8 января 2023 года»
const pinUp: Period = { kind: 'range', from: '2022-01-27', to: '2023-03-19' };
const october: Period = { kind: 'month', year: 2023, month: 10 }; // «В октябре 2023 года»
const vacancies: Period = { kind: 'none', year: 2023 }; // «Обмен информацией об имеющихся вакансиях»

describe('validatePeriod', () => {
  it('accepts the seed periods', () => {
    for (const period of [manege, pinUp, october, vacancies, { kind: 'day', date: '2024-02-29' } as const]) {
      expect(validatePeriod(period)).toEqual([]);
    }
  });

  it('names what is wrong', () => {
    expect(validatePeriod({ kind: 'day', date: '2023-02-29' })).toEqual([
      { path: 'date', message: expect.any(String) },
    ]);
    expect(validatePeriod({ kind: 'day', date: '2023-4-9' })).toEqual([{ path: 'date', message: expect.any(String) }]);
    expect(validatePeriod({ kind: 'range', from: '2023-01-08', to: '2022-10-15' })).toEqual([
      { path: 'to', message: expect.any(String) },
    ]);
    expect(validatePeriod({ kind: 'month', year: 2023, month: 0 })).toEqual([
      { path: 'month', message: expect.any(String) },
    ]);
    expect(validatePeriod({ kind: 'none', year: 23 })).toEqual([{ path: 'year', message: expect.any(String) }]);
  });

  it('is what PeriodSchema enforces', () => {
    expect(PeriodSchema.safeParse(manege).success).toBe(true);
    const parsed = PeriodSchema.safeParse({ kind: 'range', from: '2023-13-01', to: '2023-12-01' });
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => issue.path)).toEqual([['from']]);
  });
});

describe('periodStart / periodEnd', () => {
  it('give the first and last day covered; none for an undated period', () => {
    expect([periodStart(manege), periodEnd(manege)]).toEqual(['2022-10-15', '2023-01-08']);
    expect([periodStart(october), periodEnd(october)]).toEqual(['2023-10-01', '2023-10-31']);
    expect(periodEnd({ kind: 'month', year: 2024, month: 2 })).toBe('2024-02-29');
    expect([periodStart({ kind: 'day', date: '2023-04-09' }), periodEnd({ kind: 'day', date: '2023-04-09' })]).toEqual([
      '2023-04-09',
      '2023-04-09',
    ]);
    expect([periodStart(vacancies), periodEnd(vacancies)]).toEqual([null, null]);
  });
});

describe('overlapsYear', () => {
  it('puts a range crossing years into both years', () => {
    expect([2021, 2022, 2023, 2024].map((year) => overlapsYear(manege, year))).toEqual([false, true, true, false]);
    expect([2021, 2022, 2023, 2024].map((year) => overlapsYear(pinUp, year))).toEqual([false, true, true, false]);
  });

  it('counts the edge days', () => {
    expect(overlapsYear({ kind: 'range', from: '2022-12-31', to: '2023-01-01' }, 2022)).toBe(true);
    expect(overlapsYear({ kind: 'day', date: '2023-01-01' }, 2022)).toBe(false);
  });

  it('puts a month in its year and an undated period in exactly its year', () => {
    expect([2022, 2023].map((year) => overlapsYear(october, year))).toEqual([false, true]);
    expect([2022, 2023, 2024].map((year) => overlapsYear(vacancies, year))).toEqual([false, true, false]);
  });
});

describe('periodWithinYears', () => {
  it('wants every day of the period within the years', () => {
    expect(periodWithinYears(manege, 2021, 2023)).toBe(true);
    expect(periodWithinYears(manege, 2023, 2023)).toBe(false);
    expect(periodWithinYears({ kind: 'range', from: '2023-12-28', to: '2024-01-08' }, 2021, 2023)).toBe(false);
    expect(periodWithinYears(vacancies, 2021, 2023)).toBe(true);
    expect(periodWithinYears({ kind: 'none', year: 2024 }, 2021, 2023)).toBe(false);
  });
});
