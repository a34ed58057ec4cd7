// As-of reads from snapshots (`--only asof [--events N] [--every K]`): a log of N events
// (100,000 by default) on DynamoDB Local, the live views and the snapshots written, then the
// same document read live and as of a position K-1 events past a snapshot (the most replay an
// as-of read ever does), over HTTP through the app. Target: as-of ≤ 3x live.
import { performance } from 'node:perf_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { tableNames } from '../../shared/config/tables';
import { createApp } from '../../shared/http/app';
import { catchUp } from '../../shared/projections/projector';
import { silentLogger } from '../../shared/runtime/logger';
import { apiDeps, createSystem } from '../../shared/runtime/system';
import { Snapshotter } from '../../shared/snapshots/snapshotter';
import { ensureTables } from '../../shared/store/tables-admin';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { appendPlan, syntheticPlan } from '../../test/projections/support/synthetic-plan';
import { ensureCoordinatorKey } from '../lib/bootstrap';
import { countCalls, heading, percentile, record, say } from './report';

const PLAN_ID = 'big-plan';
const SECTIONS = 10;
const MEASURES_PER_SECTION = 20;

export async function asOfBenchmark(client: DynamoDBClient, options: { events: number; every: number }) {
  heading(
    `as-of reads from snapshots (${options.events.toLocaleString('en-US')} events, a snapshot every ${options.every})`,
  );
  const names = tableNames('bench-asof');
  await ensureTables(client, names);
  const system = createSystem(client, names);
  const measures = SECTIONS * MEASURES_PER_SECTION;
  const plan = {
    planId: PLAN_ID,
    sections: SECTIONS,
    measuresPerSection: MEASURES_PER_SECTION,
    entriesPerMeasure: Math.max(1, Math.floor(options.events / measures) - 1),
    executors: 40,
  };
  let started = performance.now();
  const appends = syntheticPlan(plan);
  const progress = setInterval(() => {
    void system.store.head().then((h) => say(`  appending… ${h.position.toLocaleString('en-US')} events`));
  }, 10_000);
  try {
    await appendPlan(system.store, appends, { concurrency: 8 });
  } finally {
    clearInterval(progress);
  }
  const { token } = await ensureCoordinatorKey(system.store, undefined, new Date().toISOString());
  const head = (await system.store.head()).position;
  say(
    `  log: ${head.toLocaleString('en-US')} events, appended in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );

  started = performance.now();
  const projected = await catchUp(system.store, await system.views(), ledgerProjection, {
    pageSize: 1000,
    onProgress: ({ position }) => {
      if (position % 10_000 < 90) say(`  projecting… ${position.toLocaleString('en-US')}`);
    },
  });
  if (projected.status !== 'caught-up') throw new Error(`the projector stopped: ${projected.status}`);
  say(`  live views projected in ${((performance.now() - started) / 1000).toFixed(0)} s`);

  started = performance.now();
  const snapshotter = new Snapshotter({ store: system.store, snapshots: system.snapshots, every: options.every });
  const written = await snapshotter.advance(head);
  const snapshotSeconds = (performance.now() - started) / 1000;
  record(
    'snapshotWriteEventsPerSecond',
    'snapshots written (snapshotter)',
    head / snapshotSeconds,
    'events/s',
    `${written.length} snapshots in ${snapshotSeconds.toFixed(0)} s, one pass over the log`,
  );

  const app = createApp(apiDeps(system, silentLogger));
  const counter = countCalls(client);
  const calls = async (url: string) => {
    const before = counter.calls;
    await get(url);
    return counter.calls - before;
  };
  const get = async (url: string) => {
    const start = performance.now();
    const res = await app.request(url, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return performance.now() - start;
  };
  // The most an as-of read replays: K-1 events after a snapshot.
  const lastSnapshot = written.at(-2)?.position ?? 0;
  const position = Math.min(head, lastSnapshot + options.every - 1);
  const measure = `/v1/plans/${PLAN_ID}/measures/${SECTIONS}.${MEASURES_PER_SECTION}`;
  const report = `/v1/plans/${PLAN_ID}/reports/2023?format=json`;
  for (const [key, label, url, runs, cold] of [
    ['asOfMeasureRatio', 'GET a measure, cold blob cache', measure, 15, true],
    ['asOfMeasureWarmRatio', 'GET a measure, warm blob cache', measure, 15, false],
    ['asOfReportRatio', 'the report model (JSON), cold blob cache', report, 3, true],
  ] as const) {
    const live: number[] = [];
    const asOf: number[] = [];
    const asOfUrl = `${url}${url.includes('?') ? '&' : '?'}asOfPosition=${position}`;
    await get(url);
    await get(asOfUrl);
    for (let i = 0; i < runs; i++) {
      live.push(await get(url));
      // Cold: every snapshot blob fetched from DynamoDB, as in a fresh Lambda container.
      if (cold) system.snapshots.clearCache();
      asOf.push(await get(asOfUrl));
    }
    const [l, a] = [percentile(live, 50), percentile(asOf, 50)];
    record(
      key,
      `as-of ÷ live, ${label}, p50`,
      a / l,
      'x',
      `${a.toFixed(0)} ms ÷ ${l.toFixed(0)} ms at position ${position} (${position - lastSnapshot} events past a snapshot); target ≤ 3x`,
    );
  }
  // What a cold as-of read costs in requests to DynamoDB, beside the live read's.
  const asOfMeasure = `${measure}?asOfPosition=${position}`;
  const live = await calls(measure);
  system.snapshots.clearCache();
  record(
    'asOfMeasureColdCalls',
    'DynamoDB calls, as-of GET of a measure, cold blob cache',
    await calls(asOfMeasure),
    '',
    `the live read: ${live}; a BatchGetItem counts once`,
  );
  counter.detach();
  // Without snapshots, for scale: one as-of read of the measure replaying from position 1.
  const replayOnly = createApp(apiDeps(system, silentLogger, { snapshots: undefined as never }));
  const start = performance.now();
  const res = await replayOnly.request(`${measure}?asOfPosition=${position}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer();
  record(
    'asOfMeasureFullReplayMs',
    'GET a measure as of, replaying from position 1',
    performance.now() - start,
    'ms',
    'the same read without snapshots',
  );
}
