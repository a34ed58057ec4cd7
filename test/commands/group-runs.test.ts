// Commands sent at once on one measure go out as a group: one transaction, one index item
// for the run of versions it writes on the measure. The versions stay gapless, and the
// state folded again from the table by another process is the state this one holds.
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { checkIntegrity } from '../../shared/audit/integrity';
import { commandPathFor } from '../../shared/commands/command-path';
import { executeCommand } from '../../shared/commands/execute';
import { runImport } from '../../shared/commands/run-import';
import { measureStreamId } from '../../shared/domain';
import { measureDecider } from '../../shared/domain/deciders';
import { parseEventData } from '../../shared/domain/event-log';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store';
import { keys, TIP_SK } from '../../shared/store/dynamo-items';
import { PLAN, seedFixture } from '../http/support';
import { createTestTables, type TestTables } from '../support/dynamo';

const SYSTEM = { keyId: 'system', role: 'system' as const };
const COORDINATOR = { keyId: 'coordinator-1', role: 'coordinator' as const };
const BURST = 32;
const streamId = measureStreamId(PLAN, '9.1');

function report(on: DynamoEventStore, target: { number: string; executorId: string }, id: string) {
  const at = new Date().toISOString();
  return executeCommand(
    on,
    {
      type: 'ReportExecution',
      planId: PLAN,
      number: target.number,
      reportId: id,
      executorId: target.executorId,
      period: { kind: 'day', date: '2023-07-01' },
      text: `Запись ${id}`,
      actor: COORDINATOR,
      at,
    },
    { commandId: id, fingerprint: id, recordedAt: at },
  );
}

let tables: TestTables;
let store: DynamoEventStore;

beforeAll(async () => {
  tables = await createTestTables('group-runs');
  store = new DynamoEventStore({ client: tables.client, tableName: tables.names.events });
  await runImport(store, seedFixture(), { actor: SYSTEM, at: new Date().toISOString() });
});
afterAll(() => tables.drop());

describe('a group of commands on one measure', () => {
  it('writes gapless versions, fewer index items than versions, and the same state after a reload', async () => {
    const before = await store.streamVersion(streamId);
    const sport = { number: '9.1', executorId: 'smolensk-sport-office' };
    const results = await Promise.all(Array.from({ length: BURST }, (_, i) => report(store, sport, `group-${i}`)));
    const versions = results.map((r) => r.firstVersion).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: BURST }, (_, i) => before + 1 + i));

    // The burst's versions are covered by fewer items than versions: commands went out together.
    const items = await tables.client.send(
      new QueryCommand({
        TableName: tables.names.events,
        KeyConditionExpression: 'pk = :pk AND sk > :before',
        ExpressionAttributeValues: { ':pk': { S: keys.streamPk(streamId) }, ':before': { N: String(before) } },
        ConsistentRead: true,
      }),
    );
    const runs = (items.Items ?? []).filter((item) => Number(item.sk!.N) !== TIP_SK);
    expect(runs.length).toBeLessThan(BURST);
    expect(runs.some((item) => item.first !== undefined)).toBe(true);

    // Another process (own client, nothing cached) folds the measure from the table.
    const otherClient = createDynamoClient({ endpoint: tables.endpoint });
    const other = new DynamoEventStore({ client: otherClient, tableName: tables.names.events });
    onTestFinished(() => otherClient.destroy());
    const events = await other.readStream(streamId);
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: before + BURST }, (_, i) => i + 1));
    const reloaded = events.reduce(
      (state, e) => measureDecider.evolve(state, parseEventData(e.type, e.schemaVersion, e.data)),
      measureDecider.initialState,
    );
    const cached = commandPathFor(store).cache.get(streamId);
    expect(cached?.version).toBe(before + BURST);
    expect(reloaded).toEqual(cached?.state);
    expect(reloaded?.reports.toArray().map((r) => r.reportId)).toEqual(
      expect.arrayContaining(Array.from({ length: BURST }, (_, i) => `group-${i}`)),
    );
    expect(await checkIntegrity(other.trustedItems())).toMatchObject({ ok: true });
  });

  it('packs a group up to the 100 actions a transaction holds, never past them', async () => {
    const doc = seedFixture() as {
      executors: { executorId: string; liquidation?: unknown }[];
      sections: { measures: { number: string; executors: { executorId: string }[] }[] }[];
    };
    const liquidated = new Set(doc.executors.filter((e) => e.liquidation).map((e) => e.executorId));
    const measures = doc.sections
      .flatMap((section) => section.measures)
      .flatMap((m) => {
        const executor = m.executors.find((e) => !liquidated.has(e.executorId));
        return executor ? [{ number: m.number, executorId: executor.executorId }] : [];
      });
    expect(measures.length).toBeGreaterThan(5);
    // Six entries on each measure at once, through a path that takes up to 64 commands a group:
    // what they cost, not the group's size, decides where a transaction ends.
    const targets = Array.from({ length: 6 }, () => measures).flat();
    const client = createDynamoClient({ endpoint: tables.endpoint });
    onTestFinished(() => client.destroy());
    const packed = new DynamoEventStore({ client, tableName: tables.names.events });
    commandPathFor(packed, { maxGroup: 64 });
    const sizes: number[] = [];
    onTestFinished(() => {
      client.middlewareStack.remove('transactionSizes');
    });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          sizes.push((args.input as { TransactItems: unknown[] }).TransactItems.length);
        }
        return next(args);
      },
      { step: 'initialize', name: 'transactionSizes' },
    );
    // Each measure and what its entries are decided on cached first (the steady state), so
    // the burst queues at once and the first group is cut by cost alone.
    for (const [i, target] of measures.entries()) await report(packed, target, `warm-${i}`);
    sizes.splice(0);
    const results = await Promise.all(targets.map((target, i) => report(packed, target, `packed-${i}`)));
    expect(results).toHaveLength(targets.length);
    // An entry costs its guard and log item; its measure's tip and run item once a group;
    // checks on the plan and executors once. More than 100 in all: split, each part full.
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b)).toBeGreaterThan(100);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    expect(Math.max(...sizes)).toBeGreaterThan(90);
    expect(await checkIntegrity(store.trustedItems())).toMatchObject({ ok: true });
  });
});
