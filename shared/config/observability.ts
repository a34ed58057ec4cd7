// Metric names and where they go: the contract between the code that emits them
// (through shared/runtime/metrics.ts) and infra's alarms and dashboard.

/** The CloudWatch namespace of the application's metrics. */
export const METRICS_NAMESPACE = 'RoadmapLedger';

/**
 * Every metric carries one dimension, `service`, whose value is the stack name (given to
 * each function in this variable), so two stacks in one account never mix their numbers.
 */
export const SERVICE_DIMENSION = 'service';
export const SERVICE_NAME_ENV = 'POWERTOOLS_SERVICE_NAME';

export const METRIC = {
  /** Events appended to the log (count). */
  appends: 'Appends',
  /** Appends retried on the head (count). */
  appendRetries: 'AppendRetries',
  /** Stream-version conflicts (count). */
  conflicts: 'Conflicts',
  /** Appends committed together in one transaction (observation). */
  groupSize: 'GroupSize',
  /** From command to committed append (ms). */
  commandLatency: 'CommandLatency',
  /** A client's mistake, by `code` (4xx answers; count). */
  refusals: 'Refusals',
  /** Events between the head and the views' checkpoint after a projector wake. */
  projectorLag: 'ProjectorLag',
  /** Events a projector wake applied. */
  projectorBatch: 'ProjectorBatch',
  /** A projector wake stopped at an event it could not apply: the views are stuck (count). */
  projectorFailed: 'ProjectorFailed',
  /** A projector wake could not extend the Merkle tree over the log (count). */
  treeFailed: 'TreeFailed',
  /** A projector wake could not write a due snapshot of the views (count); as-of reads replay further meanwhile. */
  snapshotFailed: 'SnapshotFailed',
  /** Time to build and store one yearly report publication (ms). */
  reportBuildMs: 'ReportBuildMs',
  /** Plans whose report for last year is not published (the check from 1 February on). */
  reportsMissing: 'ReportsMissing',
} as const;

/** The dimension Refusals are split by. */
export const REFUSAL_CODE_DIMENSION = 'code';
