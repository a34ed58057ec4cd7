// Red team 5: two writes at once on a shared measure at the edge of a succession line's share.
// The first is decided below the threshold (reading no co-executor, nor the line's predecessor);
// the command path groups them, so the second must be decided on the state the first leaves,
// with the executors that state now needs, and be refused.
import { describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import {
  type DomainEvent,
  MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR,
  MAX_EXECUTORS_PER_MEASURE,
} from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { MemoryEventStore } from '../../shared/store/memory-event-store';
import {
  AT,
  agency,
  CENTER,
  INVEST,
  liquidated,
  measureAmended,
  on21,
  PLAN,
  registered,
  SPORT,
  TEREM,
  tourismPlan,
} from '../domain/support/fixtures';
import { storeWith } from './support';

/** An agency's entry on a measure, as its clerk posts it: written, or the refusal's budget (or code). */
const reportBy = (
  store: MemoryEventStore,
  fields: { number: string; reportId: string; executorId: string; date: string; text: string },
) =>
  executeCommand(
    store,
    {
      type: 'ReportExecution',
      planId: PLAN,
      number: fields.number,
      reportId: fields.reportId,
      executorId: fields.executorId,
      period: { kind: 'day', date: fields.date },
      text: fields.text,
      actor: agency(fields.executorId),
      at: AT,
    },
    { commandId: fields.reportId, fingerprint: fields.reportId, recordedAt: AT },
  ).then(
    () => 'written',
    (error: unknown) => (error instanceof AppError ? String(error.extras?.budget ?? error.code) : 'thrown'),
  );

describe('two writes at once at the edge of a share', () => {
  it('refuses the second: it is decided on the first one’s tally, with the line’s predecessor read', async () => {
    const half = MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR / 2;
    // 2.1 now names the department and the centre; «Терем» (succeeded by the centre) is off it,
    // its entries of early 2022 still the centre's line's. The year holds 499 entries: below
    // the threshold, so a write by the centre (assigned) reads no other executor.
    const store = await storeWith([
      ...tourismPlan,
      measureAmended('2.1', [INVEST, CENTER]),
      ...Array.from({ length: half }, (_, i) => on21(`terem-${i}`, TEREM, '2022-02-01')),
      ...Array.from({ length: half - 1 }, (_, i) => on21(`centre-${i}`, CENTER, '2022-06-01')),
    ]);
    const write = (reportId: string) =>
      reportBy(store, { number: '2.1', reportId, executorId: CENTER, date: '2022-07-01', text: 'Проведено' });
    const outcomes = await Promise.all([write('race-1'), write('race-2'), write('race-3')]);
    expect(outcomes).toEqual(['written', 'executor_entries', 'executor_entries']);
    // The department still has its half.
    const department = await executeCommand(
      store,
      {
        type: 'ReportExecution',
        planId: PLAN,
        number: '2.1',
        reportId: 'invest-1',
        executorId: INVEST,
        period: { kind: 'day', date: '2022-07-01' },
        text: 'Отчёт департамента',
        actor: agency(INVEST),
        at: AT,
      },
      { commandId: 'invest-1', fingerprint: 'invest-1', recordedAt: AT },
    );
    expect(department.duplicate).toBe(false);
  });
});

describe('a measure naming as many executors as it may, near a share', () => {
  // Found by red team 5: near a live share a write read every executor the measure names, with
  // their successors, and carried a condition on each stream. A measure naming its 50
  // executors, 49 of them succeeded by new ones (a reorganisation), read 99 executors and the
  // plan: more actions than one transaction holds, so from the year's 500th entry on every
  // entry of that year was refused (too_many_events), the sport office's first included,
  // though it has none. Fixed: every line has its share whatever the number of lines, so the
  // named executors are no longer read to count them; near a share a write reads the executors
  // with live entries in the year (here one) and their successors.
  const others = Array.from({ length: MAX_EXECUTORS_PER_MEASURE - 1 }, (_, i) => `old-${i}`);
  const setup = (entries: number): DomainEvent[] => [
    ...tourismPlan,
    ...others.flatMap((id) => [registered(id), registered(`new-${id}`)]),
    measureAmended('9.1', [SPORT, ...others]),
    ...others.map((id) => liquidated(id, '2022-01-01', `new-${id}`)),
    ...Array.from({ length: entries }, (_, i) => ({
      type: 'ExecutionReported' as const,
      data: {
        planId: PLAN,
        number: '9.1',
        reportId: `e${i}`,
        executorId: `new-${others[0]}`,
        period: { kind: 'day' as const, date: '2023-05-01' },
        text: 'Проведено',
      },
    })),
  ];
  const bySport = (store: MemoryEventStore) =>
    reportBy(store, {
      number: '9.1',
      reportId: 'sport-1',
      executorId: SPORT,
      date: '2023-07-01',
      text: 'Турнир по самбо',
    });

  it('takes the sport office’s entry below the threshold', async () => {
    expect(await bySport(await storeWith(setup(MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR - 1)))).toBe('written');
  });

  it('takes the sport office’s entry at the threshold too: its line has none', async () => {
    expect(await bySport(await storeWith(setup(MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR)))).toBe('written');
  });
});
