// A large synthetic plan in the domain's own event shapes: executors, a plan with
// sections, and measures each carrying its execution entries. Used by the large-plan
// test and by `npm run bench`.
import {
  type DomainEvent,
  EVENT_SCHEMA_VERSIONS,
  executorStreamId,
  measureStreamId,
  planStreamId,
} from '../../../shared/domain';
import { MAX_EVENTS_PER_APPEND } from '../../../shared/store/append-plan';
import type { EventStore, NewEvent } from '../../../shared/store/event-store';

export interface SyntheticPlanOptions {
  planId?: string;
  sections: number;
  measuresPerSection: number;
  entriesPerMeasure: number;
  executors?: number;
  recordedAt?: string;
}

export interface PlannedAppend {
  streamId: string;
  events: NewEvent[];
}

const event = (e: DomainEvent): NewEvent => ({
  type: e.type,
  schemaVersion: EVENT_SCHEMA_VERSIONS[e.type],
  data: e.data as NewEvent['data'],
});

/** The appends that build the plan, in order; no append exceeds the store's event limit. */
export function syntheticPlan(options: SyntheticPlanOptions): PlannedAppend[] {
  const planId = options.planId ?? 'big-plan';
  const executorCount = options.executors ?? 40;
  const appends: PlannedAppend[] = [];
  const executorId = (i: number) => `exec-${String(i).padStart(3, '0')}`;
  for (let i = 0; i < executorCount; i++) {
    const data = {
      executorId: executorId(i),
      fullName: `Исполнитель №${i} (государственное учреждение)`,
      party: 'Смоленская область',
      kind: 'institution',
    };
    appends.push({ streamId: executorStreamId(executorId(i)), events: [event({ type: 'ExecutorRegistered', data })] });
  }
  const plan: NewEvent[] = [
    event({
      type: 'PlanCreated',
      data: {
        planId,
        title: 'Синтетический план',
        reportTitle: 'Синтетического плана',
        parties: ['Санкт-Петербург', 'Смоленская область'],
        fromYear: 2021,
        toYear: 2025,
      },
    }),
  ];
  for (let s = 1; s <= options.sections; s++)
    plan.push(event({ type: 'SectionAdded', data: { planId, number: String(s), title: `Раздел ${s}` } }));
  appends.push({ streamId: planStreamId(planId), events: plan });
  let n = 0;
  for (let s = 1; s <= options.sections; s++) {
    for (let m = 1; m <= options.measuresPerSection; m++, n++) {
      const number = `${s}.${m}`;
      const executors = [executorId(n % executorCount), executorId((n + 7) % executorCount)].map((id) => ({
        executorId: id,
        nameInPlan: `Исполнитель ${id} (как в плане)`,
      }));
      const events: NewEvent[] = [
        event({
          type: 'MeasureAdded',
          data: {
            planId,
            number,
            sectionNumber: String(s),
            title: `Мероприятие ${number}: совместные выставки и форумы`,
            term: '2021-2025 годы',
            fromYear: 2021,
            toYear: 2025,
            executors,
          },
        }),
      ];
      for (let e = 1; e <= options.entriesPerMeasure; e++) {
        const day = String(1 + (e % 28)).padStart(2, '0');
        const month = String(1 + (e % 12)).padStart(2, '0');
        events.push(
          event({
            type: 'ExecutionReported',
            data: {
              planId,
              number,
              reportId: `r-${number}-${e}`,
              executorId: executors[e % 2]!.executorId,
              period: { kind: 'day', date: `2023-${month}-${day}` },
              text: `Проведено мероприятие №${e} по пункту ${number}: круглый стол, выставка и деловая программа для участников из обоих регионов.`,
              place: 'г. Смоленск',
              participants: 20 + e,
              regions: 2,
            },
          }),
        );
      }
      for (let i = 0; i < events.length; i += MAX_EVENTS_PER_APPEND) {
        appends.push({ streamId: measureStreamId(planId, number), events: events.slice(i, i + MAX_EVENTS_PER_APPEND) });
      }
    }
  }
  return appends;
}

/**
 * Appends the plan to a store, `concurrency` streams at a time; the appends of one
 * stream stay in order, and executors and the plan come before any measure.
 */
export async function appendPlan(
  store: EventStore,
  appends: PlannedAppend[],
  options: { recordedAt?: string; concurrency?: number } = {},
): Promise<void> {
  const recordedAt = options.recordedAt ?? '2026-02-01T10:00:00.000Z';
  const actor = { keyId: 'system', role: 'system' };
  let counter = 0;
  const send = (append: PlannedAppend) =>
    store.append(append.streamId, append.events, {
      expectedVersion: 'any',
      commandId: `synthetic-${++counter}-${append.streamId}`,
      actor,
      recordedAt,
    });
  const firstMeasure = appends.findIndex((a) => a.streamId.startsWith('measure-'));
  const head = firstMeasure < 0 ? appends : appends.slice(0, firstMeasure);
  for (const append of head) await send(append);
  const byStream = new Map<string, PlannedAppend[]>();
  for (const append of appends.slice(head.length))
    byStream.set(append.streamId, [...(byStream.get(append.streamId) ?? []), append]);
  const groups = [...byStream.values()];
  let next = 0;
  const worker = async () => {
    while (next < groups.length) for (const append of groups[next++]!) await send(append);
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 1 }, worker));
}
