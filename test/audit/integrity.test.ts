// What the command side trusts beside the log, tampered with behind the system's back:
// the tampered stream is refused, and verification names what disagrees and where.
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyStreamId } from '../../shared/domain';
import { createApp } from '../../shared/http/app';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { silentLogger } from '../../shared/runtime/logger';
import { apiDeps, createSystem } from '../../shared/runtime/system';
import { keys, TIP_SK } from '../../shared/store/dynamo-items';
import { type Harness, harness, importSeed, PLAN } from '../http/support';

let h: Harness;
let coordinator: string;
let auditor: string;

/** A process that has cached nothing: as a fresh Lambda container would be. */
function freshProcess() {
  const client = createDynamoClient({ endpoint: h.tables.endpoint });
  const app = createApp(apiDeps(createSystem(client, h.tables.names), silentLogger));
  return (method: string, url: string, token: string, body?: unknown) =>
    app.request(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
}

async function verify() {
  const res = await h.call('GET', '/v1/audit/verify', auditor);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    ok: boolean;
    problem?: string;
    integrity?: { ok: boolean; problems: { kind: string; position: number | null; streamId: string | null }[] };
  };
}

const remove = (Key: Record<string, { S: string } | { N: string }>) =>
  h.tables.client.send(new DeleteItemCommand({ TableName: h.tables.names.events, Key }));

beforeAll(async () => {
  h = await harness('integrity');
  await importSeed(h);
  coordinator = await h.key('coordinator');
  auditor = await h.key('auditor');
});
afterAll(() => h.close());

describe('verification of what the command side trusts', () => {
  it('passes on an untouched store, saying what it checked', async () => {
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: true, integrity: { ok: true, problems: [] } });
  });

  it('a deleted revocation index item does not bring the key back, and verify names it', async () => {
    const key = await h.key('agency', 'smolensk-sport-office');
    const keyId = key.split('_')[1]!;
    const entry = { period: { kind: 'day', date: '2023-09-01' }, text: 'до отзыва' };
    expect((await h.call('POST', `/v1/plans/${PLAN}/measures/9.1/executions`, key, entry)).status).toBe(201);
    const revoked = await h.call('POST', `/v1/keys/${keyId}/revoke`, coordinator, { reason: 'утерян' });
    const { position } = (await revoked.json()) as { position: number };
    await remove(keys.stream(apiKeyStreamId(keyId), 2) as never);

    // Neither this process (which cached the revocation) nor a fresh one lets the key in.
    expect((await h.call('GET', `/v1/plans/${PLAN}`, key)).status).not.toBe(200);
    const fresh = freshProcess();
    const read = await fresh('GET', `/v1/plans/${PLAN}`, key);
    expect(read.status).toBe(500);
    expect(await read.json()).toMatchObject({ code: 'store_inconsistent' });
    const write = await fresh('POST', `/v1/plans/${PLAN}/measures/9.1/executions`, key, entry);
    expect(write.status).toBe(500);

    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, problem: 'integrity' });
    expect(verdict.integrity?.problems).toContainEqual(
      expect.objectContaining({ kind: 'index_missing', position, streamId: apiKeyStreamId(keyId) }),
    );
    // Put back, the store verifies again.
    await h.tables.client.send(
      new PutItemCommand({
        TableName: h.tables.names.events,
        Item: {
          ...keys.stream(apiKeyStreamId(keyId), 2),
          position: { N: String(position) },
          hash: { S: (await h.system.store.readAll({ fromPosition: position, limit: 1 })).events[0]!.hash },
        },
      }),
    );
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names a deleted tip, a deleted guard, a forged index item and an item the ledger never writes', async () => {
    const streamId = 'executor-smolensk-culture-dept';
    const tip = await h.system.store.streamTip(streamId);
    await remove({ pk: { S: `stream#${streamId}` }, sk: { N: String(TIP_SK) } });
    const [first] = await h.system.store.readStream('plan-spb-smolensk-2021-2023');
    await remove(keys.command(first!.metadata.commandId) as never);
    await h.tables.client.send(
      new PutItemCommand({
        TableName: h.tables.names.events,
        Item: {
          ...keys.stream('executor-smolensk-sport-office', 1),
          position: { N: '3' },
          hash: { S: 'f'.repeat(64) },
        },
      }),
    );
    await h.tables.client.send(
      new PutItemCommand({ TableName: h.tables.names.events, Item: { pk: { S: 'planted' }, sk: { N: '1' } } }),
    );

    // The command side refuses the stream whose tip is gone: a fresh process cannot rename it.
    const fresh = freshProcess();
    const rename = await fresh('POST', '/v1/executors/smolensk-culture-dept/rename', coordinator, {
      newName: 'Министерство культуры',
      effectiveDate: '2024-01-01',
    });
    expect(rename.status).toBe(500);

    const kinds = (await verify()).integrity?.problems.map((p) => [p.kind, p.streamId, p.position]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['tip_missing', streamId, tip.position],
        ['guard_missing', 'plan-spb-smolensk-2021-2023', first!.position],
        ['index_wrong', 'executor-smolensk-sport-office', expect.any(Number)],
        ['unknown_item', null, null],
      ]),
    );
  });

  it('names a guard whose versions or time were changed, and an index item stripped of its hash', async () => {
    const events = await h.system.store.readStream('measure-spb-smolensk-2021-2023-9.1');
    const [first, second] = events;
    const table = h.tables.names.events;
    // A retry is answered from the guard: its versions and time must be the log's.
    const rewriteGuard = async (commandId: string, change: (result: Record<string, unknown>) => void) => {
      const out = await h.tables.client.send(new GetItemCommand({ TableName: table, Key: keys.command(commandId) }));
      const result = JSON.parse(out.Item!.result!.S!) as Record<string, unknown>;
      change(result);
      await h.tables.client.send(
        new PutItemCommand({ TableName: table, Item: { ...out.Item!, result: { S: JSON.stringify(result) } } }),
      );
    };
    await rewriteGuard(first!.metadata.commandId, (r) => {
      r.firstVersion = 7;
      r.lastVersion = 7;
    });
    await rewriteGuard(second!.metadata.commandId, (r) => {
      r.recordedAt = '2020-01-01T00:00:00.000Z';
    });
    // Layout 1 wrote index items without hashes; on a table of a later layout that is tampering.
    const third = events[2]!;
    await h.tables.client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: keys.stream(third.streamId, third.version),
        UpdateExpression: 'REMOVE #hash',
        ExpressionAttributeNames: { '#hash': 'hash' },
      }),
    );

    const problems = (await verify()).integrity?.problems ?? [];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'guard_wrong', streamId: first!.streamId, position: first!.position }),
        expect.objectContaining({ kind: 'guard_wrong', streamId: second!.streamId, position: second!.position }),
        expect.objectContaining({
          kind: 'index_wrong',
          streamId: third.streamId,
          position: third.position,
          detail: `the index item of version ${third.version} has no hash`,
        }),
      ]),
    );
  });
});
