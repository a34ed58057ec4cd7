// The budget of a measure per report year: at most MAX_ENTRIES_PER_MEASURE_YEAR live entries
// and MAX_TEXT_PER_MEASURE_YEAR characters of their text and place, counted in every year whose
// report shows the entry, and half of each for one succession line, however many the measure
// names. Only growth is refused; a stream already past the budget still folds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DomainCommand,
  type DomainEvent,
  eventStreamId,
  foldMeasure,
  MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR,
  MAX_CHANGES_PER_MEASURE_YEAR,
  MAX_COUNTED_PER_ENTRY,
  MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR,
  MAX_ENTRIES_PER_MEASURE_YEAR,
  MAX_TEXT_LENGTH,
  MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR,
  MAX_TEXT_PER_MEASURE_YEAR,
  measureDecider,
  measureStreamId,
  overlapsYear,
  type Period,
  yearsOverlapped,
} from '../../shared/domain';
import { AppError } from '../../shared/errors';
import {
  agency,
  by,
  CENTER,
  coordinator,
  INVEST,
  measureAmended,
  on21,
  PLAN,
  SPORT,
  TEREM,
  tourismPlan,
} from './support/fixtures';
import { given } from './support/given';
import { InMemoryLedger } from './support/ledger';

const day = (date: string): Period => ({ kind: 'day', date });

const entry = (reportId: string, text = 'Проведено мероприятие', period: Period = day('2023-04-09'), place?: string) =>
  ({
    type: 'ExecutionReported',
    data: {
      planId: PLAN,
      number: '9.1',
      reportId,
      executorId: SPORT,
      period,
      text,
      ...(place !== undefined && { place }),
    },
  }) satisfies DomainEvent;

const withdrawn = (reportId: string): DomainEvent => ({
  type: 'ExecutionWithdrawn',
  data: { planId: PLAN, number: '9.1', reportId, reason: 'дубль' },
});

/** The entry as `executorId`'s. */
const of = (executorId: string, event: DomainEvent): DomainEvent =>
  ({ ...event, data: { ...event.data, executorId } }) as DomainEvent;

/** `count` entries on 9.1 in 2023, each with a short text, the sport office's. */
const entries = (count: number, prefix = 'r') => Array.from({ length: count }, (_, i) => entry(`${prefix}${i}`));
/** Entries of the longest text on 9.1 in 2023: 20 of them fill its characters, 10 a line's share. */
const longest = (count: number) =>
  Array.from({ length: count }, (_, i) => entry(`long${i}`, `${i}`.padEnd(MAX_TEXT_LENGTH, 'ж')));
const FULL_OF_TEXT = MAX_TEXT_PER_MEASURE_YEAR / MAX_TEXT_LENGTH;

/** 9.1 naming three lines: the sport office, the investment department and the tourism centre. */
const THREE = [SPORT, INVEST, CENTER];
const threeLines: DomainEvent[] = [...tourismPlan, measureAmended('9.1', THREE)];
/** `events` dealt to the three lines in turn (the sport office's: 0, 3, 6, …), none past its share. */
const dealt = (events: DomainEvent[]) => events.map((event, i) => of(THREE[i % THREE.length]!, event));

const report = (text = 'Турнир по самбо', period: Period = day('2023-12-15'), place?: string) =>
  ({
    type: 'ReportExecution',
    planId: PLAN,
    number: '9.1',
    reportId: 'new',
    executorId: SPORT,
    period,
    text,
    ...(place !== undefined && { place }),
    ...by(agency(SPORT)),
  }) as const;

const correct = (reportId: string, fields: { text?: string; period?: Period; place?: string | null }) =>
  ({
    type: 'CorrectExecution',
    planId: PLAN,
    number: '9.1',
    reportId,
    reason: 'уточнение',
    ...fields,
    ...by(agency(SPORT)),
  }) as const;

const withdraw = (reportId: string, actor = agency(SPORT)) =>
  ({ type: 'WithdrawExecution', planId: PLAN, number: '9.1', reportId, reason: 'дубль', ...by(actor) }) as const;

const accepted = [expect.objectContaining({ type: expect.stringMatching(/^Execution/) })];

/** The refusal a command gets, as a client reads it. */
function refusalOf(history: DomainEvent[], command: DomainCommand): AppError {
  const ledger = new InMemoryLedger();
  ledger.record(history);
  try {
    ledger.execute(command);
  } catch (error) {
    if (error instanceof AppError && error.code === 'year_budget_exceeded') return error;
    throw error;
  }
  throw new Error(`${command.type} was not refused`);
}

describe('entries per measure and year', () => {
  // Three lines: each below its share when the measure is full.
  const full = [...threeLines, ...dealt(entries(MAX_ENTRIES_PER_MEASURE_YEAR))];

  it('takes the entry that reaches the limit and refuses the next, naming measure, year, limit and use', () => {
    given(...threeLines, ...dealt(entries(MAX_ENTRIES_PER_MEASURE_YEAR - 1)))
      .when(report())
      .then(accepted);
    const refusal = refusalOf(full, report());
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal.status).toBe(409);
    expect(refusal.message).toBe(
      `Measure 9.1 already has ${MAX_ENTRIES_PER_MEASURE_YEAR} live entries in 2023; a measure may have at most ${MAX_ENTRIES_PER_MEASURE_YEAR} in a year`,
    );
    expect(refusal.extras).toEqual({
      measure: '9.1',
      year: 2023,
      budget: 'entries',
      limit: MAX_ENTRIES_PER_MEASURE_YEAR,
      used: MAX_ENTRIES_PER_MEASURE_YEAR,
    });
  });

  it('counts per year: a full 2023 leaves 2022 open', () => {
    given(...full)
      .when(report('Турнир', day('2022-12-15')))
      .then(accepted);
  });

  it('frees room with a withdrawal', () => {
    // r7 is the department's: the sport office may take the room, its line being below its share.
    given(...full, withdrawn('r7'))
      .when(report())
      .then(accepted);
  });

  it('refuses a correction that moves an entry into a full year, and takes one that keeps it where it is', () => {
    const history = [...full, entry('old', 'Сбор', day('2022-05-01'))];
    expect(refusalOf(history, correct('old', { period: day('2023-05-01') })).extras?.budget).toBe('entries');
    given(...history)
      .when(correct('old', { text: 'Сборы команды' }))
      .then(accepted);
    // An entry already in 2023 may move within it.
    given(...history)
      .when(correct('r0', { period: day('2023-06-01') }))
      .then(accepted);
  });
});

describe('characters of text and place per measure and year', () => {
  it('takes text and place up to the limit exactly, and refuses one character more', () => {
    // The sport office holds 7 of the 19, 70,000 characters: below its share.
    const full = [...threeLines, ...dealt(longest(FULL_OF_TEXT - 1))];
    // MAX_TEXT_LENGTH characters left: text and place together.
    given(...full)
      .when(report('я'.repeat(MAX_TEXT_LENGTH - 11), day('2023-12-15'), 'г. Смоленск'))
      .then(accepted);
    const refusal = refusalOf(full, report('я'.repeat(MAX_TEXT_LENGTH - 10), day('2023-12-15'), 'г. Смоленск'));
    expect(refusal.extras).toMatchObject({
      measure: '9.1',
      year: 2023,
      budget: 'characters',
      limit: MAX_TEXT_PER_MEASURE_YEAR,
      used: MAX_TEXT_PER_MEASURE_YEAR - MAX_TEXT_LENGTH,
      requested: MAX_TEXT_LENGTH + 1,
    });
    expect(refusal.message).toContain('Measure 9.1 would hold 200001 characters of entry text and place in 2023');
    expect(refusal.message).toContain(`at most ${MAX_TEXT_PER_MEASURE_YEAR} in a year, and 190000 are used`);
  });

  it('refuses a correction that grows the text past the budget, and takes one that shrinks it', () => {
    const full = [...threeLines, ...dealt(longest(FULL_OF_TEXT))];
    // long3 is the sport office's, which holds 70,000 characters: the measure's budget refuses.
    expect(refusalOf(full, correct('long3', { place: 'г. Смоленск' })).extras?.budget).toBe('characters');
    given(...full)
      .when(report('Ещё одна запись'))
      .then('year_budget_exceeded');
    // As long, but different: nothing grows.
    given(...full)
      .when(correct('long3', { text: 'ё'.repeat(MAX_TEXT_LENGTH) }))
      .then(accepted);
    given(...full)
      .when(correct('long3', { text: 'Короче' }))
      .then(accepted);
  });

  it('gives back what a withdrawal or a shortening frees', () => {
    given(...threeLines, ...dealt(longest(FULL_OF_TEXT)), withdrawn('long0'))
      .when(report('я'.repeat(MAX_TEXT_LENGTH)))
      .then(accepted);
    given(...threeLines, ...dealt(longest(FULL_OF_TEXT)), {
      type: 'ExecutionCorrected',
      data: { planId: PLAN, number: '9.1', reportId: 'long0', text: 'Кратко', reason: 'сокращено' },
    })
      .when(report('я'.repeat(MAX_TEXT_LENGTH - 'Кратко'.length)))
      .then(accepted);
  });
});

describe('changes per measure and year', () => {
  const corrected = (reportId: string, n: number): DomainEvent => ({
    type: 'ExecutionCorrected',
    data: { planId: PLAN, number: '9.1', reportId, text: `Правка ${n}`, reason: 'уточнение' },
  });
  /** 9.1 shared by the sport office and the investment department. */
  const shared: DomainEvent[] = [...tourismPlan, measureAmended('9.1', [SPORT, INVEST])];
  const ofInvest = (reportId: string): DomainEvent => {
    const event = entry(reportId);
    return { ...event, data: { ...event.data, executorId: INVEST } } as DomainEvent;
  };
  /** One entry, changed `count` times in all (reported once, then corrected). */
  const changedTimes = (first: DomainEvent, reportId: string, count: number) => [
    first,
    ...Array.from({ length: count - 1 }, (_, n) => corrected(reportId, n)),
  ];
  const half = MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR;
  /** The year has had every change it takes: each executor its share. */
  const worn = [...shared, ...changedTimes(entry('r0'), 'r0', half), ...changedTimes(ofInvest('i0'), 'i0', half)];
  const byInvest = { ...report('Отчёт департамента'), executorId: INVEST, ...by(agency(INVEST)) } as const;

  it('refuses a correction and a new entry once the year has had them all, naming the limit', () => {
    expect(2 * half).toBe(MAX_CHANGES_PER_MEASURE_YEAR);
    const error = refusalOf(worn, correct('r0', { text: 'Ещё одна правка' }));
    expect(error.extras).toEqual({
      measure: '9.1',
      year: 2023,
      budget: 'changes',
      limit: MAX_CHANGES_PER_MEASURE_YEAR,
      used: MAX_CHANGES_PER_MEASURE_YEAR,
    });
    given(...worn)
      .when(report())
      .then('year_budget_exceeded');
  });

  it('still takes a withdrawal, and the years it does not touch', () => {
    given(...worn)
      .when(withdraw('r0'))
      .then([expect.objectContaining({ type: 'ExecutionWithdrawn' })]);
    given(...worn)
      .when(report('Турнир 2022 года', day('2022-05-01')))
      .then(accepted);
  });

  it("gives one executor's entries at most half the year's changes, so its co-executors keep theirs", () => {
    // The sport office corrects its own entry until its share is used up.
    const sportWorn = [...shared, ...changedTimes(entry('r0'), 'r0', half)];
    const error = refusalOf(sportWorn, correct('r0', { text: 'Ещё одна правка' }));
    expect(error.extras).toEqual({
      measure: '9.1',
      year: 2023,
      budget: 'executor_changes',
      executorId: SPORT,
      limit: half,
      used: half,
    });
    given(...sportWorn)
      .when(report())
      .then('year_budget_exceeded');
    // The co-executor still reports and corrects, and so does the coordinator for it.
    given(...sportWorn)
      .when(byInvest)
      .then(accepted);
    given(...sportWorn, ofInvest('i0'))
      .when({ ...correct('i0', { text: 'Уточнено' }), ...by(agency(INVEST)) })
      .then(accepted);
    given(...sportWorn)
      .when({ ...byInvest, ...by(coordinator) })
      .then(accepted);
    // Its own entries still take withdrawals.
    given(...sportWorn)
      .when(withdraw('r0'))
      .then([expect.objectContaining({ type: 'ExecutionWithdrawn' })]);
  });

  it('counts withdrawn entries too: reporting and withdrawing in turn does not go on for ever', () => {
    // One live entry at most, but each report is a change.
    const cycles = Array.from({ length: half - 1 }, (_, i) => [entry(`c${i}`), withdrawn(`c${i}`)]).flat();
    given(...tourismPlan, ...cycles)
      .when(report())
      .then(accepted);
    given(...tourismPlan, ...cycles, entry('last'), withdrawn('last'))
      .when(report())
      .then('year_budget_exceeded');
  });
});

describe('the years an entry counts in', () => {
  it('are the years whose report shows it: a range crossing years counts in both', () => {
    const crossing: Period = { kind: 'range', from: '2022-12-30', to: '2023-01-02' };
    expect(yearsOverlapped(crossing)).toEqual([2022, 2023]);
    const full2023 = [...threeLines, ...dealt(entries(MAX_ENTRIES_PER_MEASURE_YEAR))];
    given(...full2023)
      .when(report('Новогодний турнир', crossing))
      .then('year_budget_exceeded');
    const ledger = given(...tourismPlan, entry('x', 'Турнир', crossing, 'г. Смоленск'))
      .when(report('Ещё', day('2022-01-10')))
      .then(accepted);
    expect(ledger.measure(PLAN, '9.1')?.years).toEqual({
      2022: {
        entries: 2,
        characters: 'Турнир'.length + 'г. Смоленск'.length + 'Ещё'.length,
        changes: 2,
        changesBy: { [SPORT]: 2 },
        entriesBy: { [SPORT]: 2 },
        charactersBy: { [SPORT]: 'Турнир'.length + 'г. Смоленск'.length + 'Ещё'.length },
      },
      2023: {
        entries: 1,
        characters: 'Турнир'.length + 'г. Смоленск'.length,
        changes: 1,
        changesBy: { [SPORT]: 1 },
        entriesBy: { [SPORT]: 1 },
        charactersBy: { [SPORT]: 'Турнир'.length + 'г. Смоленск'.length },
      },
    });
  });

  it('are exactly those overlapsYear (the report’s choice of entries) accepts, for any period', () => {
    const date = fc
      .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const year = fc.integer({ min: 1990, max: 2100 });
    const period: fc.Arbitrary<Period> = fc.oneof(
      date.map((d) => ({ kind: 'day' as const, date: d })),
      fc.tuple(date, date).map(([a, b]) => {
        const [from, to] = [a, b].sort() as [string, string];
        return { kind: 'range' as const, from, to };
      }),
      fc.tuple(year, fc.integer({ min: 1, max: 12 })).map(([y, month]) => ({ kind: 'month' as const, year: y, month })),
      year.map((y) => ({ kind: 'none' as const, year: y })),
    );
    fc.assert(
      fc.property(period, (p) => {
        const all = Array.from({ length: 111 }, (_, i) => 1990 + i).filter((y) => overlapsYear(p, y));
        expect(yearsOverlapped(p)).toEqual(all);
      }),
      { numRuns: 500, seed: 20261130 },
    );
  });
});

const ENTRY_SHARE = MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR;
const TEXT_SHARE = MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR;

describe('a stream written past the budget (before there was one)', () => {
  const over = [...tourismPlan, ...entries(MAX_ENTRIES_PER_MEASURE_YEAR + 200), ...longest(FULL_OF_TEXT + 5)];

  it('still folds, with its tallies as they are', () => {
    const ledger = given(...over)
      .when(correct('r1', { text: 'Уточнено' }))
      .then(accepted);
    expect(ledger.measure(PLAN, '9.1')?.years[2023]?.entries).toBe(
      MAX_ENTRIES_PER_MEASURE_YEAR + 200 + FULL_OF_TEXT + 5,
    );
  });

  it('refuses new growth, and takes withdrawals and shortenings', () => {
    given(...over)
      .when(report('Новая'))
      .then('year_budget_exceeded');
    given(...over)
      .when(correct('long0', { text: `${'я'.repeat(MAX_TEXT_LENGTH - 1)}!` }))
      .then(accepted);
    given(...over)
      .when(correct('r2', { text: 'Проведено мероприятие, подробнее' }))
      .then('year_budget_exceeded');
    given(...over)
      .when(correct('long0', { text: 'Сокращено' }))
      .then(accepted);
    given(...over)
      .when(withdraw('r3', coordinator))
      .then([withdrawn('r3')]);
  });

  // Before every line had its share, a sole line had the whole budget: a measure naming the
  // sport office alone may hold 600 entries and 120,000 characters of 2023, past its share.
  it('past a sole line’s share, still folds and takes what shrinks or stays, and refuses growth', () => {
    const pastShare = [...tourismPlan, ...entries(ENTRY_SHARE + 100), ...longest(12)];
    const ledger = given(...pastShare)
      .when(correct('long3', { text: 'Короче' }))
      .then(accepted);
    expect(ledger.measure(PLAN, '9.1')?.years[2023]).toMatchObject({
      entries: ENTRY_SHARE + 112,
      entriesBy: { [SPORT]: ENTRY_SHARE + 112 },
    });
    given(...pastShare)
      .when(correct('long3', { text: 'ё'.repeat(MAX_TEXT_LENGTH) }))
      .then(accepted);
    given(...pastShare)
      .when(correct('r5', { period: day('2023-06-01') }))
      .then(accepted);
    given(...pastShare)
      .when(withdraw('r3'))
      .then([withdrawn('r3')]);
    expect(refusalOf(pastShare, report()).extras).toEqual({
      measure: '9.1',
      year: 2023,
      budget: 'executor_entries',
      executorId: SPORT,
      limit: ENTRY_SHARE,
      used: ENTRY_SHARE + 112,
    });
    expect(refusalOf(pastShare, correct('long3', { place: 'г. Смоленск' })).extras).toMatchObject({
      budget: 'executor_characters',
      requested: 'г. Смоленск'.length,
    });
    // Another year is the sport office's own.
    given(...pastShare)
      .when(report('Турнир', day('2022-12-15')))
      .then(accepted);
  });
});

describe("one executor's entries and the live budgets of a shared measure", () => {
  /** 9.1 shared by the sport office and the investment department. */
  const shared: DomainEvent[] = [...tourismPlan, measureAmended('9.1', [SPORT, INVEST])];
  const byInvest = { ...report('Отчёт департамента'), executorId: INVEST, ...by(agency(INVEST)) } as const;

  const longestBySport = (i: number) => report(`${i}`.padEnd(MAX_TEXT_LENGTH, 'ж'));

  // Found by red team 4: the changes had a per-executor share, the live entries and the
  // characters did not. One agency posting 20 entries of the longest text (20 requests, 20 of
  // its 2,500 changes) filled a shared measure's 200,000 characters, and its co-executor (the
  // other region's agency) was refused every entry of the year, told to «отзовите ненужные
  // записи» it may not withdraw; only the coordinator withdrawing them freed the year, and the
  // agency could post them again.
  it('the co-executor still reports once one agency has posted all the longest entries it may', () => {
    expect(2 * TEXT_SHARE).toBe(MAX_TEXT_PER_MEASURE_YEAR);
    const ledger = new InMemoryLedger();
    ledger.record(shared);
    const taken: DomainEvent[] = [];
    // The sport office tries to fill the year: half of it is taken, the rest refused.
    const outcomes = Array.from({ length: FULL_OF_TEXT }, (_, i) => {
      try {
        taken.push(...ledger.execute({ ...longestBySport(i), reportId: `long${i}` }));
        return 'taken';
      } catch (error) {
        return error instanceof AppError ? (error.extras?.budget as string) : 'thrown';
      }
    });
    expect(outcomes).toEqual([
      ...Array.from({ length: FULL_OF_TEXT / 2 }, () => 'taken'),
      ...Array.from({ length: FULL_OF_TEXT / 2 }, () => 'executor_characters'),
    ]);
    const refusal = refusalOf([...shared, ...taken], report('Ещё одна'));
    expect(refusal.status).toBe(409);
    expect(refusal.extras).toEqual({
      measure: '9.1',
      year: 2023,
      budget: 'executor_characters',
      executorId: SPORT,
      limit: TEXT_SHARE,
      used: TEXT_SHARE,
      requested: 'Ещё одна'.length,
    });
    expect(refusal.message).toBe(
      `Measure 9.1 would hold ${TEXT_SHARE + 8} characters of text and place in entries of executor ${SPORT}'s (and of those it succeeded or that succeeded it) in 2023; one executor's entries (with those of the executors it succeeded) may hold at most ${TEXT_SHARE} in a year (half the measure's), and ${TEXT_SHARE} are used`,
    );
    // The investment department reports its half.
    expect(ledger.execute(byInvest)).toEqual(accepted);
    for (let i = 1; i < FULL_OF_TEXT / 2; i++) {
      ledger.execute({ ...byInvest, reportId: `invest-${i}`, text: `${i}`.padEnd(MAX_TEXT_LENGTH, 'ж') });
    }
    expect(ledger.measure(PLAN, '9.1')?.years[2023]?.characters).toBe(
      MAX_TEXT_PER_MEASURE_YEAR - MAX_TEXT_LENGTH + 'Отчёт департамента'.length,
    );
  });

  it('the co-executor still reports once one agency has posted as many live entries as it may', () => {
    const half = [...shared, ...entries(ENTRY_SHARE)];
    const refusal = refusalOf(half, report());
    expect(refusal.extras).toEqual({
      measure: '9.1',
      year: 2023,
      budget: 'executor_entries',
      executorId: SPORT,
      limit: ENTRY_SHARE,
      used: ENTRY_SHARE,
    });
    expect(refusal.message).toBe(
      `Measure 9.1 already has ${ENTRY_SHARE} live entries of executor ${SPORT}'s (and of those it succeeded or that succeeded it) in 2023; one executor's entries (with those of the executors it succeeded) may be at most ${ENTRY_SHARE} in a year (half the measure's)`,
    );
    given(...half)
      .when(byInvest)
      .then(accepted);
    // The coordinator reporting for the sport office spends its share too; for the department, not.
    given(...half)
      .when({ ...report(), ...by(coordinator) })
      .then('year_budget_exceeded');
    given(...half)
      .when({ ...byInvest, ...by(coordinator) })
      .then(accepted);
    // Withdrawing one of its own makes room for one, and other years are the sport office's own.
    given(...half, withdrawn('r3'))
      .when(report())
      .then(accepted);
    given(...half)
      .when(report('Турнир', day('2022-12-15')))
      .then(accepted);
  });

  it('gives a sole executor its half too, so that an executor named beside it finds the other half', () => {
    // 9.1 of the tourism plan names the sport office alone.
    given(...tourismPlan, ...entries(ENTRY_SHARE - 1))
      .when(report())
      .then(accepted);
    expect(refusalOf([...tourismPlan, ...entries(ENTRY_SHARE)], report()).extras).toMatchObject({
      budget: 'executor_entries',
      executorId: SPORT,
      used: ENTRY_SHARE,
    });
    given(...tourismPlan, ...longest(FULL_OF_TEXT / 2 - 1))
      .when(report('я'.repeat(MAX_TEXT_LENGTH)))
      .then(accepted);
    expect(refusalOf([...tourismPlan, ...longest(FULL_OF_TEXT / 2)], report('я')).extras).toMatchObject({
      budget: 'executor_characters',
      used: TEXT_SHARE,
    });
    // Named beside it at its share, the investment department's entries are written.
    given(...tourismPlan, ...entries(ENTRY_SHARE), measureAmended('9.1', [SPORT, INVEST]))
      .when(byInvest)
      .then(accepted);
    given(...tourismPlan, ...longest(FULL_OF_TEXT / 2), measureAmended('9.1', [SPORT, INVEST]))
      .when({ ...byInvest, text: 'я'.repeat(MAX_TEXT_LENGTH) })
      .then(accepted);
    // A measure naming an executor and its successor names one succession line: one share.
    const line = [
      ...tourismPlan,
      measureAmended('2.1', [TEREM, CENTER]),
      ...Array.from({ length: ENTRY_SHARE / 2 }, (_, i) => on21(`terem-${i}`, TEREM, '2022-02-01')),
      ...Array.from({ length: ENTRY_SHARE / 2 - 1 }, (_, i) => on21(`centre-${i}`, CENTER, '2022-06-01')),
    ] satisfies DomainEvent[];
    given(...line)
      .when(reportOn21('centre-new', CENTER, '2022-07-01'))
      .then(accepted);
    const atShare = [...line, on21('centre-new', CENTER, '2022-07-01')];
    expect(refusalOf(atShare, reportOn21('centre-more', CENTER, '2022-07-02')).extras).toMatchObject({
      budget: 'executor_entries',
      executorId: CENTER,
      used: ENTRY_SHARE,
    });
  });

  it('takes a correction that shrinks or keeps its length past the share, and refuses one that grows', () => {
    // Written before the share existed: the sport office holds 12 of the longest entries.
    const over = [...shared, ...longest(12)];
    given(...over)
      .when(correct('long3', { text: 'Короче' }))
      .then(accepted);
    given(...over)
      .when(correct('long3', { text: 'ё'.repeat(MAX_TEXT_LENGTH) }))
      .then(accepted);
    given(...over)
      .when(correct('long3', { period: day('2023-05-01') }))
      .then(accepted);
    const grows = refusalOf(over, correct('long3', { place: 'г. Смоленск' }));
    expect(grows.extras).toMatchObject({
      budget: 'executor_characters',
      used: 12 * MAX_TEXT_LENGTH,
      requested: 'г. Смоленск'.length,
    });
    // Moving an entry into a year where the line is at its share is growth there.
    given(...shared, ...entries(ENTRY_SHARE), entry('old', 'Сбор', day('2022-05-01')))
      .when(correct('old', { period: day('2023-05-01') }))
      .then('year_budget_exceeded');
    // Its withdrawals are taken, and the department still reports.
    given(...over)
      .when(withdraw('long3'))
      .then([withdrawn('long3')]);
    given(...over)
      .when(byInvest)
      .then(accepted);
  });

  it('reads no co-executor far from a share; near one, those with entries in the year, not every one named', () => {
    const needs = (history: DomainEvent[], command: DomainCommand) => {
      const state = foldMeasure(history.filter((event) => eventStreamId(event) === measureStreamId(PLAN, '9.1')));
      return measureDecider.needs(command as never, state);
    };
    expect(needs([...shared, ...entries(10)], report())).toEqual({ plans: [PLAN], executors: [SPORT] });
    // At the share, the department named but without an entry of 2023 is not read; with one, it is
    // (and the successors of each, so their lines are known).
    expect(needs([...shared, ...entries(ENTRY_SHARE)], report())).toEqual({
      plans: [PLAN],
      executors: [SPORT],
      successors: true,
    });
    const withInvest = [...shared, ...entries(ENTRY_SHARE - 1), of(INVEST, entry('i0'))];
    expect(needs(withInvest, report())).toEqual({
      plans: [PLAN],
      executors: expect.arrayContaining([SPORT, INVEST]),
      successors: true,
    });
    // 89,800 characters (the department's entry among them): one entry of the longest text and
    // place cannot pass 100,000; a character more, it can.
    const far = [
      ...shared,
      ...longest(8),
      of(INVEST, entry('x', 'я'.repeat(TEXT_SHARE - MAX_COUNTED_PER_ENTRY - 8 * MAX_TEXT_LENGTH))),
    ];
    expect(needs(far, report()).executors).toEqual([SPORT]);
    expect(needs([...far, entry('y', 'я')], report()).executors).toEqual(expect.arrayContaining([SPORT, INVEST]));
  });
});

/** An entry on 2.1 by `executorId`. */
const reportOn21 = (reportId: string, executorId: string, date: string) =>
  ({
    type: 'ReportExecution',
    planId: PLAN,
    number: '2.1',
    reportId,
    executorId,
    period: day(date),
    text: 'Проведено',
    ...by(agency(executorId)),
  }) as const;

describe('a successor and its predecessor on a shared measure', () => {
  // 2.1 names the investment department and «Терем», succeeded by the tourism centre on
  // 2022-03-14: the centre's entries and «Терем»'s are one line's, and share one half.
  const line = [
    ...tourismPlan,
    ...Array.from({ length: MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR / 2 }, (_, i) =>
      on21(`terem-${i}`, TEREM, '2022-02-01'),
    ),
    ...Array.from({ length: MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR / 2 }, (_, i) =>
      on21(`centre-${i}`, CENTER, '2022-06-01'),
    ),
  ];

  it('counts their live entries together, and leaves the department its half', () => {
    const refusal = refusalOf(line, reportOn21('centre-new', CENTER, '2022-07-01'));
    expect(refusal.extras).toEqual({
      measure: '2.1',
      year: 2022,
      budget: 'executor_entries',
      executorId: CENTER,
      limit: MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR,
      used: MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR,
    });
    given(...line)
      .when(reportOn21('invest-new', INVEST, '2022-07-01'))
      .then(accepted);
    // 2023 is another year: the centre has its share there.
    given(...line)
      .when(reportOn21('centre-2023', CENTER, '2023-02-01'))
      .then(accepted);
  });
});

describe('a successor and the share of its predecessor', () => {
  // Measure 2.1: the investment department and «Терем», liquidated on 2022-03-14 and
  // succeeded by the tourism centre, which acts for it (corrects its entries, reports its
  // early-2022 work).
  const corrections = (reportId: string, count: number): DomainEvent[] =>
    Array.from({ length: count }, (_, n) => ({
      type: 'ExecutionCorrected',
      data: { planId: PLAN, number: '2.1', reportId, text: `Правка ${n}`, reason: 'уточнение' },
    }));
  const half = MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR;
  const correctTerem = {
    type: 'CorrectExecution',
    planId: PLAN,
    number: '2.1',
    reportId: 'terem-1',
    text: 'Ещё правка',
    reason: 'уточнение',
    ...by(agency(CENTER)),
  } as const;

  // Found by red team 4: the centre spent «Терем»'s share (its entries are «Терем»'s) and its
  // own, so one agency alone could use the measure's 5,000 changes of 2022, and the investment
  // department, a co-executor, was then refused every entry and correction of that year, for good.
  it("gives a successor one share with its predecessor's entries, so the co-executor keeps the rest", () => {
    // «Терем»'s entry has had its share; the centre's own entry one change less than a share.
    const spent = [
      ...tourismPlan,
      on21('terem-1', TEREM, '2022-02-01'),
      ...corrections('terem-1', half - 1),
      on21('centre-1', CENTER, '2022-06-01'),
      ...corrections('centre-1', half - 2),
    ];
    // Counted per entry executor, the centre's next correction was taken: the year's 5,000th.
    const refusal = refusalOf(spent, { ...correctTerem, reportId: 'centre-1' });
    expect(refusal.extras).toEqual({
      measure: '2.1',
      year: 2022,
      budget: 'executor_changes',
      executorId: CENTER,
      limit: half,
      used: 2 * half - 1,
    });
    given(...spent)
      .when(correctTerem)
      .then('year_budget_exceeded');
    // The investment department still reports and corrects in 2022.
    given(...spent)
      .when({
        type: 'ReportExecution',
        planId: PLAN,
        number: '2.1',
        reportId: 'invest-1',
        executorId: INVEST,
        period: day('2022-07-01'),
        text: 'Отчёт департамента',
        ...by(agency(INVEST)),
      })
      .then(accepted);
  });
});

describe('red team 5: the shares of a shared measure', () => {
  const amendTo = (executorIds: string[]) =>
    ({
      type: 'AmendMeasure',
      planId: PLAN,
      number: '9.1',
      executors: executorIds.map((executorId) => ({ executorId })),
      ...by(coordinator),
    }) as const;
  const byInvest = {
    ...report('Отчёт департамента'),
    reportId: 'invest-1',
    executorId: INVEST,
    ...by(agency(INVEST)),
  } as const;

  // Found by red team 5: a measure naming one line gave it both budgets whole, so the sport
  // office, alone on 9.1, posted the year's 1,000 entries; the coordinator then named the
  // investment department beside it, and the department was refused every entry of 2023
  // (`budget: "entries"`; the page told it to withdraw entries that are not its own). Fixed:
  // every line has its share of the live entries and characters, however many lines the
  // measure names, so the sport office stops at 500 and the department finds its half free.
  it('an executor named on a measure mid-year can still post its half, or the naming is refused', () => {
    const ledger = new InMemoryLedger();
    // The sport office has posted 499 entries of 2023, and tries ten more.
    ledger.record([...tourismPlan, ...entries(MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR - 1)]);
    const outcomes = Array.from({ length: 10 }, (_, i) => {
      try {
        ledger.execute({ ...report(), reportId: `sport-${i}` });
        return 'taken';
      } catch (error) {
        return error instanceof AppError ? (error.extras?.budget as string) : 'thrown';
      }
    });
    expect(outcomes).toEqual(['taken', ...Array.from({ length: 9 }, () => 'executor_entries')]);
    let named = true;
    try {
      ledger.execute(amendTo([SPORT, INVEST]));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      named = false;
    }
    expect(named).toBe(true);
    // The department posts its half: its first entry, and its 500th, the year's 1,000th.
    expect(ledger.execute(byInvest)).toEqual(accepted);
    ledger.record(
      Array.from({ length: MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR - 2 }, (_, i) => of(INVEST, entry(`invest-${i + 2}`))),
    );
    expect(ledger.execute({ ...byInvest, reportId: 'invest-last' })).toEqual(accepted);
    expect(ledger.measure(PLAN, '9.1')?.years[2023]?.entries).toBe(MAX_ENTRIES_PER_MEASURE_YEAR);
  });

  // Found by red team 5: `tallied` reads the co-executors (and has the write carry a condition
  // on each of their streams) when any year of the measure is near a share, not the years the
  // entry counts in. A full 2022 made every write of 2023 on the measure read them all, so a
  // co-executor's stream moving cost it a retry, and on a measure naming many executors each
  // one is an action of the transaction. BUDGET.md: "an ordinary write reads only its own executor".
  it('reads no co-executor for a write in a year far from a share, though another year is at one', () => {
    const needs = (history: DomainEvent[], command: DomainCommand) => {
      const state = foldMeasure(history.filter((event) => eventStreamId(event) === measureStreamId(PLAN, '9.1')));
      return measureDecider.needs(command as never, state);
    };
    const shared = [...tourismPlan, measureAmended('9.1', [SPORT, INVEST])];
    // 2022 at the share: the sport office's entries and one of the department's.
    const full2022 = Array.from({ length: MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR }, (_, i) =>
      of(i === 0 ? INVEST : SPORT, entry(`old${i}`, 'Проведено', day('2022-05-01'))),
    );
    const history = [...shared, ...full2022, entry('e2023')];
    // A new entry in 2023, a correction of a 2023 entry that keeps it there: only its own.
    expect(needs(history, report()).executors).toEqual([SPORT]);
    expect(needs(history, correct('e2023', { text: 'Уточнено' })).executors).toEqual([SPORT]);
    // Into 2022 (reported there, or moved there): those with entries there, as before.
    expect(needs(history, report('Турнир', day('2022-12-15'))).executors).toEqual(
      expect.arrayContaining([SPORT, INVEST]),
    );
    expect(needs(history, correct('e2023', { period: day('2022-12-01') })).executors).toEqual(
      expect.arrayContaining([SPORT, INVEST]),
    );
    // A 2022 entry corrected in place: those too.
    expect(needs(history, correct('old1', { text: 'Уточнено' })).executors).toEqual(
      expect.arrayContaining([SPORT, INVEST]),
    );
  });
});
