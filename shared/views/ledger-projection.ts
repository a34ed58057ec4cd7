// The one projection behind every view: it turns domain events into the documents
// of views/documents.ts. Unknown event types are skipped (other writers, newer
// code); a known event that cannot be applied throws, and the projector stops there.
import { type DomainEvent, isDomainEventType, parseEventData } from '../domain';
import type { Projection } from '../projections/projector';
import type { ViewTx } from '../projections/unit-of-work';
import type { ViewDoc } from '../projections/view-store';
import type { EventEnvelope } from '../store/event-store';
import {
  type ActorDoc,
  type ApiKeyDoc,
  type EntryDoc,
  type ExecutorDoc,
  type HistoryDoc,
  viewKeys as K,
  type MeasureDoc,
  type PlanHeaderDoc,
  type PlanSummaryDoc,
} from './documents';

type Applier<T extends DomainEvent['type']> = (
  event: Extract<DomainEvent, { type: T }>,
  envelope: EventEnvelope,
  tx: ViewTx,
) => Promise<void>;

const actorOf = (e: EventEnvelope): ActorDoc => ({
  keyId: e.metadata.actor.keyId,
  role: e.metadata.actor.role,
  executorId: e.metadata.actor.executorId ?? null,
});

async function load<T>(tx: ViewTx, pk: string, sk: string, what: string): Promise<T> {
  const doc = await tx.get(pk, sk);
  if (!doc) throw new Error(`${what} (${pk}/${sk}) is missing from the views`);
  return doc as unknown as T;
}
const put = (tx: ViewTx, pk: string, sk: string, doc: object) => tx.put(pk, sk, doc as ViewDoc);

const onExecutorRegistered: Applier<'ExecutorRegistered'> = async ({ data }, e, tx) => {
  const doc: ExecutorDoc = {
    executorId: data.executorId,
    fullName: data.fullName,
    shortName: data.shortName ?? null,
    party: data.party,
    kind: data.kind ?? null,
    status: 'active',
    names: [{ name: data.fullName, shortName: data.shortName ?? null, effectiveDate: null, position: e.position }],
    liquidation: null,
    predecessors: [],
    registeredAt: e.recordedAt,
    position: e.position,
  };
  put(tx, K.executors(), data.executorId, doc);
};

const onExecutorRenamed: Applier<'ExecutorRenamed'> = async ({ data }, e, tx) => {
  const doc = await load<ExecutorDoc>(tx, K.executors(), data.executorId, 'executor');
  doc.names.push({
    name: data.newName,
    shortName: data.newShortName ?? null,
    effectiveDate: data.effectiveDate,
    position: e.position,
  });
  doc.fullName = data.newName;
  doc.shortName = data.newShortName ?? null;
  doc.position = e.position;
  put(tx, K.executors(), data.executorId, doc);
};

const onExecutorLiquidated: Applier<'ExecutorLiquidated'> = async ({ data }, e, tx) => {
  const doc = await load<ExecutorDoc>(tx, K.executors(), data.executorId, 'executor');
  doc.status = 'liquidated';
  doc.liquidation = {
    effectiveDate: data.effectiveDate,
    successorId: data.successorId ?? null,
    note: data.note ?? null,
    position: e.position,
  };
  doc.position = e.position;
  put(tx, K.executors(), data.executorId, doc);
  if (data.successorId) {
    const successor = await load<ExecutorDoc>(tx, K.executors(), data.successorId, 'successor');
    if (!successor.predecessors.includes(data.executorId)) successor.predecessors.push(data.executorId);
    put(tx, K.executors(), data.successorId, successor);
  }
};

const onPlanCreated: Applier<'PlanCreated'> = async ({ data }, e, tx) => {
  const header: PlanHeaderDoc = { ...data, sections: [], createdAt: e.recordedAt, position: e.position };
  put(tx, K.plan(data.planId), K.header, header);
  const summary: PlanSummaryDoc = {
    planId: data.planId,
    title: data.title,
    fromYear: data.fromYear,
    toYear: data.toYear,
    measureCount: 0,
    position: e.position,
  };
  put(tx, K.plans(), data.planId, summary);
};

const onSectionAdded: Applier<'SectionAdded'> = async ({ data }, e, tx) => {
  const header = await load<PlanHeaderDoc>(tx, K.plan(data.planId), K.header, 'plan');
  header.sections.push({ number: data.number, title: data.title });
  header.position = e.position;
  put(tx, K.plan(data.planId), K.header, header);
};

const onMeasureAdded: Applier<'MeasureAdded'> = async ({ data }, e, tx) => {
  const doc: MeasureDoc = { ...data, entries: [], addedAt: e.recordedAt, position: e.position, version: e.version };
  put(tx, K.plan(data.planId), K.measureSk(data.number), doc);
  const summary = await load<PlanSummaryDoc>(tx, K.plans(), data.planId, 'plan summary');
  summary.measureCount += 1;
  summary.position = e.position;
  put(tx, K.plans(), data.planId, summary);
  for (const { executorId } of data.executors)
    put(tx, K.worklist(executorId), K.worklistSk(data.planId, data.number), {
      planId: data.planId,
      number: data.number,
    });
};

const onMeasureAmended: Applier<'MeasureAmended'> = async ({ data }, e, tx) => {
  const doc = await loadMeasure(tx, data.planId, data.number);
  if (data.executors) {
    const next = new Set(data.executors.map((x) => x.executorId));
    for (const { executorId } of doc.executors)
      if (!next.has(executorId)) tx.delete(K.worklist(executorId), K.worklistSk(data.planId, data.number));
    for (const executorId of next)
      put(tx, K.worklist(executorId), K.worklistSk(data.planId, data.number), {
        planId: data.planId,
        number: data.number,
      });
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
    corrections: [],
    withdrawn: null,
  };
  doc.entries.push(entry);
  saveMeasure(tx, doc, e);
};

const onExecutionCorrected: Applier<'ExecutionCorrected'> = async ({ data }, e, tx) => {
  const doc = await loadMeasure(tx, data.planId, data.number);
  const entry = findEntry(doc, data.reportId);
  const changed: string[] = [];
  if (data.text !== undefined) {
    entry.text = data.text;
    changed.push('text');
  }
  if (data.period !== undefined) {
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
  entry.corrections.push({ position: e.position, at: e.recordedAt, by: actorOf(e), reason: data.reason, changed });
  saveMeasure(tx, doc, e);
};

const onExecutionWithdrawn: Applier<'ExecutionWithdrawn'> = async ({ data }, e, tx) => {
  const doc = await loadMeasure(tx, data.planId, data.number);
  findEntry(doc, data.reportId).withdrawn = {
    position: e.position,
    at: e.recordedAt,
    by: actorOf(e),
    reason: data.reason,
  };
  saveMeasure(tx, doc, e);
};

const onApiKeyIssued: Applier<'ApiKeyIssued'> = async ({ data }, e, tx) => {
  const doc: ApiKeyDoc = {
    keyId: data.keyId,
    role: data.role,
    executorId: data.executorId ?? null,
    label: data.label,
    issuedAt: e.recordedAt,
    issuedBy: actorOf(e),
    revoked: null,
    position: e.position,
  };
  put(tx, K.apiKeys(), data.keyId, doc);
};

const onApiKeyRevoked: Applier<'ApiKeyRevoked'> = async ({ data }, e, tx) => {
  const doc = await load<ApiKeyDoc>(tx, K.apiKeys(), data.keyId, 'API key');
  doc.revoked = { at: e.recordedAt, by: actorOf(e), reason: data.reason, position: e.position };
  doc.position = e.position;
  put(tx, K.apiKeys(), data.keyId, doc);
};

function loadMeasure(tx: ViewTx, planId: string, number: string) {
  return load<MeasureDoc>(tx, K.plan(planId), K.measureSk(number), `measure ${number}`);
}

function findEntry(doc: MeasureDoc, reportId: string): EntryDoc {
  const entry = doc.entries.find((x) => x.reportId === reportId);
  if (!entry) throw new Error(`report ${reportId} is missing from measure ${doc.number}`);
  return entry;
}

function saveMeasure(tx: ViewTx, doc: MeasureDoc, e: EventEnvelope) {
  doc.position = e.position;
  doc.version = e.version;
  put(tx, K.plan(doc.planId), K.measureSk(doc.number), doc);
}

function recordHistory(event: DomainEvent, e: EventEnvelope, tx: ViewTx) {
  if (!('planId' in event.data) || !('number' in event.data)) return;
  const { planId, number } = event.data as { planId: string; number: string };
  if (!e.streamId.startsWith('measure-')) return;
  const doc: HistoryDoc = {
    position: e.position,
    version: e.version,
    type: e.type,
    recordedAt: e.recordedAt,
    actor: actorOf(e),
    commandId: e.metadata.commandId,
    data: e.data,
  };
  put(tx, K.history(planId, number), K.historySk(e.position), doc);
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
