// The projector and the views: catch-up, a full rebuild, replays into memory, and the
// lag from a write to the views with the local projector as npm start runs it.
import { performance } from 'node:perf_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { runImport } from '../../shared/commands/run-import';
import { tableNames } from '../../shared/config/tables';
import { createApp } from '../../shared/http/app';
import { DynamoViewStore } from '../../shared/projections/dynamo-view-store';
import { catchUp } from '../../shared/projections/projector';
import { rebuildViews } from '../../shared/projections/rebuild';
import { wake } from '../../shared/projections/wake';
import { silentLogger } from '../../shared/runtime/logger';
import { apiDeps, createSystem } from '../../shared/runtime/system';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store';
import { type EventEnvelope, iterateAll } from '../../shared/store/event-store';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { ensureTables } from '../../shared/store/tables-admin';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { replayViews } from '../../shared/views/replay';
import { appendPlan, syntheticPlan } from '../../test/projections/support/synthetic-plan';
import { ensureCoordinatorKey } from '../lib/bootstrap';
import { startLocalProjector } from '../lib/local-projector';
import { loadSeedFixture } from '../lib/seed';
import { heading, percentile, record, say, timed } from './report';

/** 4 sections × 25 measures × 30 entries: about 3,100 events. */
const PLAN = { sections: 4, measuresPerSection: 25, entriesPerMeasure: 30, executors: 40 };

export async function projectionBenchmarks(client: DynamoDBClient) {
  heading('projector and views');
  const names = tableNames('bench-plan');
  await ensureTables(client, names);
  const store = new DynamoEventStore({ client, tableName: names.events });
  const build = await timed(() => appendPlan(store, syntheticPlan(PLAN)));
  const head = await store.head();
  say(
    `  log: ${head.position.toLocaleString('en-US')} events (${PLAN.sections * PLAN.measuresPerSection} measures × ${PLAN.entriesPerMeasure} entries), appended in ${(build.ms / 1000).toFixed(1)} s`,
  );

  const projected = await timed(() => catchUp(store, new DynamoViewStore(client, names.views, 1), ledgerProjection));
  if (projected.value.status !== 'caught-up') throw new Error(`the projector stopped: ${projected.value.status}`);
  record(
    'projectorEventsPerSecond',
    'projector catch-up',
    (projected.value.applied * 1000) / projected.ms,
    'events/s',
    `${projected.value.applied} events into the DynamoDB views`,
  );

  const rebuilt = await rebuildViews({ store, client, table: names.views, projection: ledgerProjection });
  record(
    'rebuildEventsPerSecond',
    'full rebuild, replay',
    rebuilt.eventsPerSecond,
    'events/s',
    `${rebuilt.applied} events into a new generation, then the switch`,
  );
  record(
    'rebuildTotalSeconds',
    'full rebuild, start to finish',
    rebuilt.elapsedMs / 1000,
    's',
    `with ${rebuilt.deletedItems ?? 0} items of the old generation deleted`,
  );

  const replayed = await timed(() => replayViews(store, {}));
  record(
    'replayFromDynamoEventsPerSecond',
    'replay into memory (log in DynamoDB)',
    (replayed.value.position * 1000) / replayed.ms,
    'events/s',
    'as-of reads, publication (cold)',
  );
  const log: EventEnvelope[] = [];
  for await (const event of iterateAll(store)) log.push(event);
  const memory = MemoryEventStore.fromLog(log);
  const inMemory = await timed(() => replayViews(memory, {}));
  record(
    'replayFromMemoryEventsPerSecond',
    'replay into memory (log in memory)',
    (inMemory.value.position * 1000) / inMemory.ms,
    'events/s',
    'offline replay of an export',
  );
}

/** From a write's 201 to the views showing it, with the local projector as npm start runs it. */
export async function lagBenchmark(client: DynamoDBClient, endpoint: string) {
  const names = tableNames('bench-lag');
  await ensureTables(client, names);
  const system = createSystem(client, names);
  const at = new Date().toISOString();
  await runImport(system.store, loadSeedFixture(), { actor: { keyId: 'system', role: 'system' }, at });
  const { token } = await ensureCoordinatorKey(system.store, undefined, at);
  const projector = startLocalProjector({
    client,
    endpoint,
    eventsTable: names.events,
    logger: silentLogger,
    wake: () =>
      wake({ store: system.store, views: () => system.views(), projection: ledgerProjection, logger: silentLogger }),
  });
  const app = createApp(apiDeps(system, silentLogger, { onAppended: () => projector.poke() }));
  const lags: number[] = [];
  try {
    for (let i = 0; i < 50; i++) {
      const res = await app.request('/v1/plans/spb-smolensk-2021-2023/measures/9.1/executions', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          executorId: 'smolensk-sport-office',
          period: { kind: 'day', date: '2023-06-01' },
          text: `Соревнования ${i}`,
        }),
      });
      const { position } = (await res.json()) as { position: number };
      const start = performance.now();
      const views = await system.views();
      while ((await views.checkpoint()).position < position) await new Promise((r) => setTimeout(r, 2));
      lags.push(performance.now() - start);
    }
  } finally {
    await projector.stop();
  }
  lags.sort((a, b) => a - b);
  record(
    'writeToViewLagP50Ms',
    'write → view lag, p50',
    percentile(lags, 50),
    'ms',
    '50 writes through the API, local projector',
  );
  record('writeToViewLagP95Ms', 'write → view lag, p95', percentile(lags, 95), 'ms');
}
