// The local stand-in for the Streams trigger: polls the DynamoDB Local stream of
// the event table and wakes the projector on new records. A slow timer and the
// API's own "appended" hook also wake it; wakes never overlap.
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { Logger } from '../../shared/runtime/logger';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface LocalProjector {
  /** Ask for a catch-up soon (coalesced with any already running). */
  poke(): void;
  stop(): Promise<void>;
}

export function startLocalProjector(options: {
  client: DynamoDBClient;
  endpoint: string | undefined;
  eventsTable: string;
  /** One catch-up; `stopping` turns true when stop() is called, so that a long wake can end early. */
  wake: (stopping: () => boolean) => Promise<unknown>;
  logger: Logger;
  pollMs?: number;
  fallbackMs?: number;
}): LocalProjector {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;

  // DynamoDB Local lost (stopped, crashed): said once, retried with backoff, and said
  // again once it answers; not a warning four times a second.
  let outage: { since: number; attempts: number } | null = null;
  const failed = (what: string, error: unknown) => {
    if (outage) {
      outage.attempts++;
      return;
    }
    outage = { since: Date.now(), attempts: 1 };
    options.logger.warn(`${what} failed; retrying with backoff until DynamoDB answers`, { error });
  };
  const recovered = () => {
    if (!outage) return;
    options.logger.info('DynamoDB answers again; the projector carries on', {
      downForMs: Date.now() - outage.since,
      attempts: outage.attempts,
    });
    outage = null;
    runWake(); // whatever was appended meanwhile
  };
  const backoff = () => (outage ? Math.min(10_000, 250 * 2 ** Math.min(outage.attempts, 6)) : 0);

  const runWake = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await options.wake(() => stopped);
          recovered();
        } catch (error) {
          failed('a projector wake', error);
        }
      } while (again && !stopped && !outage);
    })().finally(() => {
      running = null;
    });
  };

  const streams = new DynamoDBStreamsClient({
    ...(options.endpoint
      ? { endpoint: options.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  const iterators = new Map<string, string>();

  async function refreshShards(): Promise<void> {
    const table = await options.client.send(new DescribeTableCommand({ TableName: options.eventsTable }));
    const arn = table.Table?.LatestStreamArn;
    if (!arn) return;
    const stream = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId) || shard.SequenceNumberRange?.EndingSequenceNumber) continue;
      const it = await streams.send(
        new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: 'LATEST' }),
      );
      if (it.ShardIterator) iterators.set(shard.ShardId, it.ShardIterator);
    }
  }

  async function pollOnce(): Promise<void> {
    if (iterators.size === 0) await refreshShards();
    for (const [shardId, iterator] of [...iterators]) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      if (out.NextShardIterator) iterators.set(shardId, out.NextShardIterator);
      else iterators.delete(shardId);
      if ((out.Records?.length ?? 0) > 0) runWake();
    }
  }

  const poller = (async () => {
    while (!stopped) {
      try {
        await pollOnce();
        recovered();
      } catch (error) {
        iterators.clear();
        failed('polling the log stream', error);
      }
      await sleep((options.pollMs ?? 250) + backoff());
    }
  })();
  const fallback = setInterval(() => {
    if (!outage) runWake();
  }, options.fallbackMs ?? 5000);
  runWake();

  return {
    poke: () => {
      if (!outage) runWake();
    },
    async stop() {
      stopped = true;
      clearInterval(fallback);
      await poller;
      await running;
      streams.destroy();
    },
  };
}
