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

/**
 * The layout of the events table this code writes (README, "Table layout"). Layout 2 is
 * layout 3 without runs of more than one version, so this code reads and writes it as is.
 */
export const STORE_LAYOUT = 3;
/** The oldest layout this code reads and writes without an upgrade. */
export const OLDEST_CURRENT_LAYOUT = 2;

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

/**
 * A stream index item for the run of consecutive versions one commit writes on a stream,
 * keyed by the run's last version: `position` and `hash` are the last version's, so a run
 * of one is exactly a layout 2 item. A longer run adds `first` and, per version from
 * `first` to the last, `positions` and `hashes`.
 */
export function runItem(events: readonly Pick<EventEnvelope, 'streamId' | 'version' | 'position' | 'hash'>[]): Item {
  const last = events[events.length - 1];
  if (last === undefined) throw new Error('a run item needs at least one event');
  const item: Item = {
    ...keys.stream(last.streamId, last.version),
    position: { N: String(last.position) },
    hash: { S: last.hash },
  };
  if (events.length === 1) return item;
  return {
    ...item,
    first: { N: String(events[0]!.version) },
    positions: { L: events.map((e) => ({ N: String(e.position) })) },
    hashes: { L: events.map((e) => ({ S: e.hash })) },
  };
}

export interface IndexEntry {
  version: number;
  position: number;
  hash: string | null;
}

/** The versions a stream index item covers, or what is wrong with it (a run of one may lack its hash: layout 1). */
export function parseIndexItem(item: Item): { first: number; entries: IndexEntry[] } | { problem: string } {
  const last = Number(item.sk?.N);
  const position = Number(item.position?.N);
  if (!Number.isSafeInteger(last) || last < 1 || !Number.isSafeInteger(position)) {
    return { problem: 'its version or position is not an integer' };
  }
  const hash = item.hash?.S ?? null;
  if (item.first === undefined && item.positions === undefined && item.hashes === undefined) {
    return { first: last, entries: [{ version: last, position, hash }] };
  }
  const first = Number(item.first?.N);
  const positions = item.positions?.L?.map((p) => Number(p.N));
  const hashes = item.hashes?.L?.map((h) => h.S);
  if (!Number.isSafeInteger(first) || first < 1 || first > last) {
    return { problem: `a run ending at version ${last} starts at ${item.first?.N ?? 'no version'}` };
  }
  const count = last - first + 1;
  if (positions?.length !== count || hashes?.length !== count) {
    return { problem: `the run of versions ${first}-${last} does not hold ${count} positions and hashes` };
  }
  if (!positions.every((p) => Number.isSafeInteger(p) && p >= 1) || !hashes.every((h) => typeof h === 'string')) {
    return { problem: `the run of versions ${first}-${last} holds a position or hash of the wrong type` };
  }
  if (positions[count - 1] !== position || hashes[count - 1] !== hash) {
    return { problem: `the run of versions ${first}-${last} names two positions or hashes for version ${last}` };
  }
  return {
    first,
    entries: positions.map((p, i) => ({ version: first + i, position: p, hash: hashes[i] as string })),
  };
}

/** The entries of a stream index item; a malformed one is a StoreCorruptionError. */
export function indexEntriesFromItem(item: Item): { first: number; entries: IndexEntry[] } {
  const parsed = parseIndexItem(item);
  if ('problem' in parsed) {
    throw new StoreCorruptionError(
      'corrupt_index_item',
      `a stream index item does not have the stored shape (${item.pk?.S}, ${item.sk?.N}): ${parsed.problem}`,
    );
  }
  return parsed;
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
  // Loose: a member this release does not know (a later release's, or one added behind the
  // store's back) is kept, so the hash is checked over everything stored, as the export's
  // reader does; stripped, an added member would pass verification unseen.
  metadata: z.object({
    S: json.pipe(
      z.looseObject({
        actor: z.looseObject({
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

/** JSON text, or undefined when it is not JSON (a corrupted item is refused by its schema). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function guardFromItem(item: Item): { fingerprint: string; result: AppendResult } {
  const fingerprint = item.fingerprint?.S;
  const raw = item.result?.S;
  const parsed = raw === undefined ? undefined : GuardResult.safeParse(parseJson(raw));
  if (fingerprint === undefined || !parsed?.success) {
    throw new StoreCorruptionError('corrupt_command_guard', 'a command guard item does not have the stored shape');
  }
  return { fingerprint, result: { ...parsed.data, duplicate: true } };
}
