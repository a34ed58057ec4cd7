// The contract suite against DynamoDB Local, plus what only the real store can show:
// tampering behind its back, and an unreachable DynamoDB.
import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/dynamo-local';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { assertOneActionPerItem, DynamoEventStore } from '../../shared/store/dynamo-event-store';
import { StoreUnavailableError } from '../../shared/store/errors';
import { iterateAll } from '../../shared/store/event-store';
import { verifyChain } from '../../shared/store/verify-chain';
import { createTestTables } from '../support/dynamo';
import { eventStoreContract } from './contract';

eventStoreContract('DynamoDB Local', async () => {
  const tables = await createTestTables('store');
  return {
    store: new DynamoEventStore({ client: tables.client, tableName: tables.names.events }),
    cleanup: () => tables.drop(),
  };
});

describe('DynamoEventStore against DynamoDB Local', () => {
  it('verification names the exact position of an item altered behind the store', async () => {
    const tables = await createTestTables('tamper');
    try {
      const store = new DynamoEventStore({ client: tables.client, tableName: tables.names.events });
      for (let i = 1; i <= 10; i++) {
        await store.append(`s-${i % 2}`, [{ type: 'Noted', schemaVersion: 1, data: { n: i } }], {
          expectedVersion: 'any',
          commandId: `c-${i}`,
          actor: { keyId: 'k', role: 'coordinator' },
          recordedAt: '2026-01-01T00:00:00.000Z',
        });
      }
      const collect = async () => {
        const out = [];
        for await (const e of iterateAll(store)) out.push(e);
        return out;
      };
      expect(await verifyChain(await collect())).toMatchObject({ ok: true, count: 10 });
      const key = { pk: { S: 'log#0' }, sk: { N: '7' } };
      const original = await tables.client.send(new GetItemCommand({ TableName: tables.names.events, Key: key }));
      await tables.client.send(
        new PutItemCommand({ TableName: tables.names.events, Item: { ...original.Item!, data: { S: '{"n":700}' } } }),
      );
      expect(await verifyChain(await collect())).toMatchObject({
        ok: false,
        position: 7,
        problem: 'hash_mismatch',
        count: 6,
      });
    } finally {
      await tables.drop();
    }
  });

  it("verification sees a member added to an event's stored metadata or actor, which this release does not know", async () => {
    const tables = await createTestTables('tamper-meta');
    try {
      const store = new DynamoEventStore({ client: tables.client, tableName: tables.names.events });
      for (let i = 1; i <= 4; i++) {
        await store.append('s', [{ type: 'Noted', schemaVersion: 1, data: { n: i } }], {
          expectedVersion: 'any',
          commandId: `c-${i}`,
          actor: { keyId: 'k', role: 'agency', executorId: 'e' },
          recordedAt: '2026-01-01T00:00:00.000Z',
        });
      }
      const collect = async () => {
        const out = [];
        for await (const e of iterateAll(store)) out.push(e);
        return out;
      };
      expect(await verifyChain(await collect())).toMatchObject({ ok: true, count: 4 });
      const alter = async (position: number, edit: (metadata: Record<string, any>) => void) => {
        const key = { pk: { S: 'log#0' }, sk: { N: String(position) } };
        const original = await tables.client.send(new GetItemCommand({ TableName: tables.names.events, Key: key }));
        const metadata = JSON.parse(original.Item!.metadata!.S!);
        edit(metadata);
        await tables.client.send(
          new PutItemCommand({
            TableName: tables.names.events,
            Item: { ...original.Item!, metadata: { S: JSON.stringify(metadata) } },
          }),
        );
      };
      // An actor's added member: read back, it is part of what is hashed.
      await alter(3, (metadata) => {
        metadata.actor.onBehalfOf = 'someone-else';
      });
      const events = await collect();
      expect(events[2]!.metadata.actor).toMatchObject({ onBehalfOf: 'someone-else' });
      expect(await verifyChain(events)).toMatchObject({ ok: false, position: 3, problem: 'hash_mismatch' });
      // A member added to the metadata itself, before it.
      await alter(2, (metadata) => {
        metadata.approvedBy = 'nobody';
      });
      expect(await verifyChain(await collect())).toMatchObject({ ok: false, position: 2, problem: 'hash_mismatch' });
    } finally {
      await tables.drop();
    }
  });

  it('stores in separate processes (own clients) contend on the head and still keep the log gapless and chained', async () => {
    const tables = await createTestTables('contend');
    try {
      // Each instance stands for another Lambda container: its appends are not
      // serialised with the others', so the head's condition and the retry decide.
      const stores = Array.from(
        { length: 4 },
        () =>
          new DynamoEventStore({
            client: createDynamoClient({ endpoint: tables.endpoint }),
            tableName: tables.names.events,
            // 160 single-event transactions through one head on a shared, loaded machine:
            // this test is about a gapless, chained log, not latency, so the budget is wide.
            commitBudgetMs: 120_000,
          }),
      );
      await Promise.all(
        stores.flatMap((store, s) =>
          Array.from({ length: 4 }, async (_, w) => {
            for (let i = 1; i <= 10; i++) {
              await store.append(`p${s}-w${w}`, [{ type: 'Noted', schemaVersion: 1, data: { i } }], {
                expectedVersion: i === 1 ? 'no-stream' : i - 1,
                commandId: `p${s}-w${w}-${i}`,
                actor: { keyId: 'k', role: 'coordinator' },
                recordedAt: '2026-01-01T00:00:00.000Z',
              });
            }
          }),
        ),
      );
      const events = [];
      for await (const e of iterateAll(stores[0]!)) events.push(e);
      expect(events.map((e) => e.position)).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
      expect(await verifyChain(events)).toMatchObject({ ok: true, count: 160 });
    } finally {
      await tables.drop();
    }
  });

  it('a store whose head another process moved retries with the head its cancellation returns, without reading it', async () => {
    const tables = await createTestTables('head-return');
    try {
      const other = new DynamoEventStore({
        client: createDynamoClient({ endpoint: tables.endpoint }),
        tableName: tables.names.events,
      });
      const store = new DynamoEventStore({ client: tables.client, tableName: tables.names.events });
      const options = (commandId: string) => ({
        expectedVersion: 'any' as const,
        commandId,
        actor: { keyId: 'k', role: 'coordinator' as const },
        recordedAt: '2026-01-01T00:00:00.000Z',
      });
      const note = (n: number) => [{ type: 'Noted', schemaVersion: 1, data: { n } }];
      await store.append('mine', note(1), options('m1'));
      // Another process (Lambda container) appends twice: this store's head is now stale.
      await other.append('theirs', note(2), options('t1'));
      await other.append('theirs', note(3), options('t2'));
      const sent = recordCommands(tables.client);
      const [outcome] = await store.commit([
        {
          streamId: 'mine',
          expectedVersion: 1,
          events: note(4),
          commandId: 'm2',
          fingerprint: 'f',
          actor: options('m2').actor,
          recordedAt: '2026-01-01T00:00:00.000Z',
        },
      ]);
      expect(outcome).toMatchObject({ status: 'written', result: { firstPosition: 4, lastPosition: 4 } });
      // The refused transaction, then the one that went in: no GetItem of the head between.
      expect(sent).toEqual(['TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
      const events = [];
      for await (const e of iterateAll(store)) events.push(e);
      expect(await verifyChain(events)).toMatchObject({ ok: true, count: 4 });
    } finally {
      await tables.drop();
    }
  });

  it('a repeated command is answered from the guard its cancellation returns, without reading it again', async () => {
    const tables = await createTestTables('guard-return');
    try {
      const store = new DynamoEventStore({ client: tables.client, tableName: tables.names.events });
      const options = {
        expectedVersion: 'any' as const,
        commandId: 'once',
        actor: { keyId: 'k', role: 'coordinator' as const },
        recordedAt: '2026-01-01T00:00:00.000Z',
      };
      const first = await store.append('s', [{ type: 'Noted', schemaVersion: 1, data: { n: 1 } }], options);
      const sent = recordCommands(tables.client);
      // The same command again, on a stream that has not moved: its guard stops it.
      const again = await store.commit([
        {
          streamId: 's',
          expectedVersion: 1,
          events: [{ type: 'Noted', schemaVersion: 1, data: { n: 1 } }],
          commandId: 'once',
          fingerprint: 'same-request',
          actor: options.actor,
          recordedAt: options.recordedAt,
        },
      ]);
      expect(again).toEqual([
        { status: 'duplicate', record: expect.objectContaining({ ...first, duplicate: true, commandId: 'once' }) },
      ]);
      expect(sent).toEqual(['TransactWriteItemsCommand']);
    } finally {
      await tables.drop();
    }
  });

  it('an unreachable DynamoDB surfaces as a typed "store unavailable" error', async () => {
    const port = await freePort();
    const client = createDynamoClient({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 2 });
    const store = new DynamoEventStore({ client, tableName: 'nowhere-events' });
    const error = await store
      .append('s', [{ type: 'Noted', schemaVersion: 1, data: {} }], {
        expectedVersion: 'any',
        commandId: 'c',
        actor: { keyId: 'k', role: 'coordinator' },
        recordedAt: '2026-01-01T00:00:00.000Z',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ status: 503, code: 'store_unavailable' });
    client.destroy();
  });

  it('refuses a transaction that touches one item twice (the real service would)', () => {
    const put = { Put: { TableName: 't', Item: { pk: { S: 'head' }, sk: { N: '0' } } } };
    const update = {
      Update: { TableName: 't', Key: { pk: { S: 'head' }, sk: { N: '0' } }, UpdateExpression: 'SET a = :a' },
    };
    expect(() => assertOneActionPerItem([put, update])).toThrow(/one item twice/);
    expect(() => assertOneActionPerItem([put])).not.toThrow();
  });
});

/** The names of the DynamoDB commands `client` sends from now on. */
function recordCommands(client: DynamoDBClient): string[] {
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return sent;
}
