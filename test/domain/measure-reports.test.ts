// A measure's entries in its state: immutable, found by id, and added without copying the
// others, so a measure with tens of thousands of entries folds in linear time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MeasureEvent } from '../../shared/domain/measure/events';
import { Reports } from '../../shared/domain/measure/reports';
import { type ExecutionReport, evolveMeasure, type MeasureState } from '../../shared/domain/measure/state';

const entry = (reportId: string, extra: Partial<ExecutionReport> = {}): ExecutionReport => ({
  reportId,
  executorId: 'smolensk-sport-office',
  period: { kind: 'day', date: '2023-07-01' },
  textDigest: 'd'.repeat(64),
  textLength: 10,
  place: null,
  participants: null,
  regions: null,
  withdrawal: null,
  ...extra,
});

describe('Reports', () => {
  it('keeps entries in the order reported, a correction in its place, and finds them by id', () => {
    const book = Reports.empty()
      .with(entry('a'))
      .with(entry('b'))
      .with(entry('a', { participants: 5 }));
    expect(book.size).toBe(2);
    expect(book.toArray().map((r) => [r.reportId, r.participants])).toEqual([
      ['a', 5],
      ['b', null],
    ]);
    expect(book.get('a')?.participants).toBe(5);
    expect(book.has('c')).toBe(false);
    expect(JSON.parse(JSON.stringify(book))).toEqual(book.toArray());
  });

  it('never changes a state another was derived from, from the latest or from an older one', () => {
    const one = Reports.empty().with(entry('a'));
    const two = one.with(entry('b'));
    // From `one` again: a branch, as when a decision is made again after a commit failed.
    const branch = one.with(entry('c')).with(entry('a', { participants: 7 }));
    const three = two.with(entry('d'));
    expect(one.toArray().map((r) => r.reportId)).toEqual(['a']);
    expect(one.get('a')?.participants).toBeNull();
    expect(two.toArray().map((r) => r.reportId)).toEqual(['a', 'b']);
    expect(three.toArray().map((r) => r.reportId)).toEqual(['a', 'b', 'd']);
    expect(branch.toArray().map((r) => [r.reportId, r.participants])).toEqual([
      ['a', 7],
      ['c', null],
    ]);
    expect(two.has('c')).toBe(false);
    expect(branch.has('b')).toBe(false);
  });

  it('holds about its live entries, however often one is corrected', () => {
    let book = Reports.empty().with(entry('a')).with(entry('b'));
    for (let i = 0; i < 10_000; i++) book = book.with(entry('a', { participants: i }));
    expect(book.toArray().map((r) => [r.reportId, r.participants])).toEqual([
      ['a', 9_999],
      ['b', null],
    ]);
    // White-box: the versions the state's log keeps (superseded ones are compacted away).
    const kept = (book as unknown as { log: { versions: unknown[] } }).log.versions.length;
    expect(kept).toBeLessThan(100);
  });

  it('behaves as a copied array would, along any history of adds, corrections and branches', () => {
    // Each step: add or correct an id, on the latest state or on an earlier one.
    const step = fc.record({ id: fc.integer({ min: 0, max: 6 }), from: fc.nat(), value: fc.integer() });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const states: { book: Reports; model: ExecutionReport[] }[] = [{ book: Reports.empty(), model: [] }];
        for (const { id, from, value } of steps) {
          const base = states[from % states.length]!;
          const report = entry(`r${id}`, { participants: value });
          const at = base.model.findIndex((r) => r.reportId === report.reportId);
          const model = at < 0 ? [...base.model, report] : base.model.map((r, i) => (i === at ? report : r));
          states.push({ book: base.book.with(report), model });
        }
        for (const { book, model } of states) {
          expect(book.toArray()).toEqual(model);
          expect(book.size).toBe(model.length);
          for (let id = 0; id < 7; id++) expect(book.get(`r${id}`)).toEqual(model.find((r) => r.reportId === `r${id}`));
        }
      }),
    );
  });
});

describe('a measure with many entries', () => {
  it('folds 100,000 entries, with corrections and withdrawals, without copying the ones before each', () => {
    let state: MeasureState = evolveMeasure(null, {
      type: 'MeasureAdded',
      data: {
        planId: 'p',
        number: '9.1',
        sectionNumber: '9',
        title: 'Спортивные мероприятия',
        term: '2021-2023 годы',
        fromYear: 2021,
        toYear: 2023,
        executors: [],
      },
    } as MeasureEvent);
    const reported = (i: number) =>
      ({
        type: 'ExecutionReported',
        data: {
          planId: 'p',
          number: '9.1',
          reportId: `report-${i}`,
          executorId: 'smolensk-sport-office',
          period: { kind: 'day', date: '2023-07-01' },
          text: `Запись ${i}`,
        },
      }) as MeasureEvent;
    for (let i = 0; i < 100_000; i++) {
      state = evolveMeasure(state, reported(i));
      if (i % 1000 === 0) {
        state = evolveMeasure(state, {
          type: 'ExecutionWithdrawn',
          data: { planId: 'p', number: '9.1', reportId: `report-${i / 2}`, reason: 'дубль' },
        } as MeasureEvent);
      }
    }
    expect(state?.reports.size).toBe(100_000);
    expect(state?.reports.get('report-500')?.withdrawal).toEqual({ reason: 'дубль' });
    expect(state?.reports.get('report-501')?.withdrawal).toBeNull();
    // The bound is the test's time limit: under a second here, minutes when each event copies.
  }, 30_000);
});
