// Everything in the events table the command side relies on besides the log items'
// content, as the table holds it: stream index entries (one per version a run item
// covers), stream tips, the head, command guards, and each log item's identity.
// Verification checks these against the log.
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { call } from './dynamo-errors';
import { parseIndexItem, TIP_SK } from './dynamo-items';

export type TrustedItem =
  | {
      kind: 'log';
      position: number;
      streamId: string;
      version: number;
      hash: string;
      eventId: string;
      commandId: string;
      recordedAt: string;
    }
  | { kind: 'index'; streamId: string; version: number; position: number; hash: string | null }
  | { kind: 'tip'; streamId: string; version: number; position: number; hash: string }
  /** `layout`: the table layout the head records (1 when it records none). */
  | { kind: 'head'; position: number; hash: string; layout: number }
  | {
      kind: 'guard';
      commandId: string;
      streamId: string;
      firstVersion: number;
      lastVersion: number;
      firstPosition: number;
      lastPosition: number;
      eventIds: string[];
      recordedAt: string;
    }
  | { kind: 'unknown'; pk: string; sk: string; detail: string };

type Item = Record<string, AttributeValue>;

function commandOf(metadata: string | undefined): string {
  try {
    return String((JSON.parse(metadata ?? '{}') as { commandId?: unknown }).commandId ?? '');
  } catch {
    return '';
  }
}

function guardOf(commandId: string, raw: string | undefined): TrustedItem {
  try {
    const result = JSON.parse(raw ?? '') as Record<string, unknown>;
    const eventIds = Array.isArray(result.eventIds) ? result.eventIds.map(String) : [];
    return {
      kind: 'guard',
      commandId,
      streamId: String(result.streamId ?? ''),
      firstVersion: Number(result.firstVersion),
      lastVersion: Number(result.lastVersion),
      firstPosition: Number(result.firstPosition),
      lastPosition: Number(result.lastPosition),
      eventIds,
      recordedAt: String(result.recordedAt ?? ''),
    };
  } catch {
    return { kind: 'unknown', pk: `command#${commandId}`, sk: '0', detail: 'a command guard whose result is not JSON' };
  }
}

/** What one item of the events table holds: a run index item stands for each version it covers. */
export function classify(item: Item): TrustedItem[] {
  const pk = item.pk?.S ?? '';
  if (!pk.startsWith('stream#') || Number(item.sk?.N) === TIP_SK) return [classifyOne(item)];
  const streamId = pk.slice('stream#'.length);
  const parsed = parseIndexItem(item);
  if ('problem' in parsed) {
    return [{ kind: 'unknown', pk, sk: item.sk?.N ?? '', detail: `a malformed stream index item: ${parsed.problem}` }];
  }
  return parsed.entries.map((entry) => ({ kind: 'index', streamId, ...entry }));
}

function classifyOne(item: Item): TrustedItem {
  const pk = item.pk?.S ?? '';
  const sk = Number(item.sk?.N);
  if (pk.startsWith('log#')) {
    return {
      kind: 'log',
      position: sk,
      streamId: item.streamId?.S ?? '',
      version: Number(item.version?.N),
      hash: item.hash?.S ?? '',
      eventId: item.eventId?.S ?? '',
      commandId: commandOf(item.metadata?.S),
      recordedAt: item.recordedAt?.S ?? '',
    };
  }
  if (pk.startsWith('stream#')) {
    const streamId = pk.slice('stream#'.length);
    return {
      kind: 'tip',
      streamId,
      version: Number(item.version?.N),
      position: Number(item.position?.N),
      hash: item.hash?.S ?? '',
    };
  }
  if (pk === 'head') {
    return {
      kind: 'head',
      position: Number(item.position?.N),
      hash: item.hash?.S ?? '',
      layout: Number(item.layout?.N ?? 1),
    };
  }
  if (pk.startsWith('command#')) return guardOf(pk.slice('command#'.length), item.result?.S);
  return { kind: 'unknown', pk, sk: item.sk?.N ?? item.sk?.S ?? '', detail: 'not an item this ledger writes' };
}

/** Every item of the events table, without event data, page by page (strongly consistent). */
export async function* scanTrustedItems(client: DynamoDBClient, table: string): AsyncGenerator<TrustedItem> {
  let startKey: Item | undefined;
  do {
    const out = await call(() =>
      client.send(
        new ScanCommand({
          TableName: table,
          ConsistentRead: true,
          ProjectionExpression:
            'pk, sk, streamId, version, #hash, eventId, metadata, recordedAt, #position, #result, #first, #positions, #hashes, #layout',
          ExpressionAttributeNames: {
            '#hash': 'hash',
            '#position': 'position',
            '#result': 'result',
            '#first': 'first',
            '#positions': 'positions',
            '#hashes': 'hashes',
            '#layout': 'layout',
          },
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    for (const item of out.Items ?? []) yield* classify(item);
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}
