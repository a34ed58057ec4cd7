// What changed in a yearly report's entries between two moments: the log replayed
// to the first moment with the live projection (from the nearest snapshot of the views
// when there is one), then walked event by event up to the second, reading each entry just before and just after its event. Entries count when
// their period overlaps the year (before or after the change).
import { type DomainEvent, isDomainEventType, overlapsYear, parseEventData } from '../domain';
import { ValidationError } from '../errors';
import { catchUp } from '../projections/projector';
import type { ViewWriter } from '../projections/view-store';
import { SnapshotIntegrityError } from '../snapshots/format';
import { type ActorRef, type EventEnvelope, type EventStore, iterateAll } from '../store/event-store';
import type { EntryDoc } from '../views/documents';
import { ledgerProjection } from '../views/ledger-projection';
import { allMeasures, findExecutor, getEntry, getMeasure, getPlanHeader } from '../views/queries';
import { type ReplayOptions, replayViews } from '../views/replay';

/** A moment: an instant (the last event recorded by then) or a log position. */
export type Moment = { asOf?: string | undefined; position?: number | undefined };

export const ENTRY_FIELDS = ['text', 'period', 'place', 'participants', 'regions'] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];
export type EntryFields = Pick<EntryDoc, 'executorId' | EntryField>;

type ChangeBase = { position: number; recordedAt: string; actor: ActorRef; number: string; reportId: string };
export type FieldChange = { field: EntryField; before: EntryDoc[EntryField]; after: EntryDoc[EntryField] };
type PlanChangeBase = { position: number; recordedAt: string; actor: ActorRef };
export type ReportChange =
  | (ChangeBase & { kind: 'added'; entry: EntryFields })
  | (ChangeBase & { kind: 'corrected'; reason: string; changes: FieldChange[] })
  | (ChangeBase & { kind: 'withdrawn'; reason: string; entry: EntryFields })
  // What else changes the report's rows: the plan's measures and its executors.
  | (PlanChangeBase & { kind: 'measure-added'; number: string; title: string })
  | (PlanChangeBase & {
      kind: 'measure-amended';
      number: string;
      reason: string | null;
      changes: { field: string; before: unknown; after: unknown }[];
    })
  | (PlanChangeBase & {
      kind: 'executor-renamed';
      executorId: string;
      effectiveDate: string;
      before: string;
      after: string;
    })
  | (PlanChangeBase & {
      kind: 'executor-liquidated';
      executorId: string;
      effectiveDate: string;
      successorId: string | null;
    });

export type ReportChanges = {
  planId: string;
  year: number;
  /** The window is (from.position, to.position]. */
  from: { position: number; hash: string };
  to: { position: number; hash: string };
  changes: ReportChange[];
};

type EntryEvent = Extract<DomainEvent, { type: 'ExecutionReported' | 'ExecutionCorrected' | 'ExecutionWithdrawn' }>;
const ENTRY_EVENTS = new Set(['ExecutionReported', 'ExecutionCorrected', 'ExecutionWithdrawn']);

type ChangesQuery = { planId: string; year: number; from: Moment; to: Moment };

export async function reportChanges(
  store: Pick<EventStore, 'readAll' | 'head'>,
  query: ChangesQuery,
  options: ReplayOptions = {},
): Promise<ReportChanges> {
  try {
    return await changesBetween(store, query, options);
  } catch (error) {
    if (!(error instanceof SnapshotIntegrityError)) throw error;
    // A snapshot blob read while walking failed its check: the same answer from the full replay.
    options.logger?.error('a snapshot failed its checks; replaying from position 1', { error });
    return changesBetween(store, query, { logger: options.logger });
  }
}

async function changesBetween(
  store: Pick<EventStore, 'readAll' | 'head'>,
  query: ChangesQuery,
  options: ReplayOptions,
): Promise<ReportChanges> {
  const head = await store.head();
  for (const [name, moment] of [
    ['fromPosition', query.from],
    ['toPosition', query.to],
  ] as const) {
    if (moment.position !== undefined && moment.position > head.position) {
      throw new ValidationError(`${name} is beyond the head (${head.position}).`, [
        { path: name, message: `at most ${head.position}` },
      ]);
    }
  }
  const start = await replayViews(
    store,
    query.from.asOf !== undefined ? { asOf: query.from.asOf } : { position: query.from.position ?? 0 },
    options,
  );
  const views = start.writer;
  const toPosition = query.to.position ?? head.position;
  const cutoff = query.to.asOf !== undefined ? Date.parse(query.to.asOf) : undefined;
  if (
    start.position > toPosition ||
    (cutoff !== undefined && query.from.asOf !== undefined && cutoff < Date.parse(query.from.asOf))
  ) {
    throw new ValidationError('The window ends before it starts.', [
      { path: 'to', message: 'must not be before from' },
    ]);
  }
  const changes: ReportChange[] = [];
  for await (const event of iterateAll(store, { fromPosition: start.position + 1, toPosition, pageSize: 1000 })) {
    if (cutoff !== undefined && Date.parse(event.recordedAt) > cutoff) break;
    const change = await applyAndDescribe(views, event, query.planId, query.year);
    if (change) changes.push(change);
  }
  await getPlanHeader(views, query.planId); // 404 for a plan that does not exist by then
  const end = await views.checkpoint();
  return {
    planId: query.planId,
    year: query.year,
    from: { position: start.position, hash: start.hash },
    to: end,
    changes,
  };
}

async function applyAndDescribe(
  views: ViewWriter,
  event: EventEnvelope,
  planId: string,
  year: number,
): Promise<ReportChange | null> {
  if (PLAN_EVENTS.has(event.type)) return describePlanChange(views, event, planId);
  const parsed = entryEventOf(event, planId);
  const before = parsed ? await findEntry(views, planId, parsed.data.number, parsed.data.reportId) : null;
  await applyOne(views, event);
  if (!parsed) return null;
  const after = await findEntry(views, planId, parsed.data.number, parsed.data.reportId);
  const inYear = (entry: EntryDoc | null) => entry !== null && overlapsYear(entry.period, year);
  const base: ChangeBase = {
    position: event.position,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    number: parsed.data.number,
    reportId: parsed.data.reportId,
  };
  switch (parsed.type) {
    case 'ExecutionReported':
      return after && inYear(after) ? { ...base, kind: 'added', entry: fieldsOf(after) } : null;
    case 'ExecutionCorrected': {
      if (!before || !after || !(inYear(before) || inYear(after))) return null;
      const changed = ENTRY_FIELDS.filter((field) => parsed.data[field] !== undefined);
      return {
        ...base,
        kind: 'corrected',
        reason: parsed.data.reason,
        changes: changed.map((field) => ({ field, before: before[field], after: after[field] })),
      };
    }
    case 'ExecutionWithdrawn':
      return before && inYear(before)
        ? { ...base, kind: 'withdrawn', reason: parsed.data.reason, entry: fieldsOf(before) }
        : null;
  }
}

const PLAN_EVENTS = new Set(['MeasureAdded', 'MeasureAmended', 'ExecutorRenamed', 'ExecutorLiquidated']);
const AMENDABLE = ['title', 'term', 'fromYear', 'toYear', 'executors'] as const;

/** Measures added or amended on the plan, and renames or liquidations of executors it names. */
async function describePlanChange(
  views: ViewWriter,
  event: EventEnvelope,
  planId: string,
): Promise<ReportChange | null> {
  const parsed = parseEventData(event.type, event.schemaVersion, event.data);
  const base: PlanChangeBase = { position: event.position, recordedAt: event.recordedAt, actor: event.metadata.actor };
  const measures = () => allMeasures(views, planId);
  const namesExecutor = async (executorId: string) =>
    (await measures()).some((m) => m.executors.some((x) => x.executorId === executorId));
  switch (parsed.type) {
    case 'MeasureAdded':
      await applyOne(views, event);
      return parsed.data.planId === planId
        ? { ...base, kind: 'measure-added', number: parsed.data.number, title: parsed.data.title }
        : null;
    case 'MeasureAmended': {
      const before = await getMeasure(views, planId, parsed.data.number).catch(() => null);
      await applyOne(views, event);
      if (parsed.data.planId !== planId || !before) return null;
      const changes = AMENDABLE.filter((field) => parsed.data[field] !== undefined).map((field) => ({
        field,
        before: before[field],
        after: parsed.data[field],
      }));
      return {
        ...base,
        kind: 'measure-amended',
        number: parsed.data.number,
        reason: parsed.data.reason ?? null,
        changes,
      };
    }
    case 'ExecutorRenamed': {
      const before = await findExecutor(views, parsed.data.executorId);
      await applyOne(views, event);
      if (!(await namesExecutor(parsed.data.executorId))) return null;
      return {
        ...base,
        kind: 'executor-renamed',
        executorId: parsed.data.executorId,
        effectiveDate: parsed.data.effectiveDate,
        before: before?.fullName ?? '',
        after: parsed.data.newName,
      };
    }
    case 'ExecutorLiquidated':
      await applyOne(views, event);
      if (!(await namesExecutor(parsed.data.executorId))) return null;
      return {
        ...base,
        kind: 'executor-liquidated',
        executorId: parsed.data.executorId,
        effectiveDate: parsed.data.effectiveDate,
        successorId: parsed.data.successorId ?? null,
      };
    default:
      await applyOne(views, event);
      return null;
  }
}

function entryEventOf(event: EventEnvelope, planId: string): EntryEvent | null {
  if (!ENTRY_EVENTS.has(event.type) || !isDomainEventType(event.type)) return null;
  const parsed = parseEventData(event.type, event.schemaVersion, event.data) as EntryEvent;
  return parsed.data.planId === planId ? parsed : null;
}

function findEntry(views: ViewWriter, planId: string, number: string, reportId: string): Promise<EntryDoc | null> {
  return getEntry(views, planId, number, reportId);
}

/** The live projection, one event at a time, so each entry can be read between events. */
async function applyOne(views: ViewWriter, event: EventEnvelope): Promise<void> {
  const result = await catchUp(
    { readAll: async () => ({ events: [event], nextPosition: null }) },
    views,
    ledgerProjection,
  );
  if (result.status === 'failed') throw result.error;
}

function fieldsOf(entry: EntryDoc): EntryFields {
  return {
    executorId: entry.executorId,
    text: entry.text,
    period: entry.period,
    place: entry.place,
    participants: entry.participants,
    regions: entry.regions,
  };
}
