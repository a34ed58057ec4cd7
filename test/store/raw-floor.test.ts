// The bench's raw floor (`rawCommit`) must be the very transaction a commit writes: the
// same actions, in the same order, with the same conditions and item attributes.
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it, onTestFinished } from 'vitest';
import { rawCommit } from '../../scripts/bench/write-path';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store';
import type { PendingAppend } from '../../shared/store/event-store';
import { createTestTables } from '../support/dynamo';

const COUNT = 31;
const CHECKED = ['plan-p', 'executor-e', 'apikey-k'];

/** What a transaction does, without its values: operation, item kind, attributes, condition. */
function shape(actions: TransactWriteItem[]) {
  return actions.map((action) => {
    const op = action.Put ?? action.ConditionCheck;
    const key = action.Put?.Item ?? action.ConditionCheck?.Key ?? {};
    return {
      op: action.Put ? 'Put' : action.ConditionCheck ? 'ConditionCheck' : 'other',
      kind: String(key.pk?.S).split('#')[0]!.replace(/^raw/, ''),
      attributes: Object.keys(action.Put?.Item ?? {}).sort(),
      condition: op?.ConditionExpression,
      returns: op?.ReturnValuesOnConditionCheckFailure,
    };
  });
}

describe("the bench's raw floor", () => {
  it(`is the transaction the store sends for ${COUNT} entries on one stream, run index item included`, async () => {
    const tables = await createTestTables('raw-floor');
    onTestFinished(() => tables.drop());
    const sent: TransactWriteItem[][] = [];
    tables.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          sent.push((args.input as { TransactItems: TransactWriteItem[] }).TransactItems);
        }
        return next(args);
      },
      { step: 'initialize', name: 'rawFloorTest' },
    );
    const store = new DynamoEventStore({ client: tables.client, tableName: tables.names.events });
    const appends: PendingAppend[] = Array.from({ length: COUNT }, (_, i) => ({
      streamId: 'measure-m',
      expectedVersion: i,
      events: [{ type: 'ExecutionReported', schemaVersion: 2, data: { text: `entry ${i}` } }],
      commandId: `c-${i}`,
      fingerprint: 'f'.repeat(64),
      actor: { keyId: 'bench', role: 'coordinator' },
      recordedAt: '2026-01-01T00:00:00.000Z',
      conditions: CHECKED.map((streamId) => ({ streamId, version: 0 })),
    }));
    const outcomes = await store.commit(appends);
    expect(outcomes.every((o) => o.status === 'written')).toBe(true);
    expect(sent).toHaveLength(1);

    const raw = rawCommit(
      tables.names.events,
      'x',
      0,
      COUNT,
      CHECKED.map((streamId) => ({ streamId, version: 0 })),
    );
    expect(raw).toHaveLength(1 + 1 + CHECKED.length + COUNT + 1 + COUNT);
    expect(shape(raw)).toEqual(shape(sent[0]!));
    // And DynamoDB takes it, after it a commit of one.
    await tables.client.send(new TransactWriteItemsCommand({ TransactItems: raw }));
    await tables.client.send(
      new TransactWriteItemsCommand({
        TransactItems: rawCommit(
          tables.names.events,
          'x',
          COUNT,
          1,
          CHECKED.map((streamId) => ({ streamId, version: 0 })),
        ),
      }),
    );
  });
});
