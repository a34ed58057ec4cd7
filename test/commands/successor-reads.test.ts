// Red team 6: what a successor's write reads. An executor the measure does not name may report
// on it as the successor (transitively) of one it names; to know that, the decision reads every
// executor the measure names and all their successors, and conditions the commit on each. A
// measure may name 50 executors (MAX_EXECUTORS_PER_MEASURE); after a reorganisation in which
// 49 of them were succeeded by new ones, a successor's entry rests on 99 executors and the
// plan: more than one transaction held, so every successor was refused every entry
// (too_many_events) though nothing was near any budget. Fixed: a liquidated executor's stream
// is final (no command may change it), so the commit checks only the live ones (here 50).
import { describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { type DomainEvent, MAX_EXECUTORS_PER_MEASURE } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { MemoryEventStore } from '../../shared/store/memory-event-store';
import {
  AT,
  agency,
  liquidated,
  measureAmended,
  PLAN,
  registered,
  SPORT,
  tourismPlan,
} from '../domain/support/fixtures';
import { storeWith } from './support';

const reportBy = (store: MemoryEventStore, executorId: string, reportId: string) =>
  executeCommand(
    store,
    {
      type: 'ReportExecution',
      planId: PLAN,
      number: '9.1',
      reportId,
      executorId,
      period: { kind: 'day', date: '2023-07-01' },
      text: 'Турнир, проведённый преемником',
      actor: agency(executorId),
      at: AT,
    },
    { commandId: reportId, fingerprint: reportId, recordedAt: AT },
  ).then(
    () => 'written',
    (error: unknown) => (error instanceof AppError ? error.code : 'thrown'),
  );

describe('a successor reporting on a measure that names as many executors as it may', () => {
  const others = Array.from({ length: MAX_EXECUTORS_PER_MEASURE - 1 }, (_, i) => `old-${i}`);
  const setup = (succeeded: number): DomainEvent[] => [
    ...tourismPlan,
    ...others.flatMap((id) => [registered(id), registered(`new-${id}`)]),
    measureAmended('9.1', [SPORT, ...others]),
    ...others.slice(0, succeeded).map((id) => liquidated(id, '2022-01-01', `new-${id}`)),
  ];

  it('takes the first successor’s entry when few of the named executors were succeeded', async () => {
    expect(await reportBy(await storeWith(setup(5)), `new-${others[0]}`, 'few')).toBe('written');
  });

  it('takes it when all the others were succeeded too (reads 99 executors, checks 50)', async () => {
    expect(await reportBy(await storeWith(setup(others.length)), `new-${others[0]}`, 'all')).toBe('written');
  });
});

describe('a write near a share on a measure whose executors were split into many lines', () => {
  // The residue of red team 5's finding 3: near a live share a write reads the executors with
  // live entries in the year and their successors, and conditioned on each. A measure naming
  // its 50 executors, 49 of them succeeded during the year, both the old and the new having
  // reported: 98 executors with entries, the sport office and the plan were 100 conditions,
  // and from the year's 500th entry on every write of that year was refused too_many_events,
  // the sport office's (10 entries of its 500) included. Fixed as above: the 49 liquidated are
  // final and not checked; the 49 live successors, the sport office and the plan fit.
  const others = Array.from({ length: MAX_EXECUTORS_PER_MEASURE - 1 }, (_, i) => `old-${i}`);
  const entryOf = (executorId: string, i: number): DomainEvent => ({
    type: 'ExecutionReported',
    data: {
      planId: PLAN,
      number: '9.1',
      reportId: `${executorId}-${i}`,
      executorId,
      period: { kind: 'day', date: '2023-03-01' },
      text: 'Проведено',
    },
  });
  const history: DomainEvent[] = [
    ...tourismPlan,
    ...others.flatMap((id) => [registered(id), registered(`new-${id}`)]),
    measureAmended('9.1', [SPORT, ...others]),
    ...others.flatMap((id) => Array.from({ length: 5 }, (_, i) => entryOf(id, i))),
    ...others.map((id) => liquidated(id, '2023-06-01', `new-${id}`)),
    ...others.flatMap((id) => Array.from({ length: 5 }, (_, i) => entryOf(`new-${id}`, i))),
    ...Array.from({ length: 10 }, (_, i) => entryOf(SPORT, i)),
  ];

  it('takes the sport office’s entry (its line holds 10 of its 500)', async () => {
    expect(await reportBy(await storeWith(history), SPORT, 'sport-near-share')).toBe('written');
  });
});
