// Builds the parts every entry point needs (Lambda functions, the local server,
// the CLI) from a DynamoDB client and the table names.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { commandPathFor } from '../commands/command-path';
import type { TableNames } from '../config/tables';
import type { ApiDeps } from '../http/deps';
import { DynamoTileStore } from '../merkle/dynamo-tile-store';
import { MerkleLog } from '../merkle/merkle-log';
import { DynamoViewStore } from '../projections/dynamo-view-store';
import { DynamoArtifactStore } from '../report/artifact-store';
import { DynamoSnapshotStore } from '../snapshots/snapshot-store';
import { DynamoEventStore } from '../store/dynamo-event-store';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

export interface System {
  client: DynamoDBClient;
  tables: TableNames;
  store: DynamoEventStore;
  artifacts: DynamoArtifactStore;
  /** The Merkle tree over the log: tiles and tree heads in the artifacts table. */
  tiles: DynamoTileStore;
  tree: MerkleLog;
  /** Snapshots of the views for as-of reads, in the artifacts table. */
  snapshots: DynamoSnapshotStore;
  /** The active generation of the views (a GetItem on each call). */
  views(): Promise<DynamoViewStore>;
}

export interface SystemOptions {
  /** Where the command path reports appends, conflicts, retries and group sizes. */
  metrics?: Metrics;
  logger?: Logger;
}

export function createSystem(client: DynamoDBClient, tables: TableNames, options: SystemOptions = {}): System {
  const store = new DynamoEventStore({ client, tableName: tables.events });
  // The process's one command path over this store, with what it reports through.
  commandPathFor(store, {
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const tiles = new DynamoTileStore(client, tables.artifacts);
  return {
    client,
    tables,
    store,
    artifacts: new DynamoArtifactStore(client, tables.artifacts),
    tiles,
    tree: new MerkleLog(tiles),
    snapshots: new DynamoSnapshotStore(client, tables.artifacts),
    views: () => DynamoViewStore.open(client, tables.views),
  };
}

export function apiDeps(system: System, logger: Logger, extra: Partial<ApiDeps> = {}): ApiDeps {
  return {
    store: system.store,
    views: () => system.views(),
    artifacts: system.artifacts,
    tiles: system.tiles,
    snapshots: system.snapshots,
    clock: () => new Date(),
    newId: () => randomUUID(),
    logger,
    ...extra,
  };
}
