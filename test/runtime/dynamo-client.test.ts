// The DynamoDB client every entry point builds: it resolves a command's middleware once per
// command class (the SDK's cacheMiddleware), and middleware added or removed later (the
// tracer, call counters, fault injection) still applies from the next call on.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { createTestTables, type TestTables } from '../support/dynamo';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables('client');
});
afterAll(async () => {
  await tables?.drop();
});

describe('the DynamoDB client', () => {
  it('resolves a command class once, and sees middleware changed after the first call', async () => {
    const client = createDynamoClient({ endpoint: tables.endpoint });
    const get = () =>
      client.send(new GetItemCommand({ TableName: tables.names.events, Key: { pk: { S: 'head' }, sk: { N: '0' } } }));
    const resolve = vi.spyOn(GetItemCommand.prototype, 'resolveMiddleware');
    try {
      await get();
      await get();
      expect(resolve).toHaveBeenCalledTimes(1);

      const seen: string[] = [];
      client.middlewareStack.add(
        (next, context) => async (args) => {
          seen.push(String(context.commandName));
          return next(args);
        },
        { step: 'initialize', name: 'seeCalls' },
      );
      await get();
      await get();
      expect(seen).toEqual(['GetItemCommand', 'GetItemCommand']);

      client.middlewareStack.remove('seeCalls');
      await get();
      expect(seen).toHaveLength(2);
      // Resolved again after each change, then reused.
      expect(resolve).toHaveBeenCalledTimes(3);
    } finally {
      resolve.mockRestore();
      client.destroy();
    }
  });
});
