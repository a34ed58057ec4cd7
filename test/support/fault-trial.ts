// A bounded run of writers, a reader and the projector against DynamoDB Local with
// faults injected into every call, then the checks: every acknowledged write is in the
// log exactly once, nothing is half-written, positions are gapless, the chain and
// everything beside it verify, and the views equal a replay of the log.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { verifyStore } from '../../shared/audit/verify';
import { runImport } from '../../shared/commands/run-import';
import type { TableNames } from '../../shared/config/tables';
import { newApiKey } from '../../shared/http/api-keys';
import { createApp } from '../../shared/http/app';
import { wake } from '../../shared/projections/wake';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { silentLogger } from '../../shared/runtime/logger';
import { apiDeps, createSystem } from '../../shared/runtime/system';
import { iterateAll } from '../../shared/store/event-store';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { cleanReplay, generationSnapshot } from '../projections/support/views';
import { injectFaults } from './fault-injection';

const PLAN = 'spb-smolensk-2021-2023';
/** Live entries each writer keeps; older ones are withdrawn (see the writers below). */
const LIVE_PER_WRITER = 50;
const SYSTEM = { keyId: 'system', role: 'system' as const };
/** Each measure of the seed with a live executor responsible for it. */
const TARGETS = [
  ['2.1', 'smolensk-investment-dept'],
  ['4.3', 'smolensk-education-dept'],
  ['7.1', 'smolensk-employment-dept'],
  ['7.6', 'smolensk-social-dept'],
  ['8.2', 'smolensk-culture-dept'],
  ['9.1', 'smolensk-sport-office'],
  ['11.1', 'smolensk-administration-office'],
  ['12.5', 'smolensk-youth-office'],
] as const;

export interface TrialOptions {
  endpoint: string;
  names: TableNames;
  seed: number;
  /** Share of calls that fail, 0..1. */
  rate: number;
  seconds: number;
  writers: number;
  seedFixture: unknown;
}

export interface TrialResult {
  injected: Record<string, number>;
  injectedTotal: number;
  callsPassed: number;
  acknowledged: number;
  /** Requests sent again after a 503 or a lost answer. */
  retries: number;
  readsServed: number;
  readsRefused: number;
  unexpected: string[];
  lost: string[];
  duplicated: string[];
  events: number;
  verified: boolean;
  verdictDetail: string;
  viewsEqualReplay: boolean;
}

export async function runFaultTrial(options: TrialOptions): Promise<TrialResult> {
  // Setup without faults, on a client of its own.
  const plain = createDynamoClient({ endpoint: options.endpoint, maxAttempts: 3 });
  const setup = createSystem(plain, options.names);
  await runImport(setup.store, options.seedFixture, { actor: SYSTEM, at: '2024-01-10T09:00:00.000Z' });
  const coordinator = newApiKey();
  const at = new Date().toISOString();
  const { executeCommand } = await import('../../shared/commands/execute');
  await executeCommand(
    setup.store,
    {
      type: 'IssueApiKey',
      keyId: coordinator.keyId,
      role: 'coordinator',
      label: 'fault trial',
      secretHash: coordinator.secretHash,
      actor: SYSTEM,
      at,
    },
    { commandId: `trial-key-${coordinator.keyId}`, fingerprint: coordinator.keyId, recordedAt: at },
  );

  // The views hold the seed before the trial starts, as they would in a running system.
  for (let i = 0; i < 20; i++) {
    const done = await wake({
      store: setup.store,
      views: () => setup.views(),
      projection: ledgerProjection,
      logger: silentLogger,
    });
    if (done.status === 'caught-up') break;
  }

  // The system under test: its own client (its own process, as a Lambda container), faulty.
  const client: DynamoDBClient = createDynamoClient({ endpoint: options.endpoint, maxAttempts: 3 });
  const faults = injectFaults(client, { seed: options.seed, rate: options.rate });
  const system = createSystem(client, options.names);
  const app = createApp(apiDeps(system, silentLogger));
  const auth = { authorization: `Bearer ${coordinator.token}` };

  const acknowledged = new Map<string, number>(); // command id → position
  const unexpected: string[] = [];
  let retries = 0;
  let readsServed = 0;
  let readsRefused = 0;
  const deadline = Date.now() + options.seconds * 1000;

  /** Sends one write until it is acknowledged (a client retrying with its Idempotency-Key). */
  async function send(key: string, path: string, body: string): Promise<boolean> {
    for (;;) {
      const res = await app.request(`/v1/plans/${PLAN}/measures/${path}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
        body,
      });
      if (res.status === 201) {
        const written = (await res.json()) as { commandId: string; position: number };
        acknowledged.set(written.commandId, written.position);
        return true;
      }
      if (res.status !== 503) {
        unexpected.push(`${key}: ${res.status} ${await res.text()}`);
        return false;
      }
      retries++;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
    }
  }

  // A measure takes at most MAX_ENTRIES_PER_MEASURE_YEAR live entries a year: each writer
  // keeps its last LIVE_PER_WRITER entries and withdraws older ones, so a soak of any length
  // stays within the budget (16 writers keep about 100 live entries on each of 8 measures).
  const writers = Array.from({ length: options.writers }, async (_, w) => {
    const live: { number: string; reportId: string }[] = [];
    for (let i = 0; Date.now() < deadline; i++) {
      const [number, executorId] = TARGETS[(w + i) % TARGETS.length]!;
      const reportId = `trial-${w}-${i}`;
      const body = JSON.stringify({
        reportId,
        executorId,
        period: { kind: 'day', date: '2023-10-01' },
        text: `Запись ${w}.${i}: ${randomUUID()}`,
      });
      if (await send(reportId, `${number}/executions`, body)) live.push({ number, reportId });
      const oldest = live.length > LIVE_PER_WRITER ? live.shift() : undefined;
      if (oldest) {
        const withdrawal = JSON.stringify({ reason: 'ротация пробного прогона' });
        await send(`${oldest.reportId}-w`, `${oldest.number}/executions/${oldest.reportId}/withdrawal`, withdrawal);
      }
    }
  });
  const reader = (async () => {
    while (Date.now() < deadline) {
      const res = await app.request(`/v1/plans/${PLAN}`, { headers: auth });
      if (res.status === 200) readsServed++;
      else if (res.status === 503) readsRefused++;
      else unexpected.push(`read: ${res.status} ${await res.text()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const projector = (async () => {
    while (Date.now() < deadline) {
      await wake({
        store: system.store,
        views: () => system.views(),
        projection: ledgerProjection,
        logger: silentLogger,
      }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  // Faults stop at the deadline; what is in flight then completes without them.
  const stopFaults = setTimeout(() => {
    faults.enabled = false;
  }, options.seconds * 1000);
  await Promise.all([...writers, reader, projector]);
  clearTimeout(stopFaults);
  faults.enabled = false;
  for (let i = 0; i < 20; i++) {
    const done = await wake({
      store: system.store,
      views: () => system.views(),
      projection: ledgerProjection,
      logger: silentLogger,
    });
    if (done.status === 'caught-up') break;
  }

  // The checks, on the plain client.
  const events = [];
  for await (const event of iterateAll(setup.store)) events.push(event);
  const byCommand = new Map<string, number>();
  for (const event of events)
    byCommand.set(event.metadata.commandId, (byCommand.get(event.metadata.commandId) ?? 0) + 1);
  const lost = [...acknowledged.keys()].filter((id) => !byCommand.has(id));
  const duplicated = [...acknowledged.keys()].filter((id) => (byCommand.get(id) ?? 0) > 1);
  const verdict = await verifyStore(setup.store, {});
  const live = await generationSnapshot(plain, options.names.views, 1);
  const replay = (await cleanReplay(setup.store)).snapshot;
  faults.detach();
  client.destroy();
  plain.destroy();
  return {
    injected: Object.fromEntries([...faults.injected.entries()].sort()),
    injectedTotal: [...faults.injected.values()].reduce((a, b) => a + b, 0),
    callsPassed: faults.passed,
    acknowledged: acknowledged.size,
    retries,
    readsServed,
    readsRefused,
    unexpected,
    lost,
    duplicated,
    events: events.length,
    verified: verdict.ok,
    verdictDetail: verdict.ok ? 'ok' : `${verdict.problem} at ${verdict.position}: ${verdict.detail}`,
    viewsEqualReplay: JSON.stringify(live) === JSON.stringify(replay),
  };
}

export function describeTrial(result: TrialResult): string {
  const injected = Object.entries(result.injected)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `injected ${result.injectedTotal} faults (${injected}); ${result.callsPassed} calls went through`,
    `acknowledged ${result.acknowledged} writes after ${result.retries} retries; reads served ${result.readsServed}, refused (503) ${result.readsRefused}`,
    `log: ${result.events} events; lost ${result.lost.length}, duplicated ${result.duplicated.length}, unexpected answers ${result.unexpected.length}`,
    `verify: ${result.verdictDetail}; views equal a replay of the log: ${result.viewsEqualReplay ? 'yes' : 'NO'}`,
  ].join('\n');
}
