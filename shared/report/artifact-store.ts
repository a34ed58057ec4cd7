// Published report files. Write-once: a key, once it holds bytes, never holds other
// bytes (every item is put conditionally), and storing the same bytes again is a no-op,
// so a publication retried after a crash completes. Read back byte for byte and checked
// against the manifest's SHA-256. Chunked so no item nears DynamoDB's 400 KB limit.
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { AppError } from '../errors';
import { sha256Hex } from '../store/canonical';
import { toStoreError } from '../store/dynamo-errors';
import { StoreCorruptionError } from '../store/errors';

export interface StoredArtifact {
  body: Uint8Array;
  contentType: string;
  sha256: string;
}

export interface ArtifactStore {
  /**
   * Stores the bytes under `key`. Storing the same bytes (and content type) under the
   * same key again succeeds and changes nothing; other bytes are refused (ArtifactExistsError).
   */
  put(key: string, body: Uint8Array, contentType: string): Promise<{ sha256: string; bytes: number }>;
  get(key: string): Promise<StoredArtifact | null>;
}

/** The key already holds other bytes: a published file is never replaced. */
export class ArtifactExistsError extends AppError {
  readonly status = 409;
}

export const ARTIFACT_CHUNK_BYTES = 256 * 1024;

const exists = (key: string) =>
  new ArtifactExistsError('artifact_exists', `artifact ${key} already holds other bytes; it is never replaced`);

export class MemoryArtifactStore implements ArtifactStore {
  private readonly items = new Map<string, StoredArtifact>();

  async put(key: string, body: Uint8Array, contentType: string) {
    const sha256 = sha256Hex(body);
    const held = this.items.get(key);
    if (held && (held.sha256 !== sha256 || held.contentType !== contentType)) throw exists(key);
    if (!held) this.items.set(key, { body: new Uint8Array(body), contentType, sha256 });
    return { sha256, bytes: body.byteLength };
  }

  async get(key: string) {
    return this.items.get(key) ?? null;
  }
}

type Item = Record<string, AttributeValue>;

export class DynamoArtifactStore implements ArtifactStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async put(key: string, body: Uint8Array, contentType: string) {
    const sha256 = sha256Hex(body);
    const chunks = Math.max(1, Math.ceil(body.byteLength / ARTIFACT_CHUNK_BYTES));
    const stored = { sha256, bytes: body.byteLength };
    // Chunks first, the manifest (sk 0) last: a reader sees the artifact only once it is
    // complete. Each chunk may be put again only with the same bytes (its own SHA-256),
    // which is what a retry after a crash between two chunks does.
    for (let i = 0; i < chunks; i++) {
      const part = body.subarray(i * ARTIFACT_CHUNK_BYTES, (i + 1) * ARTIFACT_CHUNK_BYTES);
      const partSha256 = sha256Hex(part);
      const written = await this.putIf(
        { pk: { S: key }, sk: { N: String(i + 1) }, data: { B: part }, partSha256: { S: partSha256 } },
        'attribute_not_exists(pk) OR partSha256 = :h',
        { ':h': { S: partSha256 } },
      );
      if (!written) {
        // Another part is there: fine only if the complete artifact is these very bytes
        // (chunks written before parts carried their hash); anything else is refused.
        if (await this.holds(key, sha256, body.byteLength, contentType)) return stored;
        throw exists(key);
      }
    }
    const manifest: Item = {
      pk: { S: key },
      sk: { N: '0' },
      contentType: { S: contentType },
      sha256: { S: sha256 },
      bytes: { N: String(body.byteLength) },
      chunks: { N: String(chunks) },
    };
    const written = await this.putIf(
      manifest,
      'attribute_not_exists(pk) OR (sha256 = :sha AND #bytes = :bytes AND chunks = :chunks AND contentType = :ct)',
      {
        ':sha': manifest.sha256!,
        ':bytes': manifest.bytes!,
        ':chunks': manifest.chunks!,
        ':ct': manifest.contentType!,
      },
      { '#bytes': 'bytes' },
    );
    if (!written) throw exists(key);
    return stored;
  }

  /** A conditional put; false when the condition failed (nothing was written). */
  private async putIf(item: Item, condition: string, values: Item, names?: Record<string, string>): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ...(names ? { ExpressionAttributeNames: names } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw toStoreError(error);
    }
  }

  private async holds(key: string, sha256: string, bytes: number, contentType: string): Promise<boolean> {
    try {
      const out = await this.client.send(
        new GetItemCommand({ TableName: this.table, Key: { pk: { S: key }, sk: { N: '0' } }, ConsistentRead: true }),
      );
      const m = out.Item;
      return m?.sha256?.S === sha256 && m.bytes?.N === String(bytes) && m.contentType?.S === contentType;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async get(key: string): Promise<StoredArtifact | null> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    try {
      do {
        const out = await this.client.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': { S: key } },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(out.Items ?? []));
        startKey = out.LastEvaluatedKey;
      } while (startKey);
    } catch (error) {
      throw toStoreError(error);
    }
    const manifest = items.find((item) => item.sk?.N === '0');
    if (!manifest) return null;
    const count = Number(manifest.chunks?.N ?? 0);
    const parts = items
      .filter((item) => Number(item.sk?.N) >= 1 && Number(item.sk?.N) <= count)
      .map((item) => item.data?.B ?? new Uint8Array());
    const body = new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));
    const sha256 = manifest.sha256?.S ?? '';
    // Never serve bytes that are not the ones published.
    if (parts.length !== count || sha256Hex(body) !== sha256) {
      throw new StoreCorruptionError(
        'corrupt_artifact',
        `artifact ${key} does not match its manifest (${parts.length} of ${count} parts)`,
      );
    }
    return { body, contentType: manifest.contentType?.S ?? 'application/octet-stream', sha256 };
  }
}
