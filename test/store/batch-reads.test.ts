// Reading many items by key (a long stream's events, view documents, stream tips): every
// item comes back, in parallel batches of 100 but never more than READ_CONCURRENCY at once.
import { type BatchGetItemCommandOutput, BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getItems, READ_CONCURRENCY } from '../../shared/store/dynamo-reads';
import { createTestTables, type TestTables } from '../support/dynamo';

let tables: TestTables;
const COUNT = (READ_CONCURRENCY + 3) * 100 + 7;

beforeAll(async () => {
  tables = await createTestTables('batch');
  for (let i = 0; i < COUNT; i += 25) {
    const items = Array.from({ length: Math.min(25, COUNT - i) }, (_, k) => ({
      PutRequest: { Item: { pk: { S: `batch#${i + k}` }, sk: { S: '0' }, n: { N: String(i + k) } } },
    }));
    await tables.client.send(new BatchWriteItemCommand({ RequestItems: { [tables.names.views]: items } }));
  }
});
afterAll(() => tables.drop());

describe('getItems', () => {
  it(`returns every item of ${COUNT} keys (and none for absent ones), at most ${READ_CONCURRENCY} calls at once`, async () => {
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    tables.client.middlewareStack.add(
      (next) => async (args) => {
        calls++;
        most = Math.max(most, ++inFlight);
        try {
          return (await next(args)) as { output: BatchGetItemCommandOutput; response: unknown };
        } finally {
          inFlight--;
        }
      },
      { step: 'initialize', name: 'countInFlight' },
    );
    try {
      const keys = Array.from({ length: COUNT + 50 }, (_, i) => ({ pk: { S: `batch#${i}` }, sk: { S: '0' } }));
      const items = await getItems(tables.client, tables.names.views, keys);
      expect(items.map((item) => Number(item.n?.N)).sort((a, b) => a - b)).toEqual(
        Array.from({ length: COUNT }, (_, i) => i),
      );
      expect(calls).toBeGreaterThanOrEqual(Math.ceil((COUNT + 50) / 100));
      expect(most).toBeGreaterThan(1);
      expect(most).toBeLessThanOrEqual(READ_CONCURRENCY);
    } finally {
      tables.client.middlewareStack.remove('countInFlight');
    }
  });

  it('sends no more calls once one has failed: the caller has its error, the table is spared', async () => {
    let calls = 0;
    tables.client.middlewareStack.add(
      (next) => async (args) => {
        calls++;
        if (calls === 2) throw new Error('the table is gone');
        return next(args);
      },
      { step: 'initialize', name: 'failSecond' },
    );
    try {
      const keys = Array.from({ length: COUNT }, (_, i) => ({ pk: { S: `batch#${i}` }, sk: { S: '0' } }));
      await expect(getItems(tables.client, tables.names.views, keys)).rejects.toThrow('the table is gone');
      const atRejection = calls;
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Only the calls already in flight finish; none is started after the failure.
      expect(calls).toBe(atRejection);
      expect(calls).toBeLessThan(Math.ceil(COUNT / 100));
    } finally {
      tables.client.middlewareStack.remove('failSecond');
    }
  });
});
