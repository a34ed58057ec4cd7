// An event issued from the CLI against a stack names the AWS identity that ran it
// (ActorRef.principal): the store keeps it, reads it back, and the chain verifies,
// online and from an export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLine, verifyExportLines, verifyStore } from '../../shared/audit';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store';
import { iterateAll } from '../../shared/store/event-store';
import { createTestTables, type TestTables } from '../support/dynamo';

const ARN = 'arn:aws:sts::123456789012:assumed-role/LedgerOperators/alice';
let tables: TestTables;
let store: DynamoEventStore;

beforeAll(async () => {
  tables = await createTestTables('principal');
  store = new DynamoEventStore({ client: tables.client, tableName: tables.names.events });
  const at = '2026-01-01T00:00:00.000Z';
  await store.append('s-1', [{ type: 'Noted', schemaVersion: 1, data: { n: 1 } }], {
    expectedVersion: 'no-stream',
    commandId: 'c-1',
    actor: { keyId: 'iam', role: 'system', principal: ARN },
    recordedAt: at,
  });
  await store.append('s-1', [{ type: 'Noted', schemaVersion: 1, data: { n: 2 } }], {
    expectedVersion: 1,
    commandId: 'c-2',
    actor: { keyId: 'k', role: 'agency', executorId: 'x' },
    recordedAt: at,
  });
});
afterAll(() => tables.drop());

describe('the principal of an actor', () => {
  it('is read back exactly, and absent where it was not given', async () => {
    const [first, second] = await store.readStream('s-1');
    expect(first!.metadata.actor).toEqual({ keyId: 'iam', role: 'system', principal: ARN });
    expect(second!.metadata.actor).toEqual({ keyId: 'k', role: 'agency', executorId: 'x' });
    expect(Object.keys(second!.metadata.actor)).not.toContain('principal');
  });

  it('is covered by the hash chain, in the store and in an export', async () => {
    expect(await verifyStore(store, {})).toMatchObject({ ok: true, count: 2 });
    const lines: string[] = [];
    for await (const event of iterateAll(store)) lines.push(exportLine(event).trimEnd());
    expect(lines[0]).toContain(ARN);
    const from = async function* (list: string[]) {
      yield* list;
    };
    expect(await verifyExportLines(from(lines))).toMatchObject({ ok: true, count: 2 });
    const forged = lines.map((line) => line.replace('alice', 'mallory'));
    expect(await verifyExportLines(from(forged))).toMatchObject({ ok: false, problem: 'hash_mismatch', position: 1 });
  });
});
