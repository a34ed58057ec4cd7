// Where snapshots live: content-addressed blobs (write-once, a second put of an address
// is a no-op) and an index of snapshots by position (write-once per position), both in
// the artifacts table in AWS and locally, or in memory for tests.
import {
  type AttributeValue,
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { call, queryItems, toStoreError } from '../store/dynamo-errors';
import { StoreUnavailableError } from '../store/errors';
import { type Blob, PROJECTION_VERSION, SnapshotIntegrityError } from './format';

export interface SnapshotEntry {
  position: number;
  /** The manifest blob's address. */
  manifest: string;
  chainHash: string;
  maxRecordedAt: string | null;
}

export interface SnapshotLookup {
  /** The latest snapshot at or before this position. */
  atOrBefore: number;
  /** …and whose events were all recorded by this instant (canonical ISO). */
  recordedBy?: string | undefined;
}

export interface SnapshotStore {
  /** Stores a blob under its hash; a blob already there is left as it is. */
  putBlob(blob: Blob): Promise<void>;
  /** The blob's bytes; `fresh` reads the stored item, never a cached copy (verify). */
  getBlob(hash: string, fresh?: boolean): Promise<Uint8Array | null>;
  /** Several blobs in as few round trips as the store allows; an address not stored is absent from the map. */
  getBlobs(hashes: readonly string[]): Promise<Map<string, Uint8Array>>;
  /** Records a snapshot; the same entry again is a no-op, another manifest at that position is refused. */
  putEntry(entry: SnapshotEntry): Promise<void>;
  latest(lookup: SnapshotLookup): Promise<SnapshotEntry | null>;
  /** Every snapshot, in position order (verify). */
  entries(): AsyncIterable<SnapshotEntry>;
}

const conflict = (entry: SnapshotEntry) =>
  new SnapshotIntegrityError(`another snapshot manifest is recorded at position ${entry.position}`);

const fits = (entry: SnapshotEntry, lookup: SnapshotLookup) =>
  entry.position <= lookup.atOrBefore &&
  (lookup.recordedBy === undefined || (entry.maxRecordedAt ?? '') <= lookup.recordedBy);

export class MemorySnapshotStore implements SnapshotStore {
  readonly blobs = new Map<string, Uint8Array>();
  readonly index = new Map<number, SnapshotEntry>();
  /** Blob writes, for tests and the bench. */
  puts = 0;

  async putBlob(blob: Blob) {
    this.puts++;
    if (!this.blobs.has(blob.hash)) this.blobs.set(blob.hash, blob.bytes);
  }

  async getBlob(hash: string) {
    return this.blobs.get(hash) ?? null;
  }

  async getBlobs(hashes: readonly string[]) {
    const out = new Map<string, Uint8Array>();
    for (const hash of hashes) {
      const bytes = this.blobs.get(hash);
      if (bytes) out.set(hash, bytes);
    }
    return out;
  }

  async putEntry(entry: SnapshotEntry) {
    const held = this.index.get(entry.position);
    if (held && held.manifest !== entry.manifest) throw conflict(entry);
    this.index.set(entry.position, { ...entry });
  }

  async latest(lookup: SnapshotLookup) {
    let best: SnapshotEntry | null = null;
    for (const entry of this.index.values())
      if (fits(entry, lookup) && (!best || entry.position > best.position)) best = entry;
    return best;
  }

  async *entries() {
    yield* [...this.index.values()].sort((a, b) => a.position - b.position);
  }
}

type Item = Record<string, AttributeValue>;

/** Requests for one batch of blobs before the keys DynamoDB keeps leaving unprocessed are given up on. */
const MAX_BATCH_ATTEMPTS = 8;

/** What a process keeps of the blobs it read: 64 MB. */
export const DEFAULT_BLOB_CACHE_BYTES = 64 * 1024 * 1024;

/** Blobs `snapshot/<sha256>` (sk 0, data); the index `snapshots/<projection version>` with sk = position. */
export class DynamoSnapshotStore implements SnapshotStore {
  private readonly indexPk = `snapshots/${PROJECTION_VERSION}`;
  /**
   * Blobs read recently, by address, least recently used first. A blob never changes under
   * its address (and is checked against it on every use), so a cached one is never stale.
   */
  private readonly cache = new Map<string, Uint8Array>();
  private cachedBytes = 0;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly cacheBytes = DEFAULT_BLOB_CACHE_BYTES,
  ) {}

  /** Forgets the cached blobs (the bench's cold reads). */
  clearCache() {
    this.cache.clear();
    this.cachedBytes = 0;
  }

  async putBlob(blob: Blob) {
    await this.putIf({ pk: { S: `snapshot/${blob.hash}` }, sk: { N: '0' }, data: { B: blob.bytes } });
  }

  async getBlob(hash: string, fresh = false) {
    const held = fresh ? undefined : this.cached(hash);
    if (held) return held;
    const out = await call(() =>
      this.client.send(new GetItemCommand({ TableName: this.table, Key: this.blobKey(hash) })),
    );
    const bytes = out.Item?.data?.B ?? null;
    if (bytes) this.remember(hash, bytes);
    return bytes;
  }

  /**
   * BatchGetItem, 100 keys a request, the requests in parallel; the keys DynamoDB leaves
   * unprocessed (throttling, or past 16 MB in one answer) are asked for again until none is left.
   */
  async getBlobs(hashes: readonly string[]) {
    const out = new Map<string, Uint8Array>();
    const wanted: string[] = [];
    for (const hash of new Set(hashes)) {
      const held = this.cached(hash);
      if (held) out.set(hash, held);
      else wanted.push(hash);
    }
    const batches: Item[][] = [];
    for (let i = 0; i < wanted.length; i += 100) batches.push(wanted.slice(i, i + 100).map((h) => this.blobKey(h)));
    await Promise.all(
      batches.map(async (keys) => {
        for (let attempt = 0; keys.length > 0; attempt++) {
          if (attempt === MAX_BATCH_ATTEMPTS) {
            throw new StoreUnavailableError(`${keys.length} snapshot blobs were left unprocessed ${attempt} times`);
          }
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
          const answer = await call(() =>
            this.client.send(new BatchGetItemCommand({ RequestItems: { [this.table]: { Keys: keys } } })),
          );
          for (const item of answer.Responses?.[this.table] ?? []) {
            const hash = item.pk?.S?.slice('snapshot/'.length);
            const bytes = item.data?.B;
            if (!hash || !bytes) continue;
            out.set(hash, bytes);
            this.remember(hash, bytes);
          }
          keys = answer.UnprocessedKeys?.[this.table]?.Keys ?? [];
        }
      }),
    );
    return out;
  }

  private blobKey(hash: string): Item {
    return { pk: { S: `snapshot/${hash}` }, sk: { N: '0' } };
  }

  private cached(hash: string): Uint8Array | undefined {
    const held = this.cache.get(hash);
    if (held) {
      this.cache.delete(hash);
      this.cache.set(hash, held);
    }
    return held;
  }

  private remember(hash: string, bytes: Uint8Array) {
    if (bytes.byteLength > this.cacheBytes / 16 || this.cache.has(hash)) return;
    this.cache.set(hash, bytes);
    this.cachedBytes += bytes.byteLength;
    for (const [old, oldBytes] of this.cache) {
      if (this.cachedBytes <= this.cacheBytes) break;
      this.cache.delete(old);
      this.cachedBytes -= oldBytes.byteLength;
    }
  }

  async putEntry(entry: SnapshotEntry) {
    const item: Item = {
      pk: { S: this.indexPk },
      sk: { N: String(entry.position) },
      manifest: { S: entry.manifest },
      chainHash: { S: entry.chainHash },
      ...(entry.maxRecordedAt !== null ? { maxRecordedAt: { S: entry.maxRecordedAt } } : {}),
    };
    if (!(await this.putIf(item, { ':m': { S: entry.manifest } }))) throw conflict(entry);
  }

  async latest(lookup: SnapshotLookup) {
    const newestFirst = queryItems(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk <= :p',
      ExpressionAttributeValues: { ':pk': { S: this.indexPk }, ':p': { N: String(lookup.atOrBefore) } },
      ScanIndexForward: false,
      // Without an instant the newest at or before the position is the answer.
      Limit: lookup.recordedBy === undefined ? 1 : 100,
    });
    for await (const item of newestFirst) {
      const entry = toEntry(item);
      if (fits(entry, lookup)) return entry;
    }
    return null;
  }

  async *entries() {
    const all = queryItems(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: this.indexPk } },
    });
    for await (const item of all) yield toEntry(item);
  }

  /** A put that never replaces: false when the item is there (with another manifest, for an entry). */
  private async putIf(item: Item, values?: Item): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: values ? 'attribute_not_exists(pk) OR manifest = :m' : 'attribute_not_exists(pk)',
          ...(values ? { ExpressionAttributeValues: values } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw toStoreError(error);
    }
  }
}

function toEntry(item: Item): SnapshotEntry {
  return {
    position: Number(item.sk?.N),
    manifest: item.manifest?.S ?? '',
    chainHash: item.chainHash?.S ?? '',
    maxRecordedAt: item.maxRecordedAt?.S ?? null,
  };
}
