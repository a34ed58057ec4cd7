// Brings an events table written by layout 1 (no stream tips, index items without the
// event's hash) to the layout this code writes, from the log itself. Run by `npm start`
// and the CLI on local data; a deployment has only ever had layout 2 or 3. Layout 2 is
// current as it is (layout 3 without runs of more than one version): nothing to do.
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GENESIS_HASH } from './canonical';
import { call } from './dynamo-errors';
import { keys, OLDEST_CURRENT_LAYOUT, parseIndexItem, runItem, STORE_LAYOUT } from './dynamo-items';
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

export interface DowngradeReport {
  downgraded: boolean;
  /** Index items of more than one version, each split into one item per version. */
  runs: number;
  versions: number;
  /** Index items that did not have the stored shape: left as they are (verification names them). */
  malformed: number;
}

/**
 * Takes an events table written by layout 3 back to layout 2, for a rollback to code of
 * layout 2 (which refuses a table whose head says 3, and reads only the last version of a
 * run). Every index item covering a run of versions becomes one item per version, its last
 * version's item overwriting the run's own (same key), and the head then says 2. Nothing is
 * deleted; run it again after an interruption. Run it once the functions that write runs are
 * gone: a layout-3 commit afterwards writes runs and says 3 again.
 */
export async function downgradeLayout(client: DynamoDBClient, table: string): Promise<DowngradeReport> {
  const report: DowngradeReport = { downgraded: false, runs: 0, versions: 0, malformed: 0 };
  const head = await call(() =>
    client.send(new GetItemCommand({ TableName: table, Key: keys.head(), ConsistentRead: true })),
  );
  // A head saying 2 is scanned too: code of layout 2 that had the head cached may have
  // written it back to 2 over runs that are still there.
  if (!head.Item || Number(head.Item.layout?.N ?? 1) < 2) return report;
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await call(() =>
      client.send(
        new ScanCommand({
          TableName: table,
          ConsistentRead: true,
          FilterExpression: 'begins_with(pk, :stream) AND attribute_exists(#first)',
          ProjectionExpression: 'pk, sk, #position, #hash, #first, #positions, #hashes',
          ExpressionAttributeNames: {
            '#position': 'position',
            '#hash': 'hash',
            '#first': 'first',
            '#positions': 'positions',
            '#hashes': 'hashes',
          },
          ExpressionAttributeValues: { ':stream': { S: 'stream#' } },
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    for (const item of page.Items ?? []) {
      const run = parseIndexItem(item);
      if ('problem' in run) {
        report.malformed++;
        continue;
      }
      // In version order, the earlier versions first: until the run's own item is
      // overwritten, a reader of layout 2 sees each version once (it reads the run as its
      // last version only). A run's entries always have their hashes.
      const streamId = item.pk!.S!.slice('stream#'.length);
      for (const entry of run.entries) {
        const single = runItem([{ streamId, version: entry.version, position: entry.position, hash: entry.hash! }]);
        await call(() => client.send(new PutItemCommand({ TableName: table, Item: single })));
        report.versions++;
      }
      report.runs++;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  await call(() =>
    client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: keys.head(),
        UpdateExpression: 'SET #layout = :two',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#layout': 'layout' },
        ExpressionAttributeValues: { ':two': { N: '2' } },
      }),
    ),
  );
  report.downgraded = report.runs > 0 || Number(head.Item.layout?.N) === 3;
  return report;
}
