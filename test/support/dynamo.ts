// Per-file isolation on the shared DynamoDB Local: each caller gets its own tables
// under a unique prefix, so test files can run in parallel.
import { randomUUID } from 'node:crypto';
import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { type TableNames, tableNames } from '../../shared/config/tables';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { keys } from '../../shared/store/dynamo-items';
import { dropTable, ensureTables } from '../../shared/store/tables-admin';

export interface TestTables {
  client: DynamoDBClient;
  names: TableNames;
  endpoint: string;
  drop(): Promise<void>;
}

export async function createTestTables(label = 't'): Promise<TestTables> {
  const endpoint = inject('dynamoEndpoint');
  const client = createDynamoClient({ endpoint, maxAttempts: 3 });
  const names = tableNames(`${label}-${randomUUID().slice(0, 8)}`);
  await ensureTables(client, names);
  return {
    client,
    names,
    endpoint,
    async drop() {
      for (const name of Object.values(names)) await dropTable(client, name);
      client.destroy();
    },
  };
}

/** Every item of a stream's partition in the events table (its index items, then its tip), read consistently. */
export async function streamPartition(tables: TestTables, streamId: string): Promise<Record<string, AttributeValue>[]> {
  const out = await tables.client.send(
    new QueryCommand({
      TableName: tables.names.events,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: keys.streamPk(streamId) } },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}
