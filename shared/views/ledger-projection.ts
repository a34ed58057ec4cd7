// The one projection behind every view: it turns domain events into the documents of
// views/documents.ts. Every document it writes is bounded by the limits on one event,
// never by how many events came before, so no valid event can stop it. Unknown event
// types are skipped (other writers, newer code); a known event that cannot be applied
// (its aggregate missing from the views) throws, and the projector stops there.
import { type DomainEvent, isDomainEventType, type Period, parseEventData } from '../domain';
import type { Projection } from '../projections/projector';
import type { ViewTx } from '../projections/unit-of-work';
import type { EventEnvelope } from '../store/event-store';
import {
  type ActorDoc,
  type ApiKeyDoc,
  type DocKind,
  Docs,
  type EntryDoc,
  type ExecutorDoc,
  type HistoryDoc,
  viewKeys as K,
  type MeasureDoc,
  type PlanHeaderDoc,
  type PlanSummaryDoc,
  type ProgressDoc,
  positionKey,
} from './documents';
import { entryYears } from './years';

type Applier<T extends DomainEvent['type']> = (
  event: Extract<DomainEvent, { type: T }>,
  envelope: EventEnvelope,
  tx: ViewTx,
) => Promise<void>;

const actorOf = (e: EventEnvelope): ActorDoc => ({
  keyId: e.metadata.actor.keyId,
  role: e.metadata.actor.role,
  executorId: e.metadata.actor.executorId ?? null,
  ...(e.metadata.actor.principal !== undefined && { principal: e.metadata.actor.principal }),
});

async function load<T>(tx: ViewTx, kind: DocKind<T>, pk: string, sk: string): Promise<T> {
  const doc = await tx.get(pk, sk);
  if (!doc) throw new Error(`the ${kind.name} ${pk}/${sk} is missing from the views`);
  return kind.read(doc);
}

function put<T>(tx: ViewTx, kind: DocKind<T>, pk: string, sk: string, doc: T): void {
  tx.put(pk, sk, kind.write(doc));
}

const onExecutorRegistered: Applier<'ExecutorRegistered'> = async ({ data }, e, tx) => {
  const doc: ExecutorDoc = {
    executorId: data.executorId,
    fullName: data.fullName,
    shortName: data.shortName ?? null,
    party: data.party,
    kind: data.kind ?? null,
    status: 'active',
    renames: 0,
    liquidation: null,
    predecessorCount: 0,
    registeredAt: e.recordedAt,
    position: e.position,
  };
  put(tx, Docs.executor, K.executors(), data.executorId, doc);
  const name = { name: data.fullName, shortName: data.shortName ?? null, effectiveDate: null, position: e.position };
  put(tx, Docs.executorName, K.names(data.executorId), positionKey(e.position), name);
};

const onExecutorRenamed: Applier<'ExecutorRenamed'> = async ({ data }, e, tx) => {
  const doc = await load(tx, Docs.executor, K.executors(), data.executorId);
  doc.fullName = data.newName;
  doc.shortName = data.newShortName ?? null;
  doc.renames += 1;
  doc.position = e.position;
  put(tx, Docs.executor, K.executors(), data.executorId, doc);
  const name = {
    name: data.newName,
    shortName: data.newShortName ?? null,
    effectiveDate: data.effectiveDate,
    position: e.position,
  };
  put(tx, Docs.executorName, K.names(data.executorId), positionKey(e.position), name);
};

const onExecutorLiquidated: Applier<'ExecutorLiquidated'> = async ({ data }, e, tx) => {
  const doc = await load(tx, Docs.executor, K.executors(), data.executorId);
  doc.status = 'liquidated';
  doc.liquidation = {
    effectiveDate: data.effectiveDate,
    successorId: data.successorId ?? null,
    note: data.note ?? null,
    position: e.position,
  };
  doc.position = e.position;
  put(tx, Docs.executor, K.executors(), data.executorId, doc);
  if (data.successorId) {
    const successor = await load(tx, Docs.executor, K.executors(), data.successorId);
    if (!(await tx.get(K.predecessors(data.successorId), data.executorId))) successor.predecessorCount += 1;
    put(tx, Docs.executor, K.executors(), data.successorId, successor);
    put(tx, Docs.predecessor, K.predecessors(data.successorId), data.executorId, {
      executorId: data.executorId,
      position: e.position,
    });
  }
};

const onPlanCreated: Applier<'PlanCreated'> = async ({ data }, e, tx) => {
  const header: PlanHeaderDoc = { ...data, sectionCount: 0, createdAt: e.recordedAt, position: e.position };
  put(tx, Docs.planHeader, K.plan(data.planId), K.header, header);
  const summary: PlanSummaryDoc = {
    planId: data.planId,
    title: data.title,
    fromYear: data.fromYear,
    toYear: data.toYear,
    measureCount: 0,
    position: e.position,
  };
  put(tx, Docs.planSummary, K.plans(), data.planId, summary);
};

const onSectionAdded: Applier<'SectionAdded'> = async ({ data }, e, tx) => {
  const header = await load(tx, Docs.planHeader, K.plan(data.planId), K.header);
  header.sectionCount += 1;
  header.position = e.position;
  put(tx, Docs.planHeader, K.plan(data.planId), K.header, header);
  const section = { planId: data.planId, number: data.number, title: data.title, position: e.position };
  put(tx, Docs.section, K.plan(data.planId), K.sectionSk(data.number), section);
};

const onMeasureAdded: Applier<'MeasureAdded'> = async ({ data }, e, tx) => {
  const doc: MeasureDoc = {
    ...data,
    entryCount: 0,
    withdrawnCount: 0,
    entriesByYear: {},
    addedAt: e.recordedAt,
    position: e.position,
    version: e.version,
  };
  put(tx, Docs.measure, K.plan(data.planId), K.measureSk(data.number), doc);
  const summary = await load(tx, Docs.planSummary, K.plans(), data.planId);
  summary.measureCount += 1;
  summary.position = e.position;
  put(tx, Docs.planSummary, K.plans(), data.planId, summary);
  for (const { executorId } of data.executors) {
    put(tx, Docs.worklist, K.worklist(executorId), K.worklistSk(data.planId, data.number), {
      planId: data.planId,
      number: data.number,
    });
  }
};

const onMeasureAmended: Applier<'MeasureAmended'> = async ({ data }, e, tx) => {
  const doc = await loadMeasure(tx, data.planId, data.number);
  if (data.executors) {
    const next = new Set(data.executors.map((x) => x.executorId));
    for (const { executorId } of doc.executors) {
      if (!next.has(executorId)) tx.delete(K.worklist(executorId), K.worklistSk(data.planId, data.number));
    }
    for (const executorId of next) {
      put(tx, Docs.worklist, K.worklist(executorId), K.worklistSk(data.planId, data.number), {
        planId: data.planId,
        number: data.number,
      });
    }
    doc.executors = data.executors;
  }
  if (data.title !== undefined) doc.title = data.title;
  if (data.term !== undefined) doc.term = data.term;
  if (data.fromYear !== undefined) doc.fromYear = data.fromYear;
  if (data.toYear !== undefined) doc.toYear = data.toYear;
  saveMeasure(tx, doc, e);
};

const onExecutionReported: Applier<'ExecutionReported'> = async ({ data }, e, tx) => {
  const doc = await loadMeasure(tx, data.planId, data.number);
  const entry: EntryDoc = {
    planId: data.planId,
    number: data.number,
    reportId: data.reportId,
    executorId: data.executorId,
    period: data.period,
    text: data.text,
    place: data.place ?? null,
    participants: data.participants ?? null,
    regions: data.regions ?? null,
    reportedAt: e.recordedAt,
    reportedBy: actorOf(e),
    position: e.position,
    corrections: 0,
    lastCorrection: null,
    withdrawn: null,
  };
  put(tx, Docs.entry, K.entries(data.planId, data.number), positionKey(e.position), entry);
  put(tx, Docs.entryRef, K.entryRefs(data.planId, data.number), data.reportId, {
    reportId: data.reportId,
    position: e.position,
  });
  doc.entryCount += 1;
  countYears(doc, data.period, 1);
  saveMeasure(tx, doc, e);
  await countProgress(tx, entry, data.period, 1, e.recordedAt);
};

const onExecutionCorrected: Applier<'ExecutionCorrected'> = async ({ data }, e, tx) => {
  const doc = await loadMeasure(tx, data.planId, data.number);
  const entry = await loadEntry(tx, data.planId, data.number, data.reportId);
  const changed: string[] = [];
  if (data.text !== undefined) {
    entry.text = data.text;
    changed.push('text');
  }
  if (data.period !== undefined) {
    if (entry.withdrawn === null) {
      countYears(doc, entry.period, -1);
      countYears(doc, data.period, 1);
      await countProgress(tx, entry, entry.period, -1, null);
      await countProgress(tx, entry, data.period, 1, entry.reportedAt);
    }
    entry.period = data.period;
    changed.push('period');
  }
  if (data.place !== undefined) {
    entry.place = data.place;
    changed.push('place');
  }
  if (data.participants !== undefined) {
    entry.participants = data.participants;
    changed.push('participants');
  }
  if (data.regions !== undefined) {
    entry.regions = data.regions;
    changed.push('regions');
  }
  entry.corrections += 1;
  entry.lastCorrection = { position: e.position, at: e.recordedAt, by: actorOf(e), reason: data.reason, changed };
  put(tx, Docs.entry, K.entries(data.planId, data.number), positionKey(entry.position), entry);
  saveMeasure(tx, doc, e);
};

const onExecutionWithdrawn: Applier<'ExecutionWithdrawn'> = async ({ data }, e, tx) => {
  const doc = await loadMeasure(tx, data.planId, data.number);
  const entry = await loadEntry(tx, data.planId, data.number, data.reportId);
  if (entry.withdrawn === null) {
    doc.entryCount -= 1;
    doc.withdrawnCount += 1;
    countYears(doc, entry.period, -1);
    await countProgress(tx, entry, entry.period, -1, null);
  }
  entry.withdrawn = { position: e.position, at: e.recordedAt, by: actorOf(e), reason: data.reason };
  put(tx, Docs.entry, K.entries(data.planId, data.number), positionKey(entry.position), entry);
  saveMeasure(tx, doc, e);
};

const onApiKeyIssued: Applier<'ApiKeyIssued'> = async ({ data }, e, tx) => {
  const doc: ApiKeyDoc = {
    keyId: data.keyId,
    role: data.role,
    executorId: data.executorId ?? null,
    label: data.label,
    party: data.party ?? null,
    planIds: data.planIds ?? null,
    issuedAt: e.recordedAt,
    issuedBy: actorOf(e),
    revoked: null,
    position: e.position,
  };
  put(tx, Docs.apiKey, K.apiKeys(), data.keyId, doc);
};

const onApiKeyRevoked: Applier<'ApiKeyRevoked'> = async ({ data }, e, tx) => {
  const doc = await load(tx, Docs.apiKey, K.apiKeys(), data.keyId);
  doc.revoked = { at: e.recordedAt, by: actorOf(e), reason: data.reason, position: e.position };
  doc.position = e.position;
  put(tx, Docs.apiKey, K.apiKeys(), data.keyId, doc);
};

/** Keeps the per-year counts of a measure's entries in step with an entry's period. */
function countYears(doc: MeasureDoc, period: Period, delta: 1 | -1): void {
  for (const year of entryYears(period)) {
    const next = (doc.entriesByYear[year] ?? 0) + delta;
    if (next > 0) doc.entriesByYear[year] = next;
    else delete doc.entriesByYear[year];
  }
}

/**
 * Keeps an executor's per-year progress on a measure in step with its entries: the live
 * count, and when it last reported one for the year (moved only forward).
 */
async function countProgress(
  tx: ViewTx,
  entry: Pick<EntryDoc, 'planId' | 'number' | 'executorId'>,
  period: Period,
  delta: 1 | -1,
  reportedAt: string | null,
): Promise<void> {
  const pk = K.progress(entry.planId);
  const sk = K.progressSk(entry.number, entry.executorId);
  const found = await tx.get(pk, sk);
  const doc: ProgressDoc = found
    ? Docs.progress.read(found)
    : { planId: entry.planId, number: entry.number, executorId: entry.executorId, years: {} };
  for (const year of entryYears(period)) {
    const current = doc.years[year] ?? { entries: 0, lastReportedAt: '' };
    const lastReportedAt =
      reportedAt !== null && reportedAt > current.lastReportedAt ? reportedAt : current.lastReportedAt;
    doc.years[year] = { entries: Math.max(0, current.entries + delta), lastReportedAt };
  }
  put(tx, Docs.progress, pk, sk, doc);
}

function loadMeasure(tx: ViewTx, planId: string, number: string) {
  return load(tx, Docs.measure, K.plan(planId), K.measureSk(number));
}

async function loadEntry(tx: ViewTx, planId: string, number: string, reportId: string): Promise<EntryDoc> {
  const ref = await load(tx, Docs.entryRef, K.entryRefs(planId, number), reportId);
  return load(tx, Docs.entry, K.entries(planId, number), positionKey(ref.position));
}

function saveMeasure(tx: ViewTx, doc: MeasureDoc, e: EventEnvelope) {
  doc.position = e.position;
  doc.version = e.version;
  put(tx, Docs.measure, K.plan(doc.planId), K.measureSk(doc.number), doc);
}

function recordHistory(event: DomainEvent, e: EventEnvelope, tx: ViewTx) {
  if (!e.streamId.startsWith('measure-') || !('planId' in event.data) || !('number' in event.data)) return;
  const { planId, number } = event.data as { planId: string; number: string };
  const doc: HistoryDoc = {
    position: e.position,
    version: e.version,
    type: e.type,
    recordedAt: e.recordedAt,
    actor: actorOf(e),
    commandId: e.metadata.commandId,
    data: e.data,
  };
  put(tx, Docs.history, K.history(planId, number), positionKey(e.position), doc);
}

const APPLIERS: { [T in DomainEvent['type']]?: Applier<T> } = {
  ExecutorRegistered: onExecutorRegistered,
  ExecutorRenamed: onExecutorRenamed,
  ExecutorLiquidated: onExecutorLiquidated,
  PlanCreated: onPlanCreated,
  SectionAdded: onSectionAdded,
  MeasureAdded: onMeasureAdded,
  MeasureAmended: onMeasureAmended,
  ExecutionReported: onExecutionReported,
  ExecutionCorrected: onExecutionCorrected,
  ExecutionWithdrawn: onExecutionWithdrawn,
  ApiKeyIssued: onApiKeyIssued,
  ApiKeyRevoked: onApiKeyRevoked,
};

export const ledgerProjection: Projection = {
  async apply(envelope, tx) {
    if (!isDomainEventType(envelope.type)) return;
    const event = parseEventData(envelope.type, envelope.schemaVersion, envelope.data);
    const applier = APPLIERS[event.type] as Applier<typeof event.type> | undefined;
    if (!applier) return; // e.g. publications: read from their own stream
    await applier(event as never, envelope, tx);
    recordHistory(event, envelope, tx);
  },
};
