// The documents the views hold. Keys (README, "Views"):
//   plans / <planId>                          PlanSummaryDoc
//   plan#<planId> / header                    PlanHeaderDoc
//   plan#<planId> / measure#<natural number>  MeasureDoc (one item per measure)
//   history#<planId>#<number> / <position>    HistoryDoc (one item per event)
//   executors / <executorId>                  ExecutorDoc
//   worklist#<executorId> / <planId>#<natural number>  WorklistDoc
//   apikeys / <keyId>                         ApiKeyDoc
import type { Period } from '../domain';
import { naturalKey } from '../projections/view-store';

export type ActorDoc = { keyId: string; role: string; executorId: string | null };

export type PlanSummaryDoc = {
  planId: string;
  title: string;
  fromYear: number;
  toYear: number;
  measureCount: number;
  position: number;
};

export type PlanHeaderDoc = {
  planId: string;
  title: string;
  reportTitle: string;
  parties: string[];
  fromYear: number;
  toYear: number;
  sections: { number: string; title: string }[];
  createdAt: string;
  position: number;
};

export type CorrectionDoc = { position: number; at: string; by: ActorDoc; reason: string; changed: string[] };

export type EntryDoc = {
  reportId: string;
  executorId: string;
  period: Period;
  text: string;
  place: string | null;
  participants: number | null;
  regions: number | null;
  reportedAt: string;
  reportedBy: ActorDoc;
  /** Position of the ExecutionReported event: the entries' order. */
  position: number;
  corrections: CorrectionDoc[];
  withdrawn: { position: number; at: string; by: ActorDoc; reason: string } | null;
};

export type MeasureDoc = {
  planId: string;
  number: string;
  sectionNumber: string;
  title: string;
  term: string;
  fromYear: number;
  toYear: number;
  executors: { executorId: string; nameInPlan: string }[];
  entries: EntryDoc[];
  addedAt: string;
  /** Position of the last event applied to this measure. */
  position: number;
  version: number;
};

export type HistoryDoc = {
  position: number;
  version: number;
  type: string;
  recordedAt: string;
  actor: ActorDoc;
  commandId: string;
  data: { [key: string]: import('../store/canonical').JsonValue };
};

export type ExecutorNameDoc = {
  name: string;
  shortName: string | null;
  effectiveDate: string | null;
  position: number;
};

export type ExecutorDoc = {
  executorId: string;
  fullName: string;
  shortName: string | null;
  party: string;
  kind: string | null;
  status: 'active' | 'liquidated';
  names: ExecutorNameDoc[];
  liquidation: { effectiveDate: string; successorId: string | null; note: string | null; position: number } | null;
  predecessors: string[];
  registeredAt: string;
  position: number;
};

export type WorklistDoc = { planId: string; number: string };

/** Who had access when: one document per API key (never the secret or its hash). */
export type ApiKeyDoc = {
  keyId: string;
  role: string;
  executorId: string | null;
  label: string;
  issuedAt: string;
  issuedBy: ActorDoc;
  revoked: { at: string; by: ActorDoc; reason: string; position: number } | null;
  position: number;
};

export const viewKeys = {
  plans: () => 'plans',
  plan: (planId: string) => `plan#${planId}`,
  header: 'header',
  measureSk: (number: string) => `measure#${naturalKey(number)}`,
  measurePrefix: 'measure#',
  history: (planId: string, number: string) => `history#${planId}#${number}`,
  historySk: (position: number) => String(position).padStart(12, '0'),
  executors: () => 'executors',
  worklist: (executorId: string) => `worklist#${executorId}`,
  apiKeys: () => 'apikeys',
  worklistSk: (planId: string, number: string) => `${planId}#${naturalKey(number)}`,
};
