// Brings an events table written by layout 1 (no stream tips, index items without the
// event's hash) to the layout this code writes, from the log itself. Run by `npm start`
// and the CLI on local data; a deployment has only ever had layout 2 or 3. Layout 2 is
// current as it is (layout 3 without runs of more than one version): nothing to do.
import { type DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { GENESIS_HASH } from './canonical';
import { call } from './dynamo-errors';
import { keys, OLDEST_CURRENT_LAYOUT, runItem, STORE_LAYOUT } from './dynamo-items';
import { readAllFrom } from './dynamo-reads';
import type { StreamTip } from './event-store';

export interface UpgradeReport {
  upgraded: boolean;
  streams: number;
  events: number;
}

export async function upgradeLayout(client: DynamoDBClient, table: string): Promise<UpgradeReport> {
  const out = await call(() =>
    client.send(new GetItemCommand({ TableName: table, Key: keys.head(), ConsistentRead: true })),
  );
  const position = Number(out.Item?.position?.N ?? 0);
  if (!out.Item || position === 0 || Number(out.Item.layout?.N ?? 1) >= OLDEST_CURRENT_LAYOUT) {
    return { upgraded: false, streams: 0, events: 0 };
  }
  const head = { position, hash: out.Item.hash?.S ?? GENESIS_HASH };
  const tips = new Map<string, StreamTip>();
  for (let from: number | null = 1; from !== null; ) {
    const page = await readAllFrom(client, table, head, { fromPosition: from, limit: 1000 });
    for (const event of page.events) {
      await call(() => client.send(new PutItemCommand({ TableName: table, Item: runItem([event]) })));
      tips.set(event.streamId, { version: event.version, position: event.position, hash: event.hash });
    }
    from = page.nextPosition;
  }
  for (const [streamId, tip] of tips) {
    await call(() =>
      client.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            ...keys.tip(streamId),
            version: { N: String(tip.version) },
            position: { N: String(tip.position) },
            hash: { S: tip.hash },
          },
        }),
      ),
    );
  }
  await call(() =>
    client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: keys.head(),
        UpdateExpression: 'SET #layout = :layout',
        ConditionExpression: '#position = :position',
        ExpressionAttributeNames: { '#layout': 'layout', '#position': 'position' },
        ExpressionAttributeValues: { ':layout': { N: String(STORE_LAYOUT) }, ':position': { N: String(position) } },
      }),
    ),
  );
  return { upgraded: true, streams: tips.size, events: position };
}
