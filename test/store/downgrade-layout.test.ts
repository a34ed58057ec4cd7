// A rollback to code of layout 2 after layout 3 has written runs: `downgradeLayout` splits
// every run into one index item per version and sets the head back to 2, so the older code
// writes again and its verification finds every version (README, "Table layout").
import { type AttributeValue, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIntegrity } from '../../shared/audit/integrity';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store';
import { keys, TIP_SK } from '../../shared/store/dynamo-items';
import type { PendingAppend } from '../../shared/store/event-store';
import { downgradeLayout } from '../../shared/store/upgrade-layout';
import { createTestTables, streamPartition, type TestTables } from '../support/dynamo';

type Item = Record<string, AttributeValue>;
const AT = '2026-11-30T08:00:00.000Z';
let seq = 0;

function pending(streamId: string, expectedVersion: number): PendingAppend {
  const n = ++seq;
  return {
    streamId,
    expectedVersion,
    events: [{ type: 'Noted', schemaVersion: 1, data: { n } }],
    commandId: `down-${n}`,
    fingerprint: `fp-${n}`,
    actor: { keyId: 'k', role: 'coordinator' },
    recordedAt: AT,
  };
}

describe('downgradeLayout (DynamoDB Local)', () => {
  let tables: TestTables;
  let store: DynamoEventStore;
  beforeAll(async () => {
    tables = await createTestTables('downgrade');
    store = new DynamoEventStore({ client: tables.client, tableName: tables.names.events });
  });
  afterAll(async () => {
    await tables?.drop();
  });

  const indexItems = async (streamId: string): Promise<Item[]> =>
    (await streamPartition(tables, streamId)).filter((item) => Number(item.sk?.N) !== TIP_SK);
  const headLayout = async () =>
    Number(
      (
        await tables.client.send(
          new GetItemCommand({ TableName: tables.names.events, Key: keys.head(), ConsistentRead: true }),
        )
      ).Item?.layout?.N,
    );

  it('splits every run into one item per version, sets the head to 2, and reads and verifies the same', async () => {
    // One commit: six entries on S and two on T (runs of 6 and 2), then one more on S alone.
    const group = [0, 1, 2, 3, 4, 5].map((v) => pending('S', v));
    group.splice(2, 0, pending('T', 0), pending('T', 1));
    expect((await store.commit(group)).every((o) => o.status === 'written')).toBe(true);
    await store.commit([pending('S', 6)]);
    expect(await indexItems('S')).toHaveLength(2);
    expect(await headLayout()).toBe(3);
    const before = await store.readStream('S');

    expect(await downgradeLayout(tables.client, tables.names.events)).toEqual({
      downgraded: true,
      runs: 2,
      versions: 8,
      malformed: 0,
    });
    expect(await headLayout()).toBe(2);
    // What code of layout 2 reads: one item per version, its position and hash, no run.
    const items = await indexItems('S');
    expect(items.map((item) => Number(item.sk?.N))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const [i, item] of items.entries()) {
      expect(item.first).toBeUndefined();
      expect(item.positions).toBeUndefined();
      expect({ position: Number(item.position?.N), hash: item.hash?.S }).toEqual({
        position: before[i]!.position,
        hash: before[i]!.hash,
      });
    }
    expect((await indexItems('T')).map((item) => Number(item.sk?.N))).toEqual([1, 2]);
    expect(await store.readStream('S')).toEqual(before);
    expect(await checkIntegrity(store.trustedItems())).toMatchObject({ ok: true, checked: { indexItems: 9 } });

    // Again: nothing left to split.
    expect(await downgradeLayout(tables.client, tables.names.events)).toMatchObject({ downgraded: false, runs: 0 });
  });
});
