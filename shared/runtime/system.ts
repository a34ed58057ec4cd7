// Builds the parts every entry point needs (Lambda functions, the local server,
// the CLI) from a DynamoDB client and the table names.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../config/tables';
import type { ApiDeps } from '../http/deps';
import { DynamoViewStore } from '../projections/dynamo-view-store';
import { DynamoArtifactStore } from '../report/artifact-store';
import { DynamoEventStore } from '../store/dynamo-event-store';
import type { Logger } from './logger';

export interface System {
  client: DynamoDBClient;
  tables: TableNames;
  store: DynamoEventStore;
  artifacts: DynamoArtifactStore;
  /** The active generation of the views (a GetItem on each call). */
  views(): Promise<DynamoViewStore>;
}

export function createSystem(client: DynamoDBClient, tables: TableNames): System {
  return {
    client,
    tables,
    store: new DynamoEventStore({ client, tableName: tables.events }),
    artifacts: new DynamoArtifactStore(client, tables.artifacts),
    views: () => DynamoViewStore.open(client, tables.views),
  };
}

export function apiDeps(system: System, logger: Logger, extra: Partial<ApiDeps> = {}): ApiDeps {
  return {
    store: system.store,
    views: () => system.views(),
    artifacts: system.artifacts,
    clock: () => new Date(),
    newId: () => randomUUID(),
    logger,
    ...extra,
  };
}
