// A bounded run of writers, a reader and the projector against DynamoDB Local with
// faults injected into every call, then the checks: every acknowledged write is in the
// log exactly once, nothing is half-written, positions are gapless, the chain and
// everything beside it verify, and the views equal a replay of the log.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { verifyStore } from '../../shared/audit/verify';
import { runImport } from '../../shared/commands/run-import';
import type { TableNames } from '../../shared/config/tables';
import { MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR } from '../../shared/domain/limits';
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
/** The plan's years: its entries are dated within them. */
const FIRST_YEAR = 2021;
const LAST_YEAR = 2023;
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
  /**
   * Entries one target's executor reports in a measure's year before the writers move on
   * to the next year, and after the plan's last to a measure the trial adds beside it.
   * Default: its changes share of the year (MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR) less a
   * margin for the seed's entries, so a soak of any length is never refused by the year
   * budget. The test sets it low, so its seconds move years and add measures too.
   */
  entriesPerYear?: number;
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
  /** Measures the writers added when their targets' years were used up (`entriesPerYear`). */
  measuresAdded: number;
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
  let measuresAdded = 0;
  const deadline = Date.now() + options.seconds * 1000;

  /** Sends one write until it is acknowledged (a client retrying with its Idempotency-Key). */
  async function send(key: string, path: string, body: string): Promise<boolean> {
    for (;;) {
      const res = await app.request(`/v1/plans/${PLAN}/measures${path ? `/${path}` : ''}`, {
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

  // A measure's year takes at most MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR live entries of one
  // executor: each writer keeps its last LIVE_PER_WRITER entries and withdraws older ones
  // (16 writers keep about 100 live entries on each of 8 targets). Every entry reported is a
  // change, and a year takes MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR of one executor's: each
  // target moves to its next year when it has reported `entriesPerYear` there, and after
  // 2023 to a measure of its own section the trial adds (AddMeasure, sent as any write), so
  // a soak of any length stays within the budgets.
  const perYear = options.entriesPerYear ?? MAX_CHANGES_PER_EXECUTOR_MEASURE_YEAR - 100;
  const places = TARGETS.map(([number, executorId]) => ({
    number: number as string,
    executorId,
    section: number.split('.')[0]!,
    year: FIRST_YEAR,
    added: 0,
    used: 0,
    moving: null as Promise<void> | null,
    stuck: false,
  }));
  /** The target's place for one more entry: its measure and year, moved on when full. */
  async function placeFor(t: number): Promise<{ number: string; executorId: string; year: number } | null> {
    const place = places[t]!;
    while (place.used >= perYear) {
      // A measure that could not be added (an unexpected answer, listed) ends its writers.
      if (place.stuck || Date.now() >= deadline) return null;
      if (place.moving) {
        await place.moving;
        continue;
      }
      if (place.year < LAST_YEAR) {
        place.year++;
        place.used = 0;
        continue;
      }
      place.moving = (async () => {
        const added = place.added + 1;
        // Its own part per target: two targets may share a section (7.1 and 7.6).
        const number = `${place.section}.9${t}.${added}`;
        const body = JSON.stringify({
          number,
          sectionNumber: place.section,
          title: `Мероприятие пробного прогона ${number}`,
          term: '2021–2023',
          fromYear: FIRST_YEAR,
          toYear: LAST_YEAR,
          executors: [{ executorId: place.executorId }],
        });
        if (await send(`trial-measure-${number}`, '', body)) {
          Object.assign(place, { number, added, year: FIRST_YEAR, used: 0 });
          measuresAdded++;
        } else place.stuck = true;
      })();
      try {
        await place.moving;
      } finally {
        place.moving = null;
      }
    }
    place.used++;
    return { number: place.number, executorId: place.executorId, year: place.year };
  }
  const writers = Array.from({ length: options.writers }, async (_, w) => {
    const live: { number: string; reportId: string }[] = [];
    for (let i = 0; Date.now() < deadline; i++) {
      const place = await placeFor((w + i) % TARGETS.length);
      if (!place) break;
      const { number, executorId, year } = place;
      const reportId = `trial-${w}-${i}`;
      const body = JSON.stringify({
        reportId,
        executorId,
        period: { kind: 'day', date: `${year}-10-01` },
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
    measuresAdded,
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
    `acknowledged ${result.acknowledged} writes after ${result.retries} retries (${result.measuresAdded} measures added as years filled); reads served ${result.readsServed}, refused (503) ${result.readsRefused}`,
    `log: ${result.events} events; lost ${result.lost.length}, duplicated ${result.duplicated.length}, unexpected answers ${result.unexpected.length}`,
    `verify: ${result.verdictDetail}; views equal a replay of the log: ${result.viewsEqualReplay ? 'yes' : 'NO'}`,
  ].join('\n');
}
