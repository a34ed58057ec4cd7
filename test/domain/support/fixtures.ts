// Actors, events and commands the domain tests build on: a small plan in the seed's image.
import type { Actor, DomainEvent, PublishReport } from '../../../shared/domain';

export const AT = '2024-01-15T10:00:00.000Z';
export const coordinator: Actor = { keyId: 'key-coordinator', role: 'coordinator' };
export const system: Actor = { keyId: 'system', role: 'system' };
export const auditor: Actor = { keyId: 'key-auditor', role: 'auditor' };
export const agency = (executorId: string): Actor => ({ keyId: `key-${executorId}`, role: 'agency', executorId });
export const by = (actor: Actor) => ({ actor, at: AT });

export const PLAN = 'spb-smolensk';
export const INVEST = 'invest-dept';
export const TEREM = 'terem';
export const CENTER = 'tourism-center';
export const SPORT = 'sport-office';

export const registered = (executorId: string, fullName = `Executor ${executorId}`): DomainEvent => ({
  type: 'ExecutorRegistered',
  data: { executorId, fullName, party: 'Смоленская область' },
});

export const liquidated = (executorId: string, effectiveDate: string, successorId?: string): DomainEvent => ({
  type: 'ExecutorLiquidated',
  data: { executorId, effectiveDate, ...(successorId !== undefined && { successorId }) },
});

export const planCreated: DomainEvent = {
  type: 'PlanCreated',
  data: {
    planId: PLAN,
    title: 'План мероприятий',
    reportTitle: 'Плана мероприятий (далее – План)',
    parties: ['Санкт-Петербург', 'Смоленская область'],
    fromYear: 2021,
    toYear: 2023,
  },
};

export const sectionAdded = (number: string, title = `Section ${number}`): DomainEvent => ({
  type: 'SectionAdded',
  data: { planId: PLAN, number, title },
});

export const measureAdded = (number: string, executorIds: string[]): DomainEvent => ({
  type: 'MeasureAdded',
  data: {
    planId: PLAN,
    number,
    sectionNumber: number.split('.')[0] ?? '',
    title: `Measure ${number}`,
    term: '2021-2023 годы',
    fromYear: 2021,
    toYear: 2023,
    executors: executorIds.map((executorId) => ({ executorId, nameInPlan: `Executor ${executorId}` })),
  },
});

/** The measure now names these executors (its plan names, as `measureAdded` writes them). */
export const measureAmended = (number: string, executorIds: string[]): DomainEvent => ({
  type: 'MeasureAmended',
  data: {
    planId: PLAN,
    number,
    executors: executorIds.map((executorId) => ({ executorId, nameInPlan: `Executor ${executorId}` })),
  },
});

/** An entry of `executorId` on tourism measure 2.1, dated `date`. */
export const on21 = (reportId: string, executorId: string, date: string): DomainEvent => ({
  type: 'ExecutionReported',
  data: { planId: PLAN, number: '2.1', reportId, executorId, period: { kind: 'day', date }, text: 'Проведено' },
});

export const reported = (
  number: string,
  reportId: string,
  executorId: string,
  text = 'Проведено мероприятие',
): DomainEvent => ({
  type: 'ExecutionReported',
  data: { planId: PLAN, number, reportId, executorId, period: { kind: 'day', date: '2023-04-09' }, text },
});

/** Tourism measure 2.1: the department and the institution liquidated on 2022-03-14, succeeded by the centre. */
export const tourismPlan: DomainEvent[] = [
  registered(INVEST),
  registered(TEREM),
  registered(CENTER),
  registered(SPORT),
  planCreated,
  sectionAdded('2'),
  sectionAdded('9'),
  measureAdded('2.1', [INVEST, TEREM]),
  measureAdded('9.1', [SPORT]),
  liquidated(TEREM, '2022-03-14', CENTER),
];

/** A command as a test writes it: the envelope comes from `by(actor)`. */
export type Body<C> = Omit<C, 'actor' | 'at'>;

/** A PublishReport of the plan's 2023 report (one JSON file) by `actor`; `fields` adds or replaces. */
export const publishCommand = (actor: Actor, fields: Partial<Body<PublishReport>> = {}): PublishReport => ({
  type: 'PublishReport',
  planId: PLAN,
  year: 2023,
  position: 10,
  chainHash: 'a'.repeat(64),
  includeAppendix: false,
  artifacts: [
    {
      format: 'json',
      contentType: 'application/json',
      fileName: 'r.json',
      key: 'sha256/x',
      sha256: 'b'.repeat(64),
      bytes: 1,
    },
  ],
  trigger: 'on-demand',
  ...fields,
  ...by(actor),
});
