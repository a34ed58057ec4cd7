// Reads and checks the CDK context values the app accepts (`-c planIds=a,b`, or the
// "context" of cdk.json). docs/OPERATIONS.md lists them; each has a sane default.
import type { Node } from 'constructs';
import type { RestoredTables } from './constructs/ledger-tables';

export const DEFAULT_PLAN_IDS = ['spb-smolensk-2021-2023'] as const;

// A plan id becomes part of a construct id and a schedule name; keep it to safe characters.
const PLAN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$/;

/** Plan ids for the yearly report schedules: a comma separated string or a JSON list. */
export function readPlanIds(node: Node): string[] {
  const raw: unknown = node.tryGetContext('planIds');
  const list =
    raw === undefined ? [...DEFAULT_PLAN_IDS] : Array.isArray(raw) ? raw.map(String) : String(raw).split(',');
  const ids = [...new Set(list.map((id) => id.trim()).filter((id) => id !== ''))];
  if (ids.length === 0) throw new Error('context planIds: give at least one plan id');
  const bad = ids.filter((id) => !PLAN_ID.test(id));
  if (bad.length > 0) {
    const allowed = 'letters, digits, . _ -';
    throw new Error(`context planIds: invalid plan id(s) ${bad.join(', ')} (${allowed})`);
  }
  return ids;
}

/** What the operator may tune per deployment; everything but planIds is optional. */
export interface LedgerSettings {
  readonly planIds: string[];
  /** Who gets the alarms (an SNS e-mail subscription, confirmed by a click). */
  readonly alarmEmail: string | null;
  /** HTTP API stage throttling: steady requests per second, and the burst above it. */
  readonly apiRateLimit: number;
  readonly apiBurstLimit: number;
  /** Reserved concurrency, or null for none (accounts with the default quota of 10 must say none). */
  readonly streamConcurrency: number | null;
  readonly projectorConcurrency: number | null;
  /** The projector alarm fires when its stream iterator is older than this. */
  readonly iteratorAgeAlarmSeconds: number;
  /** The API alarm fires when more than this share of requests (percent) answer 5xx. */
  readonly api5xxAlarmPercent: number;
  /** `create` for a new customer-managed key, a key ARN to use one, null for AWS-owned keys. */
  readonly kmsKey: 'create' | string | null;
  /** A backup vault in another region (or account) that receives a copy of every backup. */
  readonly backupCopyVaultArn: string | null;
  /** How long monthly backups are kept. */
  readonly backupMonthlyRetentionDays: number;
  /** Tables restored from a backup, adopted in place of the stack's own (docs/OPERATIONS.md). */
  readonly restored: RestoredTables;
}

export const DEFAULTS = {
  apiRateLimit: 50,
  apiBurstLimit: 100,
  streamConcurrency: 5,
  projectorConcurrency: 2,
  iteratorAgeAlarmSeconds: 300,
  api5xxAlarmPercent: 5,
  backupMonthlyRetentionDays: 3650,
} as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const VAULT_ARN = /^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[A-Za-z0-9_.-]+$/;
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const STREAM_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/([A-Za-z0-9_.-]{3,255})\/stream\/[0-9T:.-]+$/;

function text(node: Node, key: string): string | null {
  const raw: unknown = node.tryGetContext(key);
  if (raw === undefined || raw === null || String(raw).trim() === '') return null;
  return String(raw).trim();
}

function int(node: Node, key: string, fallback: number, min: number, max: number): number {
  const raw = text(node, key);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`context ${key}: an integer from ${min} to ${max}, got ${raw}`);
  return n;
}

function concurrency(node: Node, key: string, fallback: number): number | null {
  return text(node, key) === 'none' ? null : int(node, key, fallback, 1, 1000);
}

function matching(node: Node, key: string, pattern: RegExp, what: string): string | null {
  const raw = text(node, key);
  if (raw !== null && !pattern.test(raw)) throw new Error(`context ${key}: ${what}, got ${raw}`);
  return raw;
}

function readRestored(node: Node): RestoredTables {
  const events = matching(node, 'restoredEventsTable', TABLE_NAME, 'a DynamoDB table name');
  const streamArn = matching(node, 'restoredEventsStreamArn', STREAM_ARN, 'the ARN of a DynamoDB stream');
  const artifacts = matching(node, 'restoredArtifactsTable', TABLE_NAME, 'a DynamoDB table name');
  if ((events === null) !== (streamArn === null))
    throw new Error('context restoredEventsTable and restoredEventsStreamArn go together (the log needs its stream)');
  if (events !== null && STREAM_ARN.exec(streamArn!)?.[1] !== events)
    throw new Error(`context restoredEventsStreamArn: not a stream of table ${events}`);
  return {
    ...(events !== null ? { events: { tableName: events, streamArn: streamArn! } } : {}),
    ...(artifacts !== null ? { artifacts: { tableName: artifacts } } : {}),
  };
}

export function readSettings(node: Node): LedgerSettings {
  const apiRateLimit = int(node, 'apiRateLimit', DEFAULTS.apiRateLimit, 1, 10_000);
  const apiBurstLimit = int(node, 'apiBurstLimit', DEFAULTS.apiBurstLimit, 1, 5_000);
  const kmsKey = text(node, 'kmsKey');
  if (kmsKey !== null && kmsKey !== 'create' && !KMS_KEY_ARN.test(kmsKey))
    throw new Error(`context kmsKey: 'create' or a KMS key ARN, got ${kmsKey}`);
  return {
    planIds: readPlanIds(node),
    alarmEmail: matching(node, 'alarmEmail', EMAIL, 'an e-mail address'),
    apiRateLimit,
    apiBurstLimit,
    streamConcurrency: concurrency(node, 'streamConcurrency', DEFAULTS.streamConcurrency),
    projectorConcurrency: concurrency(node, 'projectorConcurrency', DEFAULTS.projectorConcurrency),
    iteratorAgeAlarmSeconds: int(node, 'iteratorAgeAlarmSeconds', DEFAULTS.iteratorAgeAlarmSeconds, 60, 86_400),
    api5xxAlarmPercent: int(node, 'api5xxAlarmPercent', DEFAULTS.api5xxAlarmPercent, 1, 100),
    kmsKey,
    backupCopyVaultArn: matching(node, 'backupCopyVaultArn', VAULT_ARN, 'a backup vault ARN'),
    backupMonthlyRetentionDays: int(
      node,
      'backupMonthlyRetentionDays',
      DEFAULTS.backupMonthlyRetentionDays,
      90,
      36_500,
    ),
    restored: readRestored(node),
  };
}
