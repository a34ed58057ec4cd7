// The documents the views hold: one zod schema each, the type the projection writes,
// the queries read and the API's response schemas describe. No document grows with
// the number of entries, measures, sections or events: every such collection is its
// own items (README, "Views"). Keys:
//   plans / <planId>                                   PlanSummaryDoc
//   plan#<planId> / header                             PlanHeaderDoc
//   plan#<planId> / section#<natural number>           SectionDoc
//   plan#<planId> / measure#<natural number>           MeasureDoc
//   entries#<planId>#<number> / <position>             EntryDoc (one per entry, in the order reported)
//   entryref#<planId>#<number> / <reportId>            EntryRefDoc (where an entry is)
//   history#<planId>#<number> / <position>             HistoryDoc (one per event of the measure)
//   executors / <executorId>                           ExecutorDoc
//   names#<executorId> / <position>                    ExecutorNameDoc (its name from each event on)
//   predecessors#<executorId> / <predecessorId>        PredecessorDoc
//   worklist#<executorId> / <planId>#<natural number>  WorklistDoc
//   progress#<planId> / <natural number>#<executorId>  ProgressDoc (one per measure and reporting executor)
//   apikeys / <keyId>                                  ApiKeyDoc
import { z } from 'zod';
import { PeriodSchema } from '../domain/period';
import { naturalKey, type ViewDoc } from '../projections/view-store';
import { StoreCorruptionError } from '../store/errors';

const Position = z.number().int().nonnegative();

export const ActorDocSchema = z.object({
  keyId: z.string(),
  role: z.string(),
  executorId: z.string().nullable(),
  /** The AWS identity behind a `system` actor (the CLI against a deployed stack). */
  principal: z.string().optional(),
});

export const PlanSummaryDocSchema = z.object({
  planId: z.string(),
  title: z.string(),
  fromYear: z.number().int(),
  toYear: z.number().int(),
  measureCount: z.number().int().nonnegative(),
  position: Position,
});

export const PlanHeaderDocSchema = z.object({
  planId: z.string(),
  title: z.string(),
  reportTitle: z.string(),
  parties: z.array(z.string()),
  fromYear: z.number().int(),
  toYear: z.number().int(),
  sectionCount: z.number().int().nonnegative(),
  createdAt: z.string(),
  position: Position,
});

export const SectionDocSchema = z.object({
  planId: z.string(),
  number: z.string(),
  title: z.string(),
  position: Position,
});

export const MeasureExecutorDocSchema = z.object({ executorId: z.string(), nameInPlan: z.string() });

export const MeasureDocSchema = z.object({
  planId: z.string(),
  number: z.string(),
  sectionNumber: z.string(),
  title: z.string(),
  term: z.string(),
  fromYear: z.number().int(),
  toYear: z.number().int(),
  executors: z.array(MeasureExecutorDocSchema),
  /** Entries not withdrawn, and those per calendar year their period touches. */
  entryCount: z.number().int().nonnegative(),
  withdrawnCount: z.number().int().nonnegative(),
  entriesByYear: z.record(z.string(), z.number().int().nonnegative()),
  addedAt: z.string(),
  /** Position of the last event applied to this measure, and its stream version. */
  position: Position,
  version: z.number().int().positive(),
});

export const CorrectionDocSchema = z.object({
  position: Position,
  at: z.string(),
  by: ActorDocSchema,
  reason: z.string(),
  changed: z.array(z.string()),
});

export const EntryDocSchema = z.object({
  planId: z.string(),
  number: z.string(),
  reportId: z.string(),
  executorId: z.string(),
  period: PeriodSchema,
  text: z.string(),
  place: z.string().nullable(),
  participants: z.number().int().nonnegative().nullable(),
  regions: z.number().int().nonnegative().nullable(),
  reportedAt: z.string(),
  reportedBy: ActorDocSchema,
  /** Position of the ExecutionReported event: the entries' order. */
  position: Position,
  /** How many corrections, and the last one (the measure's history has them all). */
  corrections: z.number().int().nonnegative(),
  lastCorrection: CorrectionDocSchema.nullable(),
  withdrawn: z.object({ position: Position, at: z.string(), by: ActorDocSchema, reason: z.string() }).nullable(),
});

export const EntryRefDocSchema = z.object({ reportId: z.string(), position: Position });

export const HistoryDocSchema = z.object({
  position: Position,
  version: z.number().int().positive(),
  type: z.string(),
  recordedAt: z.string(),
  actor: ActorDocSchema,
  commandId: z.string(),
  /** The event's data as recorded (JSON); not described deeper, its type says what it holds. */
  data: z.record(z.string(), z.unknown()),
});

export const ExecutorDocSchema = z.object({
  executorId: z.string(),
  fullName: z.string(),
  shortName: z.string().nullable(),
  party: z.string(),
  kind: z.string().nullable(),
  status: z.enum(['active', 'liquidated']),
  /** Renames so far (names#<executorId> holds each name with its effective date). */
  renames: z.number().int().nonnegative(),
  liquidation: z
    .object({
      effectiveDate: z.string(),
      successorId: z.string().nullable(),
      note: z.string().nullable(),
      position: Position,
    })
    .nullable(),
  /** Executors it succeeded (predecessors#<executorId> names them). */
  predecessorCount: z.number().int().nonnegative(),
  registeredAt: z.string(),
  position: Position,
});

export const ExecutorNameDocSchema = z.object({
  name: z.string(),
  shortName: z.string().nullable(),
  /** null for the name it was registered with. */
  effectiveDate: z.string().nullable(),
  position: Position,
});

export const PredecessorDocSchema = z.object({ executorId: z.string(), position: Position });

export const WorklistDocSchema = z.object({ planId: z.string(), number: z.string() });

/**
 * What one executor reported on one measure, per calendar year its entries touch: how
 * many live entries, and when it last reported one for that year (a later withdrawal
 * or correction does not move that back). Bounded by the plan's years, whatever the
 * number of entries.
 */
export const ProgressDocSchema = z.object({
  planId: z.string(),
  number: z.string(),
  executorId: z.string(),
  years: z.record(z.string(), z.object({ entries: z.number().int().nonnegative(), lastReportedAt: z.string() })),
});

/** Who had access when: one document per API key (never the secret or its hash). */
export const ApiKeyDocSchema = z.object({
  keyId: z.string(),
  role: z.string(),
  executorId: z.string().nullable(),
  label: z.string(),
  /** Its scope: a party (coordinator keys) and plans; null: not limited (documents before scopes lack them). */
  party: z.string().nullable().default(null),
  planIds: z.array(z.string()).nullable().default(null),
  issuedAt: z.string(),
  issuedBy: ActorDocSchema,
  revoked: z.object({ at: z.string(), by: ActorDocSchema, reason: z.string(), position: Position }).nullable(),
  position: Position,
});

export type ActorDoc = z.infer<typeof ActorDocSchema>;
export type PlanSummaryDoc = z.infer<typeof PlanSummaryDocSchema>;
export type PlanHeaderDoc = z.infer<typeof PlanHeaderDocSchema>;
export type SectionDoc = z.infer<typeof SectionDocSchema>;
export type MeasureDoc = z.infer<typeof MeasureDocSchema>;
export type CorrectionDoc = z.infer<typeof CorrectionDocSchema>;
export type EntryDoc = z.infer<typeof EntryDocSchema>;
export type EntryRefDoc = z.infer<typeof EntryRefDocSchema>;
export type HistoryDoc = z.infer<typeof HistoryDocSchema>;
export type ExecutorDoc = z.infer<typeof ExecutorDocSchema>;
export type ExecutorNameDoc = z.infer<typeof ExecutorNameDocSchema>;
export type PredecessorDoc = z.infer<typeof PredecessorDocSchema>;
export type WorklistDoc = z.infer<typeof WorklistDocSchema>;
export type ProgressDoc = z.infer<typeof ProgressDocSchema>;
export type ApiKeyDoc = z.infer<typeof ApiKeyDocSchema>;

/**
 * A kind of document: reads are checked against its schema (what comes back from a
 * table is validated like any other input), writes are typed. The one place a typed
 * document becomes the JSON a view store holds.
 */
export class DocKind<T> {
  constructor(
    readonly name: string,
    readonly schema: z.ZodType<T>,
  ) {}

  read(doc: ViewDoc): T {
    const parsed = this.schema.safeParse(doc);
    if (!parsed.success)
      throw new StoreCorruptionError('corrupt_view_document', `a ${this.name} document does not have its shape`);
    return parsed.data;
  }

  write(doc: T): ViewDoc {
    return doc as ViewDoc;
  }
}

export const Docs = {
  planSummary: new DocKind('plan summary', PlanSummaryDocSchema),
  planHeader: new DocKind('plan header', PlanHeaderDocSchema),
  section: new DocKind('section', SectionDocSchema),
  measure: new DocKind('measure', MeasureDocSchema),
  entry: new DocKind('entry', EntryDocSchema),
  entryRef: new DocKind('entry reference', EntryRefDocSchema),
  history: new DocKind('history', HistoryDocSchema),
  executor: new DocKind('executor', ExecutorDocSchema),
  executorName: new DocKind('executor name', ExecutorNameDocSchema),
  predecessor: new DocKind('predecessor', PredecessorDocSchema),
  worklist: new DocKind('worklist item', WorklistDocSchema),
  progress: new DocKind('progress', ProgressDocSchema),
  apiKey: new DocKind('API key', ApiKeyDocSchema),
};

/** Sort keys of positions: zero-padded, so they sort as numbers. */
export const positionKey = (position: number) => String(position).padStart(12, '0');

export const viewKeys = {
  plans: () => 'plans',
  plan: (planId: string) => `plan#${planId}`,
  header: 'header',
  sectionSk: (number: string) => `section#${naturalKey(number)}`,
  sectionPrefix: 'section#',
  measureSk: (number: string) => `measure#${naturalKey(number)}`,
  measurePrefix: 'measure#',
  entries: (planId: string, number: string) => `entries#${planId}#${number}`,
  entryRefs: (planId: string, number: string) => `entryref#${planId}#${number}`,
  history: (planId: string, number: string) => `history#${planId}#${number}`,
  executors: () => 'executors',
  names: (executorId: string) => `names#${executorId}`,
  predecessors: (executorId: string) => `predecessors#${executorId}`,
  worklist: (executorId: string) => `worklist#${executorId}`,
  worklistSk: (planId: string, number: string) => `${planId}#${naturalKey(number)}`,
  progress: (planId: string) => `progress#${planId}`,
  progressSk: (number: string, executorId: string) => `${naturalKey(number)}#${executorId}`,
  apiKeys: () => 'apikeys',
};
