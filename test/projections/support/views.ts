// Reading whole builds of the views, to compare one build with another: every
// document of one generation of the views table, shaped like MemoryViewStore.snapshot().
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { MemoryViewStore } from '../../../shared/projections/memory-view-store';
import { catchUp } from '../../../shared/projections/projector';
import type { ViewDoc } from '../../../shared/projections/view-store';
import type { EventStore } from '../../../shared/store/event-store';
import { Docs } from '../../../shared/views/documents';
import { ledgerProjection } from '../../../shared/views/ledger-projection';

export type Snapshot = Record<string, Record<string, ViewDoc>>;

/** Every document of a generation (the checkpoint left out), by pk then sk, both sorted. */
export async function generationSnapshot(client: DynamoDBClient, table: string, generation: number): Promise<Snapshot> {
  const prefix = `g${generation}#`;
  const rows: { pk: string; sk: string; doc: ViewDoc }[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const out = await client.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'begins_with(pk, :g)',
        ExpressionAttributeValues: { ':g': { S: prefix } },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of out.Items ?? []) {
      const pk = item.pk!.S!.slice(prefix.length);
      if (pk === '_checkpoint' || pk === '_status') continue;
      rows.push({ pk, sk: item.sk!.S!, doc: JSON.parse(item.doc!.S!) as ViewDoc });
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  const snapshot: Snapshot = {};
  for (const row of rows.sort((a, b) => (a.pk === b.pk ? (a.sk < b.sk ? -1 : 1) : a.pk < b.pk ? -1 : 1))) {
    snapshot[row.pk] ??= {};
    snapshot[row.pk]![row.sk] = row.doc;
  }
  return snapshot;
}

/** The views as a clean, single-pass replay of the log (up to a position) builds them. */
export async function cleanReplay(
  store: Pick<EventStore, 'readAll'>,
  toPosition?: number,
): Promise<{ views: MemoryViewStore; snapshot: Snapshot }> {
  const views = new MemoryViewStore();
  const result = await catchUp(store, views, ledgerProjection, toPosition === undefined ? {} : { toPosition });
  if (result.status !== 'caught-up') throw new Error(`the clean replay did not finish: ${result.status}`);
  return { views, snapshot: views.snapshot() };
}

/** Report ids that appear more than once across the entries of a snapshot. */
export function duplicateEntries(snapshot: Snapshot): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const [pk, items] of Object.entries(snapshot)) {
    if (!pk.startsWith('entries#')) continue;
    for (const doc of Object.values(items)) {
      const entry = Docs.entry.read(doc);
      if (seen.has(entry.reportId)) twice.push(entry.reportId);
      seen.add(entry.reportId);
    }
  }
  return twice;
}

/** How many entries a snapshot holds (withdrawn ones included). */
export function entryCount(snapshot: Snapshot): number {
  let n = 0;
  for (const [pk, items] of Object.entries(snapshot)) if (pk.startsWith('entries#')) n += Object.keys(items).length;
  return n;
}
