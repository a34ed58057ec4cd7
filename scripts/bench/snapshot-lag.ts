// A measurement, not a test: `npx tsx scripts/bench/snapshot-lag.ts [--entries 20000] [--writes 20]`.
// One measure with N entries on DynamoDB Local (its own, in memory), the views projected and
// no snapshot written: the snapshotter is N/25 snapshots behind, as after an agency's flood.
// Then the local projector runs as `npm start` runs it (stream poller, 5 s fallback, the
// API's poke) and one entry is written every 0.5 s: how long until the views hold it, how far
// the snapshots got meanwhile, how long until they caught up, and how long stop() (Ctrl-C) takes.
import { performance } from 'node:perf_hooks';
import { tableNames } from '../../shared/config/tables';
import { EVENT_SCHEMA_VERSIONS, measureStreamId } from '../../shared/domain';
import { catchUp } from '../../shared/projections/projector';
import { advanceTree } from '../../shared/projections/tree-follower';
import { wake } from '../../shared/projections/wake';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { silentLogger } from '../../shared/runtime/logger';
import { createSystem } from '../../shared/runtime/system';
import { Snapshotter } from '../../shared/snapshots/snapshotter';
import { ensureTables } from '../../shared/store/tables-admin';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { appendPlan, syntheticPlan } from '../../test/projections/support/synthetic-plan';
import { startDynamoLocal } from '../lib/dynamo-local';
import { startLocalProjector } from '../lib/local-projector';
import { percentile, say } from './report';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const ENTRIES = arg('--entries', 20_000);
const WRITES = arg('--writes', 20);
const PLAN_ID = 'big-plan';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function main() {
  say(`Starting DynamoDB Local… (one measure, ${ENTRIES.toLocaleString('en-US')} entries)`);
  const dynamo = await startDynamoLocal();
  const client = createDynamoClient({ endpoint: dynamo.endpoint });
  try {
    const names = tableNames('bench-snaplag');
    await ensureTables(client, names);
    const system = createSystem(client, names);
    let started = performance.now();
    await appendPlan(
      system.store,
      syntheticPlan({ planId: PLAN_ID, sections: 1, measuresPerSection: 1, entriesPerMeasure: ENTRIES, executors: 2 }),
    );
    const head = (await system.store.head()).position;
    say(`  log: ${head} events in ${seconds(started)}`);
    started = performance.now();
    const projected = await catchUp(system.store, await system.views(), ledgerProjection, { pageSize: 1000 });
    if (projected.status !== 'caught-up') throw new Error('the projector stopped');
    // The tree follows the views as it would have during the flood; the snapshots have not.
    await advanceTree(system.tree, system.store, head);
    say(`  views projected in ${seconds(started)}; snapshots due: ${Math.floor(head / 25)}, written: 0`);

    const snapshotter = new Snapshotter({ store: system.store, snapshots: system.snapshots });
    const projector = startLocalProjector({
      client,
      endpoint: dynamo.endpoint,
      eventsTable: names.events,
      logger: silentLogger,
      wake: (stopping) =>
        wake({
          store: system.store,
          views: () => system.views(),
          projection: ledgerProjection,
          logger: silentLogger,
          tree: system.tree,
          snapshotter,
          stopping,
        }),
    });
    const snapshotAt = async () =>
      (await system.snapshots.latest({ atOrBefore: Number.MAX_SAFE_INTEGER }))?.position ?? 0;
    const views = await system.views();
    const lags: number[] = [];
    started = performance.now();
    for (let i = 0; i < WRITES; i++) {
      const { lastPosition: position } = await system.store.append(
        measureStreamId(PLAN_ID, '1.1'),
        [
          {
            type: 'ExecutionReported',
            schemaVersion: EVENT_SCHEMA_VERSIONS.ExecutionReported,
            data: {
              planId: PLAN_ID,
              number: '1.1',
              reportId: `r-late-${i}`,
              executorId: 'exec-000',
              period: { kind: 'day', date: '2023-06-01' },
              text: `Новая запись ${i}`,
            },
          },
        ],
        {
          expectedVersion: 'any',
          commandId: `late-${i}`,
          actor: { keyId: 'system', role: 'system' },
          recordedAt: new Date().toISOString(),
        },
      );
      projector.poke(); // as the API's onAppended does
      const start = performance.now();
      while ((await views.checkpoint()).position < position) await sleep(5);
      lags.push(performance.now() - start);
      await sleep(500);
    }
    say(
      `  write → views while the snapshots are behind: p50 ${percentile(lags, 50).toFixed(0)} ms, ` +
        `p95 ${percentile(lags, 95).toFixed(0)} ms, max ${Math.max(...lags).toFixed(0)} ms (${WRITES} writes over ${seconds(started)})`,
    );
    const last = (await system.store.head()).position;
    say(`  snapshots meanwhile: up to position ${await snapshotAt()} of ${last}`);
    // Ctrl-C while the snapshotter is still behind (when it is): right after it wrote one more.
    let stopMs = performance.now();
    if ((await snapshotAt()) + 25 <= last) {
      const at = await snapshotAt();
      while ((await snapshotAt()) === at) await sleep(2);
      stopMs = performance.now();
      await projector.stop();
      say(`  stop() (Ctrl-C) while snapshots were being written: ${seconds(stopMs)}`);
      const resumed = startLocalProjector({
        client,
        endpoint: dynamo.endpoint,
        eventsTable: names.events,
        logger: silentLogger,
        wake: (stopping) =>
          wake({
            store: system.store,
            views: () => system.views(),
            projection: ledgerProjection,
            logger: silentLogger,
            snapshotter,
            stopping,
          }),
      });
      const catching = performance.now();
      while ((await snapshotAt()) + 25 <= last && performance.now() - catching < 20 * 60_000) await sleep(1_000);
      say(`  snapshots caught up to ${await snapshotAt()} ${seconds(catching)} later (idle wakes: 5 s fallback timer)`);
      await resumed.stop();
    } else {
      await projector.stop();
      say(`  snapshots caught up during the writes; stop(): ${seconds(stopMs)}`);
    }
    say(
      `  snapshotter: ${snapshotter.documentsRechunked.toLocaleString('en-US')} documents cut again in all (${(snapshotter.documentsRechunked / ENTRIES).toFixed(1)} per entry)`,
    );
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
