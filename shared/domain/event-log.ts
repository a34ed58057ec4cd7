// Every domain event type, its current schema version, and how stored events are read
// back: upcast from the version they were written in, then validated by today's schema.
import { z } from 'zod';
import { AppError } from '../errors';
import { APIKEY_EVENT_VERSIONS, ApiKeyEventSchema } from './apikey/events';
import { CHECKPOINT_EVENT_VERSIONS, CHECKPOINTS_STREAM, CheckpointEventSchema } from './checkpoint/events';
import { EXECUTOR_EVENT_VERSIONS, ExecutorEventSchema } from './executor/events';
import { MEASURE_EVENT_VERSIONS, MeasureEventSchema } from './measure/events';
import { executionReportedV1ToV2 } from './measure/upcasters';
import { PLAN_EVENT_VERSIONS, PlanEventSchema } from './plan/events';
import { PUBLICATION_EVENT_VERSIONS, PublicationEventSchema, publicationStreamId } from './publication/events';
import { apiKeyStreamId, executorStreamId, measureStreamId, planStreamId } from './streams';
import { fieldIssues } from './validate';

export const DomainEventSchema = z.discriminatedUnion('type', [
  ...ExecutorEventSchema.options,
  ...PlanEventSchema.options,
  ...MeasureEventSchema.options,
  ...ApiKeyEventSchema.options,
  ...PublicationEventSchema.options,
  ...CheckpointEventSchema.options,
]);
export type DomainEvent = z.infer<typeof DomainEventSchema>;
export type DomainEventType = DomainEvent['type'];

/** The version each event type is written in today. */
export const EVENT_SCHEMA_VERSIONS: Readonly<Record<DomainEventType, number>> = {
  ...EXECUTOR_EVENT_VERSIONS,
  ...PLAN_EVENT_VERSIONS,
  ...MEASURE_EVENT_VERSIONS,
  ...APIKEY_EVENT_VERSIONS,
  ...PUBLICATION_EVENT_VERSIONS,
  ...CHECKPOINT_EVENT_VERSIONS,
};

/** Turns the data of version N into version N+1; keyed by type, then N. */
type Upcaster = (data: unknown) => unknown;
const UPCASTERS: Partial<Record<DomainEventType, Readonly<Record<number, Upcaster>>>> = {
  ExecutionReported: { 1: executionReportedV1ToV2 },
};

export type VersionedDomainEvent = DomainEvent & { schemaVersion: number };

/** 500: the log holds something this code cannot read. Never a client's fault. */
export class EventDataError extends AppError {
  readonly status = 500;
}

export function isDomainEventType(type: string): type is DomainEventType {
  return Object.hasOwn(EVENT_SCHEMA_VERSIONS, type);
}

export function currentSchemaVersion(type: DomainEventType): number {
  return EVENT_SCHEMA_VERSIONS[type];
}

/** Brings stored data up to the current version of its type and validates it by that version's schema. */
export function upcastEvent(type: string, schemaVersion: number, data: unknown): VersionedDomainEvent {
  const event = parseEventData(type, schemaVersion, data);
  return { ...event, schemaVersion: EVENT_SCHEMA_VERSIONS[event.type] };
}

/** The one way to read an event back from the log: upcast to the current version, validate, type it. */
export function parseEventData(type: string, schemaVersion: number, data: unknown): DomainEvent {
  if (!isDomainEventType(type)) throw new EventDataError('unknown_event_type', `Unknown event type ${type}`, { type });
  const current = EVENT_SCHEMA_VERSIONS[type];
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > current) {
    throw new EventDataError('unknown_event_version', `${type} has no schema version ${schemaVersion}`, {
      type,
      schemaVersion,
    });
  }
  let upcast = data;
  for (let version = schemaVersion; version < current; version++) {
    const upcaster = UPCASTERS[type]?.[version];
    if (!upcaster) {
      throw new EventDataError('unknown_event_version', `${type} v${version} has no upcaster`, { type, schemaVersion });
    }
    upcast = runUpcaster(upcaster, upcast, type, version);
  }
  const parsed = DomainEventSchema.safeParse({ type, data: upcast });
  if (!parsed.success) {
    throw new EventDataError('invalid_event_data', `Stored ${type} v${schemaVersion} does not match its schema`, {
      type,
      schemaVersion,
      errors: fieldIssues(parsed.error),
    });
  }
  return parsed.data;
}

function runUpcaster(upcaster: Upcaster, data: unknown, type: string, version: number): unknown {
  try {
    return upcaster(data);
  } catch (error) {
    const errors = error instanceof z.ZodError ? fieldIssues(error) : [];
    throw new EventDataError('invalid_event_data', `Stored ${type} v${version} does not match its schema`, {
      type,
      errors,
    });
  }
}

/** The stream an event belongs to: every event names its aggregate. */
export function eventStreamId(event: DomainEvent): string {
  switch (event.type) {
    case 'ExecutorRegistered':
    case 'ExecutorRenamed':
    case 'ExecutorLiquidated':
      return executorStreamId(event.data.executorId);
    case 'PlanCreated':
    case 'SectionAdded':
      return planStreamId(event.data.planId);
    case 'MeasureAdded':
    case 'MeasureAmended':
    case 'ExecutionReported':
    case 'ExecutionCorrected':
    case 'ExecutionWithdrawn':
      return measureStreamId(event.data.planId, event.data.number);
    case 'ApiKeyIssued':
    case 'ApiKeyRevoked':
      return apiKeyStreamId(event.data.keyId);
    case 'YearlyReportPublished':
      return publicationStreamId(event.data.planId, event.data.year);
    case 'CheckpointRecorded':
      return CHECKPOINTS_STREAM;
  }
}
