// The one kind of view event too large for one commit: a measure's 50 executors swapped for
// 50 others (MeasureAmended, 103 documents). Events appended straight to a store, as a log
// holds them, for the projector's, the split's and verify's tests.
import type { EventStore } from '../../../shared/store/event-store';

export const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

export type RawAppend = (
  streamId: string,
  type: string,
  data: Record<string, unknown>,
  schemaVersion?: number,
) => Promise<unknown>;

/** Appends one event as a coordinator, each with a command id of its own (`prefix-n`). */
export function rawAppender(store: Pick<EventStore, 'append'>, prefix: string): RawAppend {
  let n = 0;
  return (streamId, type, data, schemaVersion = 1) =>
    store.append(streamId, [{ type, schemaVersion, data: data as never }], {
      expectedVersion: 'any',
      commandId: `${prefix}-${++n}`,
      actor: { keyId: 'coordinator-1', role: 'coordinator' },
      recordedAt: '2026-04-01T08:00:00.000Z',
    });
}

/** Executors agency-1 … agency-100. */
export async function registerAgencies(append: RawAppend): Promise<void> {
  for (const i of range(1, 100))
    await append(`executor-agency-${i}`, 'ExecutorRegistered', {
      executorId: `agency-${i}`,
      fullName: `Учреждение №${i}`,
      party: 'Смоленская область',
    });
}

export const swapMeasureStream = (planId: string) => `measure-${planId}-9.7`;
const executors = (from: number) => range(from, 50).map((i) => ({ executorId: `agency-${i}`, nameInPlan: `№${i}` }));

/** Measure 9.7 of the plan, with agency-1 … agency-50 responsible. */
export function addMeasureOf50(append: RawAppend, planId: string) {
  return append(swapMeasureStream(planId), 'MeasureAdded', {
    planId,
    number: '9.7',
    sectionNumber: '9',
    title: 'Мероприятие со многими исполнителями',
    term: '2021-2023 годы',
    fromYear: 2021,
    toYear: 2023,
    executors: executors(1),
  });
}

/** Its executors swapped for agency-51 … agency-100: too large for one commit. */
export function swapExecutors(append: RawAppend, planId: string) {
  return append(swapMeasureStream(planId), 'MeasureAmended', {
    planId,
    number: '9.7',
    executors: executors(51),
    reason: 'Передача',
  });
}
