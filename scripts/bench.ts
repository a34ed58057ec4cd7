// `npm run bench [-- --json <file>]`: speed of the event store, the projector, a
// rebuild and an in-memory replay, against a DynamoDB Local of its own (in memory, on
// a free port) that is always stopped at the end, on failure and on Ctrl-C.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runImport } from '../shared/commands/run-import';
import { tableNames } from '../shared/config/tables';
import { createApp } from '../shared/http/app';
import { DynamoViewStore } from '../shared/projections/dynamo-view-store';
import { catchUp } from '../shared/projections/projector';
import { rebuildViews } from '../shared/projections/rebuild';
import { wake } from '../shared/projections/wake';
import { createDynamoClient } from '../shared/runtime/dynamo';
import { silentLogger } from '../shared/runtime/logger';
import { apiDeps, createSystem } from '../shared/runtime/system';
import { DynamoEventStore } from '../shared/store/dynamo-event-store';
import { type EventEnvelope, iterateAll } from '../shared/store/event-store';
import { MemoryEventStore } from '../shared/store/memory-event-store';
import { ensureTables } from '../shared/store/tables-admin';
import { ledgerProjection } from '../shared/views/ledger-projection';
import { replayViews } from '../shared/views/replay';
import { appendPlan, syntheticPlan } from '../test/projections/support/synthetic-plan';
import { ensureCoordinatorKey } from './lib/bootstrap';
import { type DynamoLocal, startDynamoLocal } from './lib/dynamo-local';
import { startLocalProjector } from './lib/local-projector';
import { loadSeedFixture } from './lib/seed';

const SEQUENTIAL_APPENDS = 300;
const WRITERS = 16;
const APPENDS_PER_WRITER = 20;
/** 4 sections × 25 measures × 30 entries: about 3,100 events. */
const PLAN = { sections: 4, measuresPerSection: 25, entriesPerMeasure: 30, executors: 40 };

type Row = { what: string; value: string; detail: string };
const rows: Row[] = [];
const results: Record<string, number> = {};
const say = (line: string) => process.stdout.write(`${line}\n`);

function record(key: string, what: string, value: number, unit: string, detail = '') {
  results[key] = Math.round(value * 10) / 10;
  rows.push({
    what,
    value: `${value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1)} ${unit}`,
    detail,
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function timed<T>(body: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await body();
  return { ms: performance.now() - start, value };
}

const note = (n: number) => ({
  type: 'Noted',
  schemaVersion: 1,
  data: { n, text: `запись ${n}: проведено совещание рабочей группы` },
});
const options = (commandId: string) => ({
  expectedVersion: 'any' as const,
  commandId,
  actor: { keyId: 'bench', role: 'system' },
  recordedAt: '2026-05-01T10:00:00.000Z',
});

async function appendBenchmarks(store: DynamoEventStore) {
  const latencies: number[] = [];
  const sequential = await timed(async () => {
    for (let i = 0; i < SEQUENTIAL_APPENDS; i++) {
      const start = performance.now();
      await store.append(`bench-seq-${i % 25}`, [note(i)], options(`seq-${i}`));
      latencies.push(performance.now() - start);
    }
  });
  latencies.sort((a, b) => a - b);
  record(
    'sequentialAppendP50Ms',
    'sequential append, p50',
    percentile(latencies, 50),
    'ms',
    `${SEQUENTIAL_APPENDS} single-event appends`,
  );
  record('sequentialAppendP95Ms', 'sequential append, p95', percentile(latencies, 95), 'ms');
  record(
    'sequentialAppendsPerSecond',
    'sequential append throughput',
    (SEQUENTIAL_APPENDS * 1000) / sequential.ms,
    'appends/s',
  );

  const contendedLatencies: number[] = [];
  const contended = await timed(() =>
    Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        for (let i = 0; i < APPENDS_PER_WRITER; i++) {
          const start = performance.now();
          await store.append(`bench-writer-${writer}`, [note(i)], options(`w${writer}-${i}`));
          contendedLatencies.push(performance.now() - start);
        }
      }),
    ),
  );
  contendedLatencies.sort((a, b) => a - b);
  const total = WRITERS * APPENDS_PER_WRITER;
  record(
    'contendedAppendsPerSecond',
    `contended append throughput (${WRITERS} writers)`,
    (total * 1000) / contended.ms,
    'appends/s',
    `${total} appends, one head item`,
  );
  record(
    'contendedAppendP95Ms',
    'contended append, p95',
    percentile(contendedLatencies, 95),
    'ms',
    'retries on the head included',
  );
}

async function projectionBenchmarks(
  client: ReturnType<typeof createDynamoClient>,
  names: ReturnType<typeof tableNames>,
) {
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
async function lagBenchmark(client: ReturnType<typeof createDynamoClient>, endpoint: string) {
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

function printTable() {
  const width = (key: keyof Row) => Math.max(...rows.map((r) => r[key].length));
  const [w1, w2] = [width('what'), width('value')];
  say('');
  for (const row of rows) say(`  ${row.what.padEnd(w1)}  ${row.value.padStart(w2)}  ${row.detail}`);
}

async function main() {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf('--json');
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  if (jsonAt >= 0 && !jsonFile) throw new Error('--json needs a file name');
  const started = performance.now();
  say('Starting DynamoDB Local (in memory, free port)…');
  let dynamo: DynamoLocal | null = null;
  const stopOnSignal = () => {
    void (dynamo?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    dynamo = await startDynamoLocal();
    const client = createDynamoClient({ endpoint: dynamo.endpoint });
    try {
      const appendTables = tableNames('bench-append');
      const planTables = tableNames('bench-plan');
      await ensureTables(client, appendTables);
      await ensureTables(client, planTables);
      say('Appending…');
      await appendBenchmarks(new DynamoEventStore({ client, tableName: appendTables.events }));
      say('Projecting, rebuilding, replaying…');
      await projectionBenchmarks(client, planTables);
      say('Measuring the lag from a write to the views…');
      await lagBenchmark(client, dynamo.endpoint);
    } finally {
      client.destroy();
    }
  } finally {
    await dynamo?.stop();
    process.removeListener('SIGINT', stopOnSignal);
    process.removeListener('SIGTERM', stopOnSignal);
  }
  record(
    'peakRssMb',
    'peak RSS (this process)',
    process.resourceUsage().maxRSS / 1024,
    'MB',
    'DynamoDB Local runs in its own JVM',
  );
  printTable();
  say(
    `\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s. DynamoDB Local is a stand-in: compare runs with each other, not with AWS.`,
  );
  if (jsonFile) {
    fs.writeFileSync(
      jsonFile,
      `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
    );
    say(`Wrote ${jsonFile}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
