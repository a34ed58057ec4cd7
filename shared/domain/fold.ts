// Folds a stream's events, as read back from the log, into its aggregate's state.
// Events of other aggregates are ignored, so a mixed list is safe to pass.
import { APIKEY_EVENT_VERSIONS, type ApiKeyEvent } from './apikey/events';
import { type ApiKeyState, evolveApiKey, initialApiKeyState } from './apikey/state';
import { CHECKPOINT_EVENT_VERSIONS, type CheckpointEvent } from './checkpoint/events';
import type { DomainEvent } from './event-log';
import { EXECUTOR_EVENT_VERSIONS, type ExecutorEvent } from './executor/events';
import { type ExecutorState, evolveExecutor, initialExecutorState } from './executor/state';
import { MEASURE_EVENT_VERSIONS, type MeasureEvent } from './measure/events';
import { evolveMeasure, initialMeasureState, type MeasureState } from './measure/state';
import { PLAN_EVENT_VERSIONS, type PlanEvent } from './plan/events';
import { evolvePlan, initialPlanState, type PlanState } from './plan/state';
import { PUBLICATION_EVENT_VERSIONS, type PublicationEvent } from './publication/events';

export const isExecutorEvent = (event: DomainEvent): event is ExecutorEvent =>
  Object.hasOwn(EXECUTOR_EVENT_VERSIONS, event.type);
export const isPlanEvent = (event: DomainEvent): event is PlanEvent => Object.hasOwn(PLAN_EVENT_VERSIONS, event.type);
export const isMeasureEvent = (event: DomainEvent): event is MeasureEvent =>
  Object.hasOwn(MEASURE_EVENT_VERSIONS, event.type);
export const isPublicationEvent = (event: DomainEvent): event is PublicationEvent =>
  Object.hasOwn(PUBLICATION_EVENT_VERSIONS, event.type);
export const isCheckpointEvent = (event: DomainEvent): event is CheckpointEvent =>
  Object.hasOwn(CHECKPOINT_EVENT_VERSIONS, event.type);
export const isApiKeyEvent = (event: DomainEvent): event is ApiKeyEvent =>
  Object.hasOwn(APIKEY_EVENT_VERSIONS, event.type);

export function foldExecutor(events: readonly DomainEvent[]): ExecutorState {
  return events.filter(isExecutorEvent).reduce(evolveExecutor, initialExecutorState);
}

export function foldPlan(events: readonly DomainEvent[]): PlanState {
  return events.filter(isPlanEvent).reduce(evolvePlan, initialPlanState);
}

export function foldMeasure(events: readonly DomainEvent[]): MeasureState {
  return events.filter(isMeasureEvent).reduce(evolveMeasure, initialMeasureState);
}

export function foldApiKey(events: readonly DomainEvent[]): ApiKeyState {
  return events.filter(isApiKeyEvent).reduce(evolveApiKey, initialApiKeyState);
}
