// Red team 6: the year budget's shares decided on what the decision declares (the executors
// read only where `shareReachable` holds) against the same decision with the whole directory.
// The limits are made small so that random histories reach every share: 8 entries a year
// (4 a line), 400 characters (200), 20 changes (10), entries of at most 80 characters counted.
// Any difference between the two outcomes is a decision taken on incomplete lines.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../shared/domain/limits', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../shared/domain/limits')>();
  return {
    ...original,
    MAX_ENTRIES_PER_MEASURE_YEAR: 8,
    MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR: 4,
    MAX_TEXT_PER_MEASURE_YEAR: 400,
    MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR: 200,
    MAX_CHANGES_PER_MEASURE_YEAR: 20,
    MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR: 10,
    MAX_COUNTED_PER_ENTRY: 80,
  };
});

import {
  type Actor,
  type DomainCommand,
  type DomainEvent,
  decideMeasure,
  type Executor,
  MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR,
  type Period,
  successionLine,
} from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { agency, by, coordinator, liquidated, measureAmended, PLAN, registered, tourismPlan } from './support/fixtures';
import { InMemoryLedger } from './support/ledger';

// `constructor`: an id a plain object finds on its prototype (share-keys.test.ts).
const IDS = ['x1', 'x2', 'constructor', 'x4', 'x5', 'x6'];

type Step =
  | { kind: 'report'; who: number; asCoordinator: boolean; period: number; text: number; place: number }
  | { kind: 'correct'; entry: number; period: number | null; text: number | null; asCoordinator: boolean }
  | { kind: 'withdraw'; entry: number }
  | { kind: 'liquidate'; who: number; successor: number }
  | { kind: 'name'; who: number[] };

const PERIODS: Period[] = [
  { kind: 'day', date: '2022-05-01' },
  { kind: 'day', date: '2023-05-01' },
  { kind: 'range', from: '2022-12-20', to: '2023-01-10' },
  { kind: 'none', year: 2023 },
  { kind: 'month', year: 2022, month: 2 },
  { kind: 'range', from: '2021-12-01', to: '2023-02-01' },
];

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      who: fc.nat(5),
      asCoordinator: fc.boolean(),
      period: fc.nat(5),
      text: fc.integer({ min: 1, max: 60 }),
      place: fc.nat(20),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('correct' as const),
      entry: fc.nat(40),
      period: fc.option(fc.nat(5)),
      text: fc.option(fc.integer({ min: 1, max: 60 })),
      asCoordinator: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), entry: fc.nat(40) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('liquidate' as const), who: fc.nat(5), successor: fc.nat(5) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('name' as const),
      who: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 4 }),
    }),
  },
);

type Outcome = { ok: true; events: DomainEvent[] } | { ok: false; code: string; budget?: unknown; used?: unknown };

function outcomeOf(run: () => DomainEvent[]): Outcome {
  try {
    return { ok: true, events: run() };
  } catch (error) {
    if (error instanceof AppError)
      return { ok: false, code: error.code, budget: error.extras?.budget, used: error.extras?.used };
    throw error;
  }
}

describe('the shares decided on what the decision reads', () => {
  it('agree with the same decision on the whole directory, whatever the history', () => {
    expect(MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR).toBe(4);
    fc.assert(
      fc.property(fc.array(step, { minLength: 40, maxLength: 160 }), (steps) => {
        const ledger = new InMemoryLedger();
        ledger.record([
          ...tourismPlan,
          ...IDS.map((id) => registered(id)),
          measureAmended('9.1', ['x1', 'x2', 'constructor']),
        ]);
        const reported: string[] = [];
        // Lines merged by a liquidation may hold two shares: only the measure's budgets bind then.
        let merged = false;
        const directory = () => {
          const map = new Map<string, Executor>();
          for (const id of IDS) {
            const executor = ledger.executor(id);
            if (executor) map.set(id, executor);
          }
          return map;
        };
        for (const [n, s] of steps.entries()) {
          let command: DomainCommand;
          if (s.kind === 'liquidate') {
            if (s.who === s.successor) continue;
            const event = liquidated(IDS[s.who]!, '2022-12-31', IDS[s.successor]!);
            const directoryNow = directory();
            const who = directoryNow.get(IDS[s.who]!);
            const successor = directoryNow.get(IDS[s.successor]!);
            if (!who || who.liquidation || !successor || successor.liquidation) continue;
            ledger.record([event]);
            merged = true;
            continue;
          }
          if (s.kind === 'name') {
            const directoryNow = directory();
            const ids = s.who.map((i) => IDS[i]!);
            if (ids.some((id) => directoryNow.get(id)?.liquidation)) continue;
            ledger.record([measureAmended('9.1', ids)]);
            continue;
          }
          const actorFor = (executorId: string, asCoordinator: boolean): Actor =>
            asCoordinator ? coordinator : agency(executorId);
          const ownerOf = (reportId: string) => ledger.measure(PLAN, '9.1')?.reports.get(reportId)?.executorId ?? '';
          if (s.kind === 'report') {
            const executorId = IDS[s.who]!;
            command = {
              type: 'ReportExecution',
              planId: PLAN,
              number: '9.1',
              reportId: `r${n}`,
              executorId,
              period: PERIODS[s.period]!,
              text: 'т'.repeat(s.text),
              ...(s.place > 0 && { place: 'м'.repeat(s.place) }),
              ...by(actorFor(executorId, s.asCoordinator)),
            } as DomainCommand;
          } else {
            const reportId = reported[s.entry % Math.max(1, reported.length)];
            if (reportId === undefined) continue;
            if (s.kind === 'withdraw') {
              command = {
                type: 'WithdrawExecution',
                planId: PLAN,
                number: '9.1',
                reportId,
                reason: 'дубль',
                ...by(coordinator),
              } as DomainCommand;
            } else {
              command = {
                type: 'CorrectExecution',
                planId: PLAN,
                number: '9.1',
                reportId,
                reason: 'уточнение',
                ...(s.period !== null && { period: PERIODS[s.period]! }),
                ...(s.text !== null && { text: 'у'.repeat(s.text) }),
                ...by(s.asCoordinator ? coordinator : agency(successionLine(ownerOf(reportId), directory()).at(-1)!)),
              } as DomainCommand;
            }
          }
          const state = ledger.measure(PLAN, '9.1');
          const whole = outcomeOf(() =>
            decideMeasure(command as never, state, { plan: ledger.plan(PLAN), executors: directory() }),
          );
          const declared = outcomeOf(() => ledger.decide(command));
          expect(declared, `step ${n}: ${JSON.stringify(command)}`).toEqual(whole);
          if (declared.ok) {
            ledger.record(declared.events);
            if (command.type === 'ReportExecution') reported.push(command.reportId);
            const lines = directory();
            for (const tally of Object.values(ledger.measure(PLAN, '9.1')?.years ?? {})) {
              expect(tally.entries).toBeLessThanOrEqual(8);
              expect(tally.characters).toBeLessThanOrEqual(400);
              expect(tally.changes).toBeLessThanOrEqual(20);
              if (merged) continue;
              const byLine = (counts: Readonly<Record<string, number>>) => {
                const sums = new Map<string, number>();
                for (const [id, count] of Object.entries(counts)) {
                  const end = successionLine(id, lines).at(-1)!;
                  sums.set(end, (sums.get(end) ?? 0) + count);
                }
                return Math.max(0, ...sums.values());
              };
              expect(byLine(tally.entriesBy)).toBeLessThanOrEqual(4);
              expect(byLine(tally.charactersBy)).toBeLessThanOrEqual(200);
              expect(byLine(tally.changesBy)).toBeLessThanOrEqual(10);
            }
          }
        }
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });
});
