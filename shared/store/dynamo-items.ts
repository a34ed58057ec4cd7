// How the event log is laid out in its DynamoDB table (README, "Table layout"),
// and the checked conversion of items back into envelopes.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { StoreCorruptionError } from './errors';
import type { AppendResult, EventEnvelope, StreamTip } from './event-store';

/** Log items are spread over partitions of this many positions each. */
export const LOG_BUCKET_SIZE = 100_000;

type Item = Record<string, AttributeValue>;

/**
 * The sort key of a stream's tip item: after every version, so one query from version v
 * returns the index items from v on and the tip last.
 */
export const TIP_SK = Number.MAX_SAFE_INTEGER;

/** The layout of the events table this code reads and writes (README, "Table layout"). */
export const STORE_LAYOUT = 2;

export const keys = {
  log: (position: number): Item => ({
    pk: { S: `log#${Math.floor(position / LOG_BUCKET_SIZE)}` },
    sk: { N: String(position) },
  }),
  logBucket: (bucket: number) => `log#${bucket}`,
  stream: (streamId: string, version: number): Item => ({
    pk: { S: `stream#${streamId}` },
    sk: { N: String(version) },
  }),
  tip: (streamId: string): Item => ({ pk: { S: `stream#${streamId}` }, sk: { N: String(TIP_SK) } }),
  streamPk: (streamId: string) => `stream#${streamId}`,
  head: (): Item => ({ pk: { S: 'head' }, sk: { N: '0' } }),
  command: (commandId: string): Item => ({ pk: { S: `command#${commandId}` }, sk: { N: '0' } }),
};

/** A stream index item: version → the position and hash of that event in the log. */
export function indexItem(event: Pick<EventEnvelope, 'streamId' | 'version' | 'position' | 'hash'>): Item {
  return {
    ...keys.stream(event.streamId, event.version),
    position: { N: String(event.position) },
    hash: { S: event.hash },
  };
}

export interface IndexEntry {
  version: number;
  position: number;
  hash: string | null;
}

export function indexEntryFromItem(item: Item): IndexEntry {
  const version = Number(item.sk?.N);
  const position = Number(item.position?.N);
  if (!Number.isSafeInteger(version) || !Number.isSafeInteger(position)) {
    throw new StoreCorruptionError(
      'corrupt_index_item',
      `a stream index item does not have the stored shape (${item.pk?.S})`,
    );
  }
  return { version, position, hash: item.hash?.S ?? null };
}

/** The tip item's stored values, or null for a malformed one. */
export function tipFromItem(item: Item): StreamTip | null {
  const version = Number(item.version?.N);
  const position = Number(item.position?.N);
  const hash = item.hash?.S;
  if (!Number.isSafeInteger(version) || !Number.isSafeInteger(position) || hash === undefined) return null;
  return { version, position, hash };
}

export function logItem(event: EventEnvelope): Item {
  return {
    ...keys.log(event.position),
    eventId: { S: event.eventId },
    streamId: { S: event.streamId },
    version: { N: String(event.version) },
    type: { S: event.type },
    schemaVersion: { N: String(event.schemaVersion) },
    // Data and metadata are kept as JSON text: what was hashed is what is stored,
    // with no number or map conversions in between.
    data: { S: JSON.stringify(event.data) },
    metadata: { S: JSON.stringify(event.metadata) },
    recordedAt: { S: event.recordedAt },
    prevHash: { S: event.prevHash },
    hash: { S: event.hash },
  };
}

const json = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
});

const EnvelopeItem = z.object({
  sk: z.object({ N: z.string() }),
  eventId: z.object({ S: z.string() }),
  streamId: z.object({ S: z.string() }),
  version: z.object({ N: z.string() }),
  type: z.object({ S: z.string() }),
  schemaVersion: z.object({ N: z.string() }),
  data: z.object({ S: json.pipe(z.record(z.string(), z.json())) }),
  metadata: z.object({
    S: json.pipe(
      z.object({
        actor: z.object({
          keyId: z.string(),
          role: z.string(),
          executorId: z.string().optional(),
          principal: z.string().optional(),
        }),
        commandId: z.string(),
        correlationId: z.string().nullable(),
        causationId: z.string().nullable(),
      }),
    ),
  }),
  recordedAt: z.object({ S: z.string() }),
  prevHash: z.object({ S: z.string() }),
  hash: z.object({ S: z.string() }),
});

export function envelopeFromItem(item: Item): EventEnvelope {
  const parsed = EnvelopeItem.safeParse(item);
  if (!parsed.success) {
    throw new StoreCorruptionError(
      'corrupt_event_item',
      `a log item does not have the stored shape (${item.sk?.N ?? '?'})`,
    );
  }
  const p = parsed.data;
  const { executorId, principal, ...required } = p.metadata.S.actor;
  // Optional members only when present: the hash was computed over exactly those.
  const actor = {
    ...required,
    ...(executorId === undefined ? {} : { executorId }),
    ...(principal === undefined ? {} : { principal }),
  };
  return {
    eventId: p.eventId.S,
    streamId: p.streamId.S,
    version: Number(p.version.N),
    position: Number(p.sk.N),
    type: p.type.S,
    schemaVersion: Number(p.schemaVersion.N),
    data: p.data.S as EventEnvelope['data'],
    metadata: { ...p.metadata.S, actor },
    recordedAt: p.recordedAt.S,
    prevHash: p.prevHash.S,
    hash: p.hash.S,
  };
}

export function guardItem(commandId: string, fingerprint: string, result: AppendResult): Item {
  const { duplicate: _duplicate, ...stored } = result;
  return { ...keys.command(commandId), fingerprint: { S: fingerprint }, result: { S: JSON.stringify(stored) } };
}

const GuardResult = z.object({
  commandId: z.string(),
  streamId: z.string(),
  firstVersion: z.number().int(),
  lastVersion: z.number().int(),
  firstPosition: z.number().int(),
  lastPosition: z.number().int(),
  eventIds: z.array(z.string()),
  recordedAt: z.string(),
});

export function guardFromItem(item: Item): { fingerprint: string; result: AppendResult } {
  const fingerprint = item.fingerprint?.S;
  const raw = item.result?.S;
  const parsed = raw === undefined ? undefined : GuardResult.safeParse(JSON.parse(raw));
  if (fingerprint === undefined || !parsed?.success) {
    throw new StoreCorruptionError('corrupt_command_guard', 'a command guard item does not have the stored shape');
  }
  return { fingerprint, result: { ...parsed.data, duplicate: true } };
}
