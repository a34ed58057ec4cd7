// Per-file isolation on the shared DynamoDB Local: each caller gets its own tables
// under a unique prefix, so test files can run in parallel.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { type TableNames, tableNames } from '../../shared/config/tables';
import { createDynamoClient } from '../../shared/runtime/dynamo';
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
