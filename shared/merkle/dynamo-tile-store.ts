// Tiles and tree heads in the artifacts table, next to the published reports and as
// durable: tile `tile/<L>/<N>[.p/<W>]` → { pk: path, sk: 0, data: bytes }; tree head of
// size n → { pk: "treehead", sk: n, root: 32 bytes }. Each is a conditional put: a
// second put of the same bytes (a retry, a racing writer) succeeds, a different one
// throws TileConflictError.
import {
  type AttributeValue,
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { call, queryItems, toStoreError } from '../store/dynamo-errors';
import { StoreUnavailableError } from '../store/errors';
import { TileConflictError, TileIntegrityError } from './errors';
import { HASH_SIZE, sameBytes } from './hash';
import { type TileStore, treeHeadName } from './tile-store';
import { type Tile, type TileId, tilePath } from './tiles';
import type { TreeHead } from './tree-head';

type Item = Record<string, AttributeValue>;

export const TREE_HEADS_PK = 'treehead';
/** BatchGetItem takes at most 100 keys. */
const BATCH_KEYS = 100;
/** Puts in flight at once while writing many tiles (a rebuild). */
const WRITE_CONCURRENCY = 8;

export class DynamoTileStore implements TileStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async getTiles(ids: readonly TileId[]): Promise<(Uint8Array | null)[]> {
    const paths = ids.map(tilePath);
    const found = new Map<string, Uint8Array>();
    const unique = [...new Set(paths)];
    for (let i = 0; i < unique.length; i += BATCH_KEYS) {
      const keys = unique.slice(i, i + BATCH_KEYS).map((pk) => ({ pk: { S: pk }, sk: { N: '0' } }));
      for (const item of await this.batchGet(keys)) found.set(item.pk!.S!, item.data?.B ?? new Uint8Array());
    }
    return paths.map((path) => found.get(path) ?? null);
  }

  private async batchGet(keys: Item[]): Promise<Item[]> {
    const items: Item[] = [];
    let pending: Item[] = keys;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8)
        throw new StoreUnavailableError('DynamoDB kept leaving tile reads unprocessed', 'UnprocessedKeys');
      if (attempt > 0) await sleep(Math.min(1000, 20 * 2 ** attempt * Math.random()));
      const out = await call(() =>
        this.client.send(
          new BatchGetItemCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } } }),
        ),
      );
      items.push(...(out.Responses?.[this.table] ?? []));
      pending = out.UnprocessedKeys?.[this.table]?.Keys ?? [];
    }
    return items;
  }

  async putTiles(tiles: readonly Tile[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < tiles.length) {
        const tile = tiles[next++]!;
        await this.putOnce({ pk: { S: tilePath(tile) }, sk: { N: '0' } }, 'data', tile.hashes, tilePath(tile));
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, tiles.length) }, worker));
  }

  async putTreeHead(head: TreeHead): Promise<void> {
    const key = { pk: { S: TREE_HEADS_PK }, sk: { N: String(head.size) } };
    await this.putOnce(key, 'root', head.rootHash, treeHeadName(head.size));
  }

  private async putOnce(key: Item, attribute: string, bytes: Uint8Array, place: string) {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: { ...key, [attribute]: { B: bytes } },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw toStoreError(error);
      const stored = error.Item ?? (await this.getItem(key));
      const storedBytes = stored?.[attribute]?.B;
      if (!storedBytes || !sameBytes(storedBytes, bytes)) throw new TileConflictError(place);
    }
  }

  private async getItem(key: Item): Promise<Item | undefined> {
    const out = await call(() =>
      this.client.send(new GetItemCommand({ TableName: this.table, Key: key, ConsistentRead: true })),
    );
    return out.Item;
  }

  async latestTreeHead(): Promise<TreeHead | null> {
    const out = await call(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: TREE_HEADS_PK } },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      ),
    );
    const item = out.Items?.[0];
    return item ? treeHeadOf(item) : null;
  }

  async *treeHeads(): AsyncIterable<TreeHead> {
    const all = queryItems(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: TREE_HEADS_PK } },
      ConsistentRead: true,
    });
    for await (const item of all) yield treeHeadOf(item);
  }
}

function treeHeadOf(item: Item): TreeHead {
  const size = Number(item.sk?.N);
  const rootHash = item.root?.B;
  if (!Number.isSafeInteger(size) || size < 1 || rootHash?.byteLength !== HASH_SIZE) {
    throw new TileIntegrityError(treeHeadName(size), 'is malformed');
  }
  return { size, rootHash };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
