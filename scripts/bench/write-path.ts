// The write path against its floor, in one run on one DynamoDB Local: a raw
// TransactWriteItems of the very items an entry's commit writes, the store's append,
// and entries posted over HTTP (sequential, 16 writers across measures, a burst of 32
// on one measure, 1, 2 and 4 API processes), with the DynamoDB calls each write costs.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { type DynamoDBClient, type TransactWriteItem, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { runImport } from '../../shared/commands/run-import';
import { tableNames } from '../../shared/config/tables';
import { apiKeyStreamId, executorStreamId, planStreamId } from '../../shared/domain';
import { createApp } from '../../shared/http/app';
import { silentLogger } from '../../shared/runtime/logger';
import { apiDeps, createSystem } from '../../shared/runtime/system';
import { GENESIS_HASH } from '../../shared/store/canonical';
import { guardItem, keys, logItem, runItem, STORE_LAYOUT } from '../../shared/store/dynamo-items';
import type { EventEnvelope } from '../../shared/store/event-store';
import { ensureTables } from '../../shared/store/tables-admin';
import { startApiProcess } from '../lib/api-process';
import { ensureCoordinatorKey } from '../lib/bootstrap';
import { loadSeedFixture } from '../lib/seed';
import { countCalls, heading, percentile, record, say, timed } from './report';

const PLAN = 'spb-smolensk-2021-2023';
const SEQUENTIAL = 200;
const WRITERS = 16;
const PER_WRITER = 20;
const BURST = 32;
const BURST_ROUNDS = 5;
const TEXT =
  'В рамках мероприятия проведено совещание рабочей группы, подведены итоги, намечены планы на следующий год.';

interface Target {
  number: string;
  executorId: string;
}

/** Each measure of the seed with a live executor responsible for it. */
export function targets(): Target[] {
  const doc = loadSeedFixture() as {
    executors: { executorId: string; liquidation?: unknown }[];
    sections: { measures: { number: string; executors: { executorId: string }[] }[] }[];
  };
  const liquidated = new Set(doc.executors.filter((e) => e.liquidation).map((e) => e.executorId));
  return doc.sections.flatMap((s) =>
    s.measures.map((m) => ({
      number: m.number,
      executorId: m.executors.find((e) => !liquidated.has(e.executorId))!.executorId,
    })),
  );
}

/** A stream the raw transactions check, at the version its tip holds. */
export interface RawCheck {
  streamId: string;
  version: number;
}

/**
 * The transaction a commit of `count` entries on one stream writes, as raw items with the
 * same operations and conditions as the store's: the head moved from `from` (a Put
 * conditioned on its position), the stream's tip moved from version `from` (a Put
 * conditioned on its version), a version check on each stream the decision read (plan,
 * executor, key), per entry its command guard and log item, and one stream index item
 * for the run of versions the commit writes. Each `key` is a head and a stream of its own.
 */
export function rawCommit(table: string, key: string, from: number, count: number, checks: RawCheck[]) {
  const streamId = `raw-${key}`;
  const head = { pk: { S: `rawhead#${key}` }, sk: { N: '0' } };
  const to = from + count;
  const versionIs = (version: number) =>
    version === 0
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': { N: String(version) } },
        };
  const shared: TransactWriteItem[] = [
    {
      Put: {
        TableName: table,
        Item: { ...head, position: { N: String(to) }, hash: { S: GENESIS_HASH }, layout: { N: String(STORE_LAYOUT) } },
        ...(from === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#position = :current',
              ExpressionAttributeNames: { '#position': 'position' },
              ExpressionAttributeValues: { ':current': { N: String(from) } },
            }),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    {
      Put: {
        TableName: table,
        Item: {
          ...keys.tip(streamId),
          version: { N: String(to) },
          position: { N: String(to) },
          hash: { S: GENESIS_HASH },
        },
        ...versionIs(from),
      },
    },
    ...checks.map((check) => ({
      ConditionCheck: { TableName: table, Key: keys.tip(check.streamId), ...versionIs(check.version) },
    })),
  ];
  const events = Array.from({ length: count }, (_, k): EventEnvelope => {
    const n = from + k;
    return {
      eventId: randomUUID(),
      streamId,
      version: n + 1,
      position: n + 1,
      type: 'ExecutionReported',
      schemaVersion: 2,
      data: {
        planId: PLAN,
        number: '9.1',
        reportId: randomUUID(),
        executorId: 'x',
        period: { kind: 'day', date: '2023-07-01' },
        text: TEXT,
      },
      metadata: {
        actor: { keyId: 'bench', role: 'coordinator' },
        commandId: `raw-${key}-${n}`,
        correlationId: null,
        causationId: null,
      },
      recordedAt: new Date().toISOString(),
      prevHash: GENESIS_HASH,
      hash: GENESIS_HASH,
    };
  });
  const guards = events.map(
    (event): TransactWriteItem => ({
      Put: {
        TableName: table,
        Item: guardItem(event.metadata.commandId, 'f'.repeat(64), {
          commandId: event.metadata.commandId,
          streamId,
          firstVersion: event.version,
          lastVersion: event.version,
          firstPosition: event.position,
          lastPosition: event.position,
          eventIds: [event.eventId],
          recordedAt: event.recordedAt,
          duplicate: false,
        }),
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    }),
  );
  const logs = events.map(
    (event): TransactWriteItem => ({
      Put: {
        TableName: table,
        Item: { ...logItem(event), pk: { S: `rawlog#${key}` } },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }),
  );
  // In the store's order: guards, the stream's run index item, then the log items.
  const run: TransactWriteItem = {
    Put: { TableName: table, Item: runItem(events), ConditionExpression: 'attribute_not_exists(pk)' },
  };
  return [...shared, ...guards, run, ...logs];
}

// The client: node:http with keep-alive, as a load generator would be. It runs in this
// process beside the server, so its own cost is counted in every figure; fetch (undici)
// cost about 2 ms more per request on the 2-core machine, which is the client's, not the API's.
let agent = new http.Agent({ keepAlive: true });
/** Closes the client's idle connections (a server closing waits for them otherwise). */
function closeConnections() {
  agent.destroy();
  agent = new http.Agent({ keepAlive: true });
}

// Spread over the plan's three years: one executor's live entries on a measure take at most
// 500 a year (its share of the year budget), and the bench posts more than that to one measure.
function post(url: string, token: string, target: Target, i: number, tag: string) {
  const start = performance.now();
  const body = JSON.stringify({
    executorId: target.executorId,
    period: { kind: 'day', date: `${2021 + (i % 3)}-07-01` },
    text: `${TEXT} (${tag} ${i})`,
  });
  const { hostname, port } = new URL(url);
  return new Promise<{ ms: number; status: number }>((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: hostname,
        port,
        method: 'POST',
        path: `/v1/plans/${PLAN}/measures/${target.number}/executions`,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'idempotency-key': `${tag}-${i}`,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ ms: performance.now() - start, status: response.statusCode ?? 0 }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export async function writePathBenchmarks(client: DynamoDBClient, endpoint: string, dynamoPid: number | null) {
  const names = tableNames('bench-write');
  await ensureTables(client, names);
  const system = createSystem(client, names);
  const at = new Date().toISOString();
  await runImport(system.store, loadSeedFixture(), { actor: { keyId: 'system', role: 'system' }, at });
  const { token, keyId } = await ensureCoordinatorKey(system.store, undefined, at);
  if (!token) throw new Error('the bench needs a fresh coordinator key');
  const counter = countCalls(client);
  const measures = targets();
  const checkIds = [planStreamId(PLAN), executorStreamId('smolensk-sport-office'), apiKeyStreamId(keyId)];
  // Checked at the versions their tips hold, as a decision's conditions are (nothing writes them during the bench).
  const tips = await system.store.streamTips(checkIds);
  const checks = checkIds.map((streamId) => ({ streamId, version: tips.get(streamId)!.version }));

  heading('write path (DynamoDB Local)');
  const app = createApp(apiDeps(system, silentLogger));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // The floor of "over HTTP": a bare Hono route that parses the body and runs the same raw transaction.
  const bare = new Hono();
  let bareCount = 0;
  bare.post('/v1/plans/:plan/measures/:number/executions', async (c) => {
    await c.req.json();
    const i = bareCount++;
    await client.send(new TransactWriteItemsCommand({ TransactItems: rawCommit(names.events, 'bare', i, 1, checks) }));
    return c.json({ ok: true }, 201);
  });
  const bareServer = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => bareServer.once('listening', resolve));
  const bareAddress = bareServer.address();
  const bareUrl = `http://127.0.0.1:${typeof bareAddress === 'object' && bareAddress ? bareAddress.port : 0}`;
  // The floor of a burst over HTTP: the bare route with group commit and nothing else (no
  // auth, no decision, no guard lookups): whatever waits while a transaction is in flight
  // goes out together in the next, as the path groups. What the path adds to a burst is
  // its p95 over this one's.
  const grouped = new Hono();
  const groupCommit = bareGroupCommit(client, names.events, checks);
  grouped.post('/v1/plans/:plan/measures/:number/executions', async (c) => {
    await c.req.json();
    await groupCommit();
    return c.json({ ok: true }, 201);
  });
  const groupedServer = serve({ fetch: grouped.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => groupedServer.once('listening', resolve));
  const groupedAddress = groupedServer.address();
  const groupedUrl = `http://127.0.0.1:${typeof groupedAddress === 'object' && groupedAddress ? groupedAddress.port : 0}`;
  const rawOnce = async (i: number, key: string) => {
    const start = performance.now();
    await client.send(new TransactWriteItemsCommand({ TransactItems: rawCommit(names.events, key, i, 1, checks) }));
    return performance.now() - start;
  };
  const storeOnce = async (i: number) => {
    const start = performance.now();
    await system.store.append(`bench-store-${i}`, [{ type: 'Noted', schemaVersion: 1, data: { text: TEXT } }], {
      expectedVersion: 'no-stream',
      commandId: `bench-store-${i}`,
      actor: { keyId: 'bench', role: 'system' },
      recordedAt: new Date().toISOString(),
    });
    return performance.now() - start;
  };
  try {
    // Warm DynamoDB Local's JIT and this process's caches before anything is timed.
    for (let i = 0; i < 100; i++) await rawOnce(i, 'warm');
    for (let i = 0; i < 100; i++) await post(bareUrl, token, measures[0]!, i, 'warm');
    for (let i = 0; i < 20; i++) await post(groupedUrl, token, measures[0]!, i, 'warm');
    for (const [i, target] of measures.entries()) await post(url, token, target, i, 'warm');
    // In turns, so the floor and the path see the same machine at the same moment.
    const pairs: { raw: number; store: number; http: number; bare: number }[] = [];
    counter.calls = 0;
    let httpCalls = 0;
    for (let i = 0; i < SEQUENTIAL; i++) {
      const raw = await rawOnce(i, 'seq');
      const store = await storeOnce(i);
      const before = counter.calls;
      const http = (await post(url, token, measures[i % measures.length]!, i, 'seq')).ms;
      httpCalls += counter.calls - before;
      const bareMs = (await post(bareUrl, token, measures[0]!, i, 'seq')).ms;
      pairs.push({ raw, store, http, bare: bareMs });
    }
    const rawP50 = percentile(
      pairs.map((p) => p.raw),
      50,
    );
    const bareP50 = percentile(
      pairs.map((p) => p.bare),
      50,
    );
    const httpP50 = percentile(
      pairs.map((p) => p.http),
      50,
    );
    const actions = rawCommit(names.events, 'x', 0, 1, checks).length;
    record(
      'rawTransactP50Ms',
      'raw TransactWriteItems, p50',
      rawP50,
      'ms',
      `the ${actions} items an entry's commit writes`,
    );
    record(
      'storeAppendP50Ms',
      'store append, p50',
      percentile(
        pairs.map((p) => p.store),
        50,
      ),
      'ms',
      'one event, 5 items',
    );
    record('httpAppendP50Ms', 'HTTP entry, p50', httpP50, 'ms', 'POST …/executions, coordinator key');
    record(
      'httpAppendP95Ms',
      'HTTP entry, p95',
      percentile(
        pairs.map((p) => p.http),
        95,
      ),
      'ms',
    );
    record(
      'httpAppendRatio',
      'HTTP entry ÷ raw transaction',
      percentile(
        pairs.map((p) => p.http / p.raw),
        50,
      ),
      'x',
      'median of paired runs; target ≤ 1.3',
    );
    record(
      'httpFloorRatio',
      'bare Hono route ÷ raw transaction',
      percentile(
        pairs.map((p) => p.bare / p.raw),
        50,
      ),
      'x',
      'the same raw transaction behind a bare Hono route, same client: the floor of "over HTTP"',
    );
    record(
      'dynamoCallsPerWrite',
      'DynamoDB calls per write',
      httpCalls / SEQUENTIAL,
      'calls',
      'steady state, counted by SDK middleware (target ≤ 2)',
    );

    // Raw concurrency before and after the API's, averaged: the floor at the same moment.
    const rawRun = async (tag: string) => {
      const run = await timed(() =>
        Promise.all(
          Array.from({ length: WRITERS }, async (_, w) => {
            for (let i = 0; i < PER_WRITER; i++) await rawOnce(i, `${tag}${w}`);
          }),
        ),
      );
      return (WRITERS * PER_WRITER * 1000) / run.ms;
    };
    const rawBefore = await rawRun('before');
    const concurrent: { ms: number; status: number }[] = [];
    const run = await timed(() =>
      Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => {
          for (let i = 0; i < PER_WRITER; i++) {
            concurrent.push(await post(url, token, measures[(w + i) % measures.length]!, w * PER_WRITER + i, 'conc'));
          }
        }),
      ),
    );
    const rate = (concurrent.length * 1000) / run.ms;
    const rawRate = (rawBefore + (await rawRun('after'))) / 2;
    record(
      'rawTransactConcurrentPerSecond',
      `raw TransactWriteItems, ${WRITERS} concurrent`,
      rawRate,
      '/s',
      'each writer its own items, no shared head; before and after, averaged',
    );
    record(
      'httpConcurrentPerSecond',
      `HTTP entries, ${WRITERS} writers across measures`,
      rate,
      '/s',
      `${(rate / rawRate).toFixed(2)}x raw concurrent (target ≥ 0.7)`,
    );
    record('httpConcurrentRatio', 'HTTP concurrent ÷ raw concurrent', rate / rawRate, 'x', 'target ≥ 0.7');
    record(
      'httpConcurrentRefused',
      'refused among them',
      concurrent.filter((r) => r.status !== 201).length,
      '',
      `of ${concurrent.length}`,
    );

    // In turns, a burst and then the floor of a burst here (the same items in the
    // transactions the path groups them into: the first entry alone, then the others), so
    // both see the machine at the same moment.
    const burst: { ms: number; status: number }[] = [];
    const floors: number[] = [];
    // What the bursts cost in CPU: this process (API and client) and DynamoDB Local's JVM.
    const burstCpu = { api: 0, dynamo: 0, floorDynamo: 0 };
    const bareBurst: { ms: number; status: number }[] = [];
    for (let round = 0; round < BURST_ROUNDS; round++) {
      bareBurst.push(...(await burstOn(groupedUrl, token, measures, round, 'bare-burst')));
      const dynamoBefore = processCpuMs(dynamoPid);
      const apiBefore = process.cpuUsage();
      burst.push(...(await burstOn(url, token, measures, round, 'burst')));
      const api = process.cpuUsage(apiBefore);
      const dynamoAfter = processCpuMs(dynamoPid);
      burstCpu.api += (api.user + api.system) / 1000;
      burstCpu.dynamo += dynamoAfter - dynamoBefore;
      const start = performance.now();
      for (const [from, count] of [
        [0, 1],
        [1, BURST - 1],
      ] as const) {
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: rawCommit(names.events, `burst${round}`, from, count, checks),
          }),
        );
      }
      floors.push(performance.now() - start);
      burstCpu.floorDynamo += processCpuMs(dynamoPid) - dynamoAfter;
    }
    const burstP95 = percentile(
      burst.map((b) => b.ms),
      95,
    );
    const burstFloor = percentile(floors, 50);
    record(
      'burstP95Ms',
      `burst of ${BURST} on one measure, p95`,
      burstP95,
      'ms',
      `${(burstP95 / httpP50).toFixed(1)}x the single p50 (target ≤ 5); ${BURST_ROUNDS} rounds`,
    );
    record(
      'burstRawFloorMs',
      'the same items as raw transactions',
      burstFloor,
      'ms',
      `1 command's items in one transaction, then ${BURST - 1}'s in another, median of the rounds; ${(burstFloor / httpP50).toFixed(1)}x the single p50; the burst p95 is ${(burstP95 / burstFloor).toFixed(1)}x this`,
    );
    const bareBurstP95 = percentile(
      bareBurst.map((b) => b.ms),
      95,
    );
    record(
      'burstBareP95Ms',
      `burst of ${BURST}, bare route with group commit, p95`,
      bareBurstP95,
      'ms',
      `${(bareBurstP95 / httpP50).toFixed(1)}x the API's single p50, ${(bareBurstP95 / bareP50).toFixed(1)}x the bare route's own; the burst p95 is ${(burstP95 / bareBurstP95).toFixed(1)}x this: the path's grouping with nothing else`,
    );
    if (dynamoPid !== null && processCpuMs(dynamoPid) > 0) {
      // The burst, the client's requests and DynamoDB Local share this machine's cores:
      // however well the API overlaps its work with the database's, a burst cannot end
      // before their CPU time, spread over every core, has passed.
      const cores = os.availableParallelism();
      const api = burstCpu.api / BURST_ROUNDS;
      const dynamo = burstCpu.dynamo / BURST_ROUNDS;
      const bound = (api + dynamo) / cores;
      record(
        'burstCpuBoundMs',
        `a burst's CPU on ${cores} cores`,
        bound,
        'ms',
        `${(bound / httpP50).toFixed(1)}x the single p50: (API and client ${api.toFixed(0)} ms + DynamoDB Local ${dynamo.toFixed(0)} ms) ÷ ${cores}, mean per burst; the raw transactions alone cost DynamoDB Local ${(burstCpu.floorDynamo / BURST_ROUNDS).toFixed(0)} ms; the burst p95 is ${(burstP95 / bound).toFixed(1)}x this`,
      );
    }
    record(
      'burstRefused',
      'refused in the bursts',
      burst.filter((b) => b.status !== 201).length,
      '',
      `of ${burst.length} (target 0)`,
    );
  } finally {
    closeConnections();
    server.close();
    bareServer.close();
    groupedServer.close();
    counter.detach();
  }
  await processBenchmarks(names, endpoint, token, measures);
}

/** One head's ceiling: the same load spread over 1, 2 and 4 API processes on one DynamoDB. */
async function processBenchmarks(
  names: ReturnType<typeof tableNames>,
  endpoint: string,
  token: string,
  measures: Target[],
) {
  const target = { endpoint, eventsTable: names.events };
  for (const count of [1, 2, 4]) {
    const processes = await Promise.all(Array.from({ length: count }, () => startApiProcess(target)));
    try {
      for (const [p, proc] of processes.entries()) await post(proc.url, token, measures[p]!, p, `warm-${count}`);
      if (count === 1) await ownProcessBurst(processes[0]!.url, token, measures);
      const results: { ms: number; status: number }[] = [];
      const run = await timed(() =>
        Promise.all(
          Array.from({ length: WRITERS }, async (_, w) => {
            for (let i = 0; i < PER_WRITER; i++) {
              const proc = processes[w % count]!;
              results.push(
                await post(proc.url, token, measures[(w + i) % measures.length]!, w * PER_WRITER + i, `proc${count}`),
              );
            }
          }),
        ),
      );
      record(
        `processes${count}PerSecond`,
        `${count} API process${count > 1 ? 'es' : ''}, ${WRITERS} writers`,
        (results.length * 1000) / run.ms,
        '/s',
        `p95 ${percentile(
          results.map((r) => r.ms),
          95,
        ).toFixed(0)} ms, refused ${results.filter((r) => r.status !== 201).length}`,
      );
    } finally {
      closeConnections();
      await Promise.all(processes.map((p) => p.stop()));
    }
  }
  say('  (processes measured)');
}

/**
 * The burst again with the API in a process of its own, so that the client no longer
 * parses and sends on the server's thread: what a load generator elsewhere would see. Its
 * ratio is against single entries to the same process, measured in turns with the bursts.
 */
async function ownProcessBurst(url: string, token: string, measures: Target[]) {
  const sport = burstMeasure(measures);
  for (let i = 0; i < 50; i++) await post(url, token, sport, i, 'own-warm');
  const singles: number[] = [];
  const burst: { ms: number; status: number }[] = [];
  for (let round = 0; round < BURST_ROUNDS; round++) {
    for (let i = 0; i < 20; i++) singles.push((await post(url, token, sport, round * 20 + i, 'own-single')).ms);
    burst.push(...(await burstOn(url, token, measures, round, 'own-burst')));
  }
  const singleP50 = percentile(singles, 50);
  const burstP95 = percentile(
    burst.map((b) => b.ms),
    95,
  );
  record(
    'burstOwnProcessP95Ms',
    `burst of ${BURST}, the API in its own process, p95`,
    burstP95,
    'ms',
    `${(burstP95 / singleP50).toFixed(1)}x its single p50 (${singleP50.toFixed(1)} ms); ${burst.filter((b) => b.status !== 201).length} refused; the client off the server's thread`,
  );
}

/**
 * The raw transaction of the bare route with group commit: a call waits while one is in
 * flight, and every call waiting then goes in the next transaction, on one head and stream.
 */
function bareGroupCommit(client: DynamoDBClient, table: string, checks: RawCheck[]) {
  let version = 0;
  let waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let inFlight = false;
  const pump = async () => {
    inFlight = true;
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      try {
        const items = rawCommit(table, 'bare-group', version, group.length, checks);
        await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
        version += group.length;
        for (const call of group) call.resolve();
      } catch (error) {
        for (const call of group) call.reject(error);
      }
    }
    inFlight = false;
  };
  return () =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ resolve, reject });
      if (!inFlight) queueMicrotask(() => void (inFlight ? undefined : pump()));
    });
}

/**
 * CPU time (user and system, ms) a process has used, from /proc; 0 where there is none
 * (not Linux) or no process.
 */
function processCpuMs(pid: number | null): number {
  if (pid === null) return 0;
  try {
    // Fields after the command name: state is the 3rd, utime and stime the 14th and 15th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
/** USER_HZ: Linux reports process times in 1/100 s on every architecture it runs on. */
const CLOCK_TICKS = 100;

/** The measure every burst goes to: one department's, several clerks at once. */
const burstMeasure = (measures: Target[]) => measures.find((m) => m.number === '9.1')!;

/** BURST entries at once on that measure, each with an Idempotency-Key of its own. */
function burstOn(url: string, token: string, measures: Target[], round: number, tag: string) {
  const target = burstMeasure(measures);
  return Promise.all(Array.from({ length: BURST }, (_, i) => post(url, token, target, round * BURST + i, tag)));
}
