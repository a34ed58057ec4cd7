// Published files are write-once: a key never comes to hold other bytes, not even
// part of them, while a retry with the same bytes (after a crash between two chunks)
// completes. What is served is checked against the manifest.
import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACT_CHUNK_BYTES,
  ArtifactExistsError,
  DynamoArtifactStore,
  MemoryArtifactStore,
} from '../../shared/report/artifact-store';
import { sha256Hex } from '../../shared/store/canonical';
import { createTestTables, type TestTables } from '../support/dynamo';

let tables: TestTables;
let store: DynamoArtifactStore;

beforeAll(async () => {
  tables = await createTestTables('artifacts');
  store = new DynamoArtifactStore(tables.client, tables.names.artifacts);
});
afterAll(() => tables.drop());

/** Deterministic bytes that differ with the seed, `size` long. */
function bytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed * 17) % 251;
  return out;
}
const keyOf = (body: Uint8Array) => `sha256/${sha256Hex(body)}`;
const rawItem = async (pk: string, sk: number) =>
  (
    await tables.client.send(
      new GetItemCommand({ TableName: tables.names.artifacts, Key: { pk: { S: pk }, sk: { N: String(sk) } } }),
    )
  ).Item;

describe('DynamoArtifactStore', () => {
  it('stores a file of several chunks and gives the same bytes back', async () => {
    const body = bytes(2 * ARTIFACT_CHUNK_BYTES + 1000, 1);
    const key = keyOf(body);
    expect(await store.put(key, body, 'application/octet-stream')).toEqual({
      sha256: sha256Hex(body),
      bytes: body.byteLength,
    });
    const read = await store.get(key);
    expect(Buffer.from(read!.body).equals(Buffer.from(body))).toBe(true);
    expect(read!.sha256).toBe(sha256Hex(body));
    expect(await rawItem(key, 3)).toBeDefined();
    expect(await store.get('sha256/none')).toBeNull();
  });

  it('accepts the same bytes again, and changes nothing', async () => {
    const body = bytes(1000, 2);
    const key = keyOf(body);
    await store.put(key, body, 'text/csv');
    const before = await rawItem(key, 0);
    await expect(store.put(key, body, 'text/csv')).resolves.toMatchObject({ bytes: 1000 });
    expect(await rawItem(key, 0)).toEqual(before);
  });

  it('refuses other bytes under a key that holds a file, and leaves every chunk as it was', async () => {
    const body = bytes(ARTIFACT_CHUNK_BYTES + 10, 3);
    const key = keyOf(body);
    await store.put(key, body, 'application/json');
    const other = bytes(ARTIFACT_CHUNK_BYTES + 10, 4);
    await expect(store.put(key, other, 'application/json')).rejects.toBeInstanceOf(ArtifactExistsError);
    const read = await store.get(key);
    expect(Buffer.from(read!.body).equals(Buffer.from(body))).toBe(true);
    await expect(store.put(key, body, 'text/html')).rejects.toBeInstanceOf(ArtifactExistsError);
  });

  it('completes a put that died between two chunks, when retried with the same bytes', async () => {
    const body = bytes(ARTIFACT_CHUNK_BYTES * 2, 5);
    const key = keyOf(body);
    const first = body.subarray(0, ARTIFACT_CHUNK_BYTES);
    // What the crashed run left behind: the first chunk, no manifest.
    await tables.client.send(
      new PutItemCommand({
        TableName: tables.names.artifacts,
        Item: { pk: { S: key }, sk: { N: '1' }, data: { B: first }, partSha256: { S: sha256Hex(first) } },
      }),
    );
    expect(await store.get(key)).toBeNull();
    await store.put(key, body, 'application/octet-stream');
    expect(Buffer.from((await store.get(key))!.body).equals(Buffer.from(body))).toBe(true);
  });

  it('refuses to finish a half-written key with other bytes', async () => {
    const body = bytes(ARTIFACT_CHUNK_BYTES * 2, 6);
    const key = keyOf(body);
    const stranger = bytes(ARTIFACT_CHUNK_BYTES, 7);
    await tables.client.send(
      new PutItemCommand({
        TableName: tables.names.artifacts,
        Item: { pk: { S: key }, sk: { N: '1' }, data: { B: stranger }, partSha256: { S: sha256Hex(stranger) } },
      }),
    );
    await expect(store.put(key, body, 'application/octet-stream')).rejects.toBeInstanceOf(ArtifactExistsError);
    expect(await rawItem(key, 0)).toBeUndefined();
  });

  it('accepts the same bytes over chunks stored before parts carried their hash', async () => {
    const body = bytes(500, 8);
    const key = keyOf(body);
    await store.put(key, body, 'text/html');
    await tables.client.send(
      new UpdateItemCommand({
        TableName: tables.names.artifacts,
        Key: { pk: { S: key }, sk: { N: '1' } },
        UpdateExpression: 'REMOVE partSha256',
      }),
    );
    await expect(store.put(key, body, 'text/html')).resolves.toMatchObject({ bytes: 500 });
    await expect(store.put(key, bytes(500, 9), 'text/html')).rejects.toBeInstanceOf(ArtifactExistsError);
  });

  it('never serves bytes altered behind its back', async () => {
    const body = bytes(800, 10);
    const key = keyOf(body);
    await store.put(key, body, 'text/html');
    await tables.client.send(
      new UpdateItemCommand({
        TableName: tables.names.artifacts,
        Key: { pk: { S: key }, sk: { N: '1' } },
        UpdateExpression: 'SET #d = :d',
        ExpressionAttributeNames: { '#d': 'data' },
        ExpressionAttributeValues: { ':d': { B: bytes(800, 11) } },
      }),
    );
    await expect(store.get(key)).rejects.toMatchObject({ code: 'corrupt_artifact', status: 500 });
  });
});

describe('MemoryArtifactStore', () => {
  it('has the same write-once rule', async () => {
    const memory = new MemoryArtifactStore();
    const body = bytes(100, 12);
    await memory.put('k', body, 'text/csv');
    await expect(memory.put('k', body, 'text/csv')).resolves.toMatchObject({ bytes: 100 });
    await expect(memory.put('k', bytes(100, 13), 'text/csv')).rejects.toBeInstanceOf(ArtifactExistsError);
  });
});
