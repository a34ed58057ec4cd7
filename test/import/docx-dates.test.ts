// Periods read back from the date phrase an entry starts with: the inverse of the
// report's Russian dates, for every period the formatter can write, plus the forms
// agencies type; what starts like a date but is not one is reported, not guessed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth, isoDate } from '../../shared/domain/calendar';
import type { Period } from '../../shared/domain/period';
import { leadingDate } from '../../shared/import/docx';
import { formatPeriod } from '../../shared/report/russian-dates';

const dayArb = fc
  .record({
    year: fc.integer({ min: 1990, max: 2100 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ year, month, day }) => isoDate(year, month, Math.min(day, daysInMonth(year, month))));

const periodArb: fc.Arbitrary<Period> = fc.oneof(
  dayArb.map((date): Period => ({ kind: 'day', date })),
  fc
    .tuple(dayArb, dayArb)
    .filter(([a, b]) => a !== b)
    .map(([a, b]): Period => (a < b ? { kind: 'range', from: a, to: b } : { kind: 'range', from: b, to: a })),
  fc
    .record({ year: fc.integer({ min: 1990, max: 2100 }), month: fc.integer({ min: 1, max: 12 }) })
    .map((m): Period => ({ kind: 'month', ...m })),
);

const read = (text: string) => leadingDate(text);

describe('leadingDate', () => {
  it('reads back every period the report writes, followed by any text', () => {
    fc.assert(
      fc.property(periodArb, fc.constantFrom(' в г. Смоленске', ', на базе', '', '. Итоги'), (period, rest) => {
        const found = read(`${formatPeriod(period)}${rest}`);
        expect(found).toMatchObject({ kind: 'period', period });
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['9 апреля 2023 года на базе', { kind: 'day', date: '2023-04-09' }],
    ['9\u00a0апреля 2023\u00a0года', { kind: 'day', date: '2023-04-09' }],
    ['9 апреля 2023 г. на базе', { kind: 'day', date: '2023-04-09' }],
    ['09.04.2023 на базе', { kind: 'day', date: '2023-04-09' }],
    ['14-18 марта 2023 года', { kind: 'range', from: '2023-03-14', to: '2023-03-18' }],
    ['14 – 18 марта 2023 года', { kind: 'range', from: '2023-03-14', to: '2023-03-18' }],
    ['1 марта - 2 апреля 2023 года', { kind: 'range', from: '2023-03-01', to: '2023-04-02' }],
    ['28 февраля — 1 марта 2023 года', { kind: 'range', from: '2023-02-28', to: '2023-03-01' }],
    ['С 15 по 17 марта 2023 года', { kind: 'range', from: '2023-03-15', to: '2023-03-17' }],
    ['с 28 февраля по 3 марта 2023 года', { kind: 'range', from: '2023-02-28', to: '2023-03-03' }],
    ['С 15 октября 2022 года по 8 января 2023\u00a0года', { kind: 'range', from: '2022-10-15', to: '2023-01-08' }],
    ['28 декабря 2022 года – 26 февраля 2023 года', { kind: 'range', from: '2022-12-28', to: '2023-02-26' }],
    ['с 01.03.2023 по 05.03.2023', { kind: 'range', from: '2023-03-01', to: '2023-03-05' }],
    ['В октябре 2023 года в г. Санкт-Петербурге', { kind: 'month', year: 2023, month: 10 }],
    ['в мае 2022 г.', { kind: 'month', year: 2022, month: 5 }],
  ])('«%s»', (text, period) => {
    expect(read(text)).toMatchObject({ kind: 'period', period });
  });

  it.each([
    'Обмен информацией об имеющихся вакансиях',
    '2 сотрудника приняли участие',
    'В течение 2023 года проводилась работа',
    'II Всероссийская выставка',
    '',
  ])('finds no date phrase in «%s»', (text) => {
    expect(read(text)).toEqual({ kind: 'none' });
  });

  it.each([
    ['31 июня 2023 года прошел', /date/],
    ['29 февраля 2023 года', /date/],
    ['18-14 марта 2023 года', /before from/],
    ['12 марта прошел семинар', /date forms/],
    ['12-14 мая прошли', /date forms/],
    ['1, 2 июня 2023 года', /date forms/],
    ['В марте прошел', /date forms/],
    ['9 апреля 2023 годами', /date forms/],
  ])('reports «%s» as a date it cannot read', (text, reason) => {
    const found = read(text);
    expect(found.kind).toBe('unrecognised');
    expect(found.kind === 'unrecognised' && found.reason).toMatch(reason);
  });
});
