// Published report files. Written once (a conditional put refuses to overwrite),
// read back byte for byte. Chunked so no item nears DynamoDB's 400 KB limit.
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { AppError } from '../errors';
import { sha256Hex } from '../store/canonical';
import { toStoreError } from '../store/dynamo-errors';

export interface StoredArtifact {
  body: Uint8Array;
  contentType: string;
  sha256: string;
}

export interface ArtifactStore {
  /** Stores the bytes under a key that must not exist yet. */
  put(key: string, body: Uint8Array, contentType: string): Promise<{ sha256: string; bytes: number }>;
  get(key: string): Promise<StoredArtifact | null>;
}

export class ArtifactExistsError extends AppError {
  readonly status = 409;
}

export const ARTIFACT_CHUNK_BYTES = 256 * 1024;

export class MemoryArtifactStore implements ArtifactStore {
  private readonly items = new Map<string, StoredArtifact>();

  async put(key: string, body: Uint8Array, contentType: string) {
    if (this.items.has(key)) throw new ArtifactExistsError('artifact_exists', `artifact ${key} already exists`);
    const sha256 = sha256Hex(body);
    this.items.set(key, { body: new Uint8Array(body), contentType, sha256 });
    return { sha256, bytes: body.byteLength };
  }

  async get(key: string) {
    return this.items.get(key) ?? null;
  }
}

export class DynamoArtifactStore implements ArtifactStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async put(key: string, body: Uint8Array, contentType: string) {
    const sha256 = sha256Hex(body);
    const chunks = Math.max(1, Math.ceil(body.byteLength / ARTIFACT_CHUNK_BYTES));
    // Chunks first, the manifest (sk 0) last: a reader sees the artifact only
    // once it is complete, and the manifest's condition makes it write-once.
    for (let i = 0; i < chunks; i++) {
      const part = body.subarray(i * ARTIFACT_CHUNK_BYTES, (i + 1) * ARTIFACT_CHUNK_BYTES);
      await this.send({ pk: { S: key }, sk: { N: String(i + 1) }, data: { B: part } }, true);
    }
    const manifest: Record<string, AttributeValue> = {
      pk: { S: key },
      sk: { N: '0' },
      contentType: { S: contentType },
      sha256: { S: sha256 },
      bytes: { N: String(body.byteLength) },
      chunks: { N: String(chunks) },
    };
    await this.send(manifest, false);
    return { sha256, bytes: body.byteLength };
  }

  private async send(item: Record<string, AttributeValue>, overwrite: boolean) {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: item,
          ...(overwrite ? {} : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ArtifactExistsError('artifact_exists', `artifact ${item.pk?.S} already exists`);
      }
      throw toStoreError(error);
    }
  }

  async get(key: string): Promise<StoredArtifact | null> {
    const items: Record<string, AttributeValue>[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
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
    const body = Buffer.concat(parts.map((p) => Buffer.from(p)));
    return {
      body: new Uint8Array(body),
      contentType: manifest.contentType?.S ?? 'application/octet-stream',
      sha256: manifest.sha256?.S ?? '',
    };
  }
}
