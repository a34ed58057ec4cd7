// Creates the tables from the shared definitions, where they are missing.
// Used by `npm start` and the tests; in AWS the CDK stack owns the tables.
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { TABLES, type TableDefinition, type TableNames } from '../config/tables';

async function exists(client: DynamoDBClient, name: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

async function create(client: DynamoDBClient, name: string, def: TableDefinition): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: def.partitionKey.name, AttributeType: def.partitionKey.type },
        { AttributeName: def.sortKey.name, AttributeType: def.sortKey.type },
      ],
      KeySchema: [
        { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
      ],
      ...(def.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } } : {}),
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: name });
}

/** Creates whichever of the tables is missing; returns the names it created. */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<string[]> {
  const created: string[] = [];
  for (const def of TABLES) {
    const name = names[def.id];
    if (await exists(client, name)) continue;
    await create(client, name, def);
    created.push(name);
  }
  return created;
}

export async function dropTable(client: DynamoDBClient, name: string): Promise<void> {
  if (await exists(client, name)) await client.send(new DeleteTableCommand({ TableName: name }));
}
