// A large plan (1,000 measures with 20 entries each) in the DynamoDB views table:
// nothing approaches the item limit and the plan view pages through every measure.
// The log is a MemoryEventStore: 1,000 appends of 21 events take DynamoDB Local about
// 100 s, and the views table is what is under test here.
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { expect, it } from 'vitest';
import { DynamoViewStore } from '../../shared/projections/dynamo-view-store';
import { catchUp } from '../../shared/projections/projector';
import {
  MAX_VIEW_DOC_BYTES,
  type QueryOptions,
  type ViewKey,
  type ViewReader,
} from '../../shared/projections/view-store';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { measureView, planView } from '../../shared/views/plan-view';
import { getMeasureHistory, listPlans } from '../../shared/views/queries';
import { createTestTables } from '../support/dynamo';
import { appendPlan, syntheticPlan } from './support/synthetic-plan';

const SECTIONS = 10;
const PER_SECTION = 100;
const ENTRIES = 20;

/** The largest item of the views table, in the bytes DynamoDB counts (attribute names and values). */
async function largestItem(
  client: DynamoDBClient,
  table: string,
): Promise<{ key: string; bytes: number; items: number }> {
  let largest = { key: '', bytes: 0, items: 0 };
  const segments = 4;
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const out = await client.send(
          new ScanCommand({ TableName: table, Segment: segment, TotalSegments: segments, ExclusiveStartKey: startKey }),
        );
        for (const item of out.Items ?? []) {
          largest.items++;
          const bytes = Object.entries(item).reduce(
            (n, [name, value]) => n + Buffer.byteLength(name) + Buffer.byteLength(value.S ?? value.N ?? ''),
            0,
          );
          if (bytes > largest.bytes) largest = { ...largest, key: `${item.pk?.S}/${item.sk?.S}`, bytes };
        }
        startKey = out.LastEvaluatedKey;
      } while (startKey);
    }),
  );
  return largest;
}

/** Counts the measure documents a reader hands out, to show a page reads a page. */
function counting(views: ViewReader): ViewReader & { measuresRead: number } {
  const reader = {
    measuresRead: 0,
    get: (pk: string, sk: string) => views.get(pk, sk),
    getMany: (keys: readonly ViewKey[]) => views.getMany(keys),
    checkpoint: () => views.checkpoint(),
    projectorFailure: () => views.projectorFailure(),
    async query(pk: string, prefix?: string, options?: QueryOptions) {
      const items = await views.query(pk, prefix, options);
      reader.measuresRead += items.filter((item) => item.sk.startsWith('measure#')).length;
      return items;
    },
  };
  return reader;
}

it(`a plan of ${SECTIONS * PER_SECTION} measures × ${ENTRIES} entries projects, stays under the item limit and pages`, async () => {
  const tables = await createTestTables('large');
  try {
    const store = new MemoryEventStore();
    await appendPlan(
      store,
      syntheticPlan({ sections: SECTIONS, measuresPerSection: PER_SECTION, entriesPerMeasure: ENTRIES }),
    );
    const head = await store.head();
    const views = new DynamoViewStore(tables.client, tables.names.views, 1);

    const result = await catchUp(store, views, ledgerProjection);
    expect(result).toMatchObject({ status: 'caught-up', applied: head.position, checkpoint: head });

    const largest = await largestItem(tables.client, tables.names.views);
    expect(largest.bytes).toBeLessThan(MAX_VIEW_DOC_BYTES);
    // one per measure, one per event of a measure, the executors, the worklists, header, summary, checkpoint
    expect(largest.items).toBeGreaterThan(SECTIONS * PER_SECTION * (ENTRIES + 2));

    expect((await listPlans(views)).items).toEqual([
      expect.objectContaining({ planId: 'big-plan', measureCount: SECTIONS * PER_SECTION }),
    ]);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const reader = counting(views);
      const page = await planView(reader, 'big-plan', { after, limit: 250 });
      expect(page.measureCount).toBe(SECTIONS * PER_SECTION);
      expect(reader.measuresRead).toBeLessThanOrEqual(251);
      seen.push(...page.sections.flatMap((s) => s.measures.map((m) => m.number)));
      after = page.nextAfter ?? undefined;
      pages++;
    } while (after !== undefined);
    expect(pages).toBe(4);
    const expected = Array.from({ length: SECTIONS }, (_, s) =>
      Array.from({ length: PER_SECTION }, (_, m) => `${s + 1}.${m + 1}`),
    ).flat();
    expect(seen).toEqual(expected); // natural order: 1.9 < 1.10 < … < 10.100, none twice, none missing

    const measure = await measureView(views, 'big-plan', '7.42', { limit: 1000 });
    expect(measure.entries.map((e) => e.reportId)).toEqual(
      Array.from({ length: ENTRIES }, (_, i) => `r-7.42-${i + 1}`),
    );
    expect((await getMeasureHistory(views, 'big-plan', '7.42', { limit: 1000 })).items).toHaveLength(ENTRIES + 1);
  } finally {
    await tables.drop();
  }
}, 240_000);
