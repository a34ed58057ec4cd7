// Rebuilding the views from the log into a fresh generation of the DynamoDB views
// table (DynamoDB Local): the result equals the incrementally built views, readers
// keep their answers until the switch, and a failed rebuild switches nothing.
import { describe, expect, it, vi } from 'vitest';
import { DynamoTileStore } from '../../shared/merkle/dynamo-tile-store';
import { DynamoViewStore } from '../../shared/projections/dynamo-view-store';
import { catchUp, type Projection } from '../../shared/projections/projector';
import { RebuildError, type RebuildProgress, rebuildViews } from '../../shared/projections/rebuild';
import type { ViewReader } from '../../shared/projections/view-store';
import { wake } from '../../shared/projections/wake';
import { silentLogger } from '../../shared/runtime/logger';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store';
import type { EventStore, ReadAllOptions } from '../../shared/store/event-store';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { planView } from '../../shared/views/plan-view';
import { getEntries } from '../../shared/views/queries';
import { createTestTables, type TestTables } from '../support/dynamo';
import { appendLaterEvents, copyEvents, SEED_PLAN as PLAN, seedEvents } from './support/seed-log';
import { appendPlan, syntheticPlan } from './support/synthetic-plan';
import { cleanReplay, generationSnapshot } from './support/views';
import { capturedLogger } from './support/wake-ups';

const withTables = (label: string, body: (t: TestTables, store: DynamoEventStore) => Promise<void>) => async () => {
  const tables = await createTestTables(label);
  try {
    await body(tables, new DynamoEventStore({ client: tables.client, tableName: tables.names.events }));
  } finally {
    await tables.drop();
  }
};

/** Builds generation 1 the way production does: the log grows, the projector wakes. */
async function buildIncrementally(t: TestTables, store: DynamoEventStore): Promise<void> {
  const views = () => DynamoViewStore.open(t.client, t.names.views);
  const deps = { store, views, projection: ledgerProjection, logger: silentLogger };
  const seed = await seedEvents();
  for (const [from, to] of [
    [0, 12],
    [12, 31],
    [31, seed.length],
  ] as const) {
    await copyEvents(store, seed.slice(from, to));
    await wake(deps);
  }
  await appendLaterEvents(store);
  await wake(deps);
  // A second plan, so the rebuild needs several commits.
  await appendPlan(
    store,
    syntheticPlan({ planId: 'second-plan', sections: 3, measuresPerSection: 6, entriesPerMeasure: 8, executors: 5 }),
  );
  await wake(deps);
}

const answers = async (views: ViewReader) => ({
  plan: await planView(views, PLAN),
  second: await planView(views, 'second-plan', { limit: 5 }),
  checkpoint: await views.checkpoint(),
});

const newEntry = (store: EventStore, reportId: string) =>
  store.append(
    `measure-${PLAN}-12.5`,
    [
      {
        type: 'ExecutionReported',
        schemaVersion: 2,
        data: {
          planId: PLAN,
          number: '12.5',
          reportId,
          executorId: 'smolensk-youth-office',
          period: { kind: 'none', year: 2024 },
          text: 'Продолжена работа молодёжного совета.',
        },
      },
    ],
    {
      expectedVersion: 'any',
      commandId: `entry-${reportId}`,
      actor: { keyId: 'youth', role: 'agency', executorId: 'smolensk-youth-office' },
      recordedAt: '2026-04-01T12:00:00.000Z',
    },
  );

describe('rebuilding the views', () => {
  it(
    'replays the log into a new generation equal to the incremental one; readers keep working until the switch',
    withTables('rebuild', async (t, store) => {
      await buildIncrementally(t, store);
      const reader = await DynamoViewStore.open(t.client, t.names.views);
      expect(reader.generation).toBe(1);
      const beforeRebuild = await answers(reader);
      expect(beforeRebuild.plan.sections.flatMap((s) => s.measures).reduce((n, m) => n + m.entryCount, 0)).toBe(24); // 25 reported, one withdrawn

      // The log as the rebuild reads it: readers are checked while the new generation is
      // half-written, and an entry is appended right after the replay's last page.
      const during: Array<{ active: number; sameAnswers: boolean }> = [];
      let appended = false;
      const watched: Pick<EventStore, 'readAll' | 'head'> = {
        head: () => store.head(),
        async readAll(options?: ReadAllOptions) {
          const page = await store.readAll(options);
          const written = (await new DynamoViewStore(t.client, t.names.views, 2).checkpoint()).position;
          if (during.length === 0 && written > 0) {
            const opened = await DynamoViewStore.open(t.client, t.names.views);
            during.push({
              active: opened.generation,
              sameAnswers: JSON.stringify(await answers(opened)) === JSON.stringify(beforeRebuild),
            });
            during.push({
              active: reader.generation,
              sameAnswers: JSON.stringify(await answers(reader)) === JSON.stringify(beforeRebuild),
            });
          }
          if (page.nextPosition === null && !appended) {
            appended = true;
            await newEntry(store, '2024-12.5-01');
          }
          return page;
        },
      };
      const progress: RebuildProgress[] = [];
      const report = await rebuildViews(
        { store: watched, client: t.client, table: t.names.views, projection: ledgerProjection, logger: silentLogger },
        { keepOld: true, pageSize: 20, onProgress: (p) => progress.push(p) },
      );

      expect(during).toEqual([
        { active: 1, sameAnswers: true },
        { active: 1, sameAnswers: true },
      ]);
      const head = await store.head();
      expect(report).toMatchObject({
        previousGeneration: 1,
        generation: 2,
        applied: head.position,
        position: head.position,
        hash: head.hash,
        deletedItems: null,
      });
      expect(await DynamoViewStore.activeGeneration(t.client, t.names.views)).toBe(2);

      // Progress: several reports, counting up to the whole log, the last one from the catch-up after the switch.
      expect(progress.length).toBeGreaterThan(2);
      expect(progress.map((p) => p.applied)).toEqual([...progress.map((p) => p.applied)].sort((a, b) => a - b));
      expect(progress.at(-1)).toMatchObject({
        phase: 'final',
        generation: 2,
        applied: head.position,
        position: head.position,
      });
      expect(progress.every((p) => p.eventsPerSecond > 0)).toBe(true);
      expect(progress[0]).toMatchObject({
        phase: 'replay',
        head: head.position - 1,
        etaSeconds: expect.any(Number) as unknown,
      });
      expect(progress[0]!.position).toBeLessThan(head.position - 1);

      // The entry appended meanwhile is in the new views, which readers now get.
      const now = await DynamoViewStore.open(t.client, t.names.views);
      expect(now.generation).toBe(2);
      expect((await getEntries(now, PLAN, '12.5')).items.map((e) => e.reportId)).toEqual([
        '2023-12.5-01',
        '2024-12.5-01',
      ]);

      // The same views as the incremental build (brought to the same position), and as a clean replay.
      await catchUp(store, reader, ledgerProjection);
      const incremental = await generationSnapshot(t.client, t.names.views, 1);
      expect(await generationSnapshot(t.client, t.names.views, 2)).toEqual(incremental);
      expect(incremental).toEqual((await cleanReplay(store)).snapshot);
      expect((await answers(reader)).plan).toEqual((await answers(now)).plan);
    }),
  );

  it(
    'deletes the previous generation unless asked to keep it; the next wake-up serves the new one',
    withTables('drop', async (t, store) => {
      await buildIncrementally(t, store);
      const incremental = await generationSnapshot(t.client, t.names.views, 1);
      const report = await rebuildViews({
        store,
        client: t.client,
        table: t.names.views,
        projection: ledgerProjection,
      });
      expect(report).toMatchObject({
        generation: 2,
        deletedItems: Object.values(incremental).reduce((n, items) => n + Object.keys(items).length, 1),
      });
      expect(await generationSnapshot(t.client, t.names.views, 1)).toEqual({});
      expect(await new DynamoViewStore(t.client, t.names.views, 1).checkpoint()).toEqual({
        position: 0,
        hash: expect.any(String) as unknown,
      });
      expect(await generationSnapshot(t.client, t.names.views, 2)).toEqual(incremental);

      // Life goes on: a new entry reaches the rebuilt views through the ordinary projector.
      await newEntry(store, '2024-12.5-02');
      const woke = await wake({
        store,
        views: () => DynamoViewStore.open(t.client, t.names.views),
        projection: ledgerProjection,
        logger: silentLogger,
      });
      expect(woke).toMatchObject({ status: 'caught-up', applied: 1 });
      expect((await getEntries(await DynamoViewStore.open(t.client, t.names.views), PLAN, '12.5')).items).toHaveLength(
        2,
      );
    }),
  );

  it(
    'after the switch the live projector may serve the new generation first; the rebuild still finishes',
    withTables('handover', async (t, store) => {
      await copyEvents(store, await seedEvents());
      const live = {
        store,
        views: () => DynamoViewStore.open(t.client, t.names.views),
        projection: ledgerProjection,
        logger: silentLogger,
      };
      await wake(live);
      // An entry lands after the replay's last page; the live projector, woken by it after
      // the switch, applies it before the rebuild's own catch-up can commit.
      let appended = false;
      let liveWoke: Awaited<ReturnType<typeof wake>> | undefined;
      const watched: Pick<EventStore, 'readAll' | 'head'> = {
        head: () => store.head(),
        async readAll(options?: ReadAllOptions) {
          const page = await store.readAll(options);
          if (page.nextPosition === null && !appended) {
            appended = true;
            await newEntry(store, '2024-12.5-03');
          } else if (appended && !liveWoke && (await DynamoViewStore.activeGeneration(t.client, t.names.views)) === 2) {
            liveWoke = await wake(live);
          }
          return page;
        },
      };
      const report = await rebuildViews({
        store: watched,
        client: t.client,
        table: t.names.views,
        projection: ledgerProjection,
      });
      expect(liveWoke).toMatchObject({ status: 'caught-up', applied: 1 });
      const head = await store.head();
      expect(report).toMatchObject({ generation: 2, position: head.position, applied: head.position - 1 });
      expect(await generationSnapshot(t.client, t.names.views, 2)).toEqual((await cleanReplay(store)).snapshot);
    }),
  );

  it(
    'the Lambda entry rebuilds the tables its environment names',
    withTables('lambda', async (t, store) => {
      await copyEvents(store, await seedEvents());
      vi.stubEnv('EVENTS_TABLE', t.names.events);
      vi.stubEnv('VIEWS_TABLE', t.names.views);
      // The rebuild also checks and extends the Merkle tree, kept in the artifacts table.
      vi.stubEnv('ARTIFACTS_TABLE', t.names.artifacts);
      vi.stubEnv('DYNAMODB_ENDPOINT', t.endpoint);
      vi.stubEnv('LOG_LEVEL', 'error');
      try {
        vi.resetModules();
        const { handler } = await import('../../functions/rebuild');
        expect(await handler({ keepOld: true })).toMatchObject({
          previousGeneration: 1,
          generation: 2,
          applied: 55,
          deletedItems: null,
        });
        expect(await handler(null)).toMatchObject({
          previousGeneration: 2,
          generation: 3,
          applied: 55,
          deletedItems: expect.any(Number) as unknown,
        });
        expect(await DynamoViewStore.activeGeneration(t.client, t.names.views)).toBe(3);
        expect(await generationSnapshot(t.client, t.names.views, 3)).toEqual((await cleanReplay(store)).snapshot);
        expect(await generationSnapshot(t.client, t.names.views, 2)).toEqual({});
        const tree = await new DynamoTileStore(t.client, t.names.artifacts).latestTreeHead();
        expect(tree?.size).toBe(55);
      } finally {
        vi.unstubAllEnvs();
      }
    }),
  );

  it(
    'a rebuild that fails switches nothing; the next one starts clean and succeeds',
    withTables('rebuild-fail', async (t, store) => {
      await buildIncrementally(t, store);
      const incremental = await generationSnapshot(t.client, t.names.views, 1);
      const head = await store.head();
      const failing: Projection = {
        async apply(event, tx) {
          if (event.position === head.position - 30) throw new Error('simulated: a projection bug');
          await ledgerProjection.apply(event, tx);
        },
      };
      const { logger, lines } = capturedLogger();
      const error = await rebuildViews(
        { store, client: t.client, table: t.names.views, projection: failing, logger },
        { pageSize: 20 },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RebuildError);
      expect((error as RebuildError).message).toContain(`position ${head.position - 30}`);
      expect(lines).toContainEqual(expect.objectContaining({ level: 'error', position: head.position - 30 }));
      expect(await DynamoViewStore.activeGeneration(t.client, t.names.views)).toBe(1);
      expect(await generationSnapshot(t.client, t.names.views, 1)).toEqual(incremental);
      expect(Object.keys(await generationSnapshot(t.client, t.names.views, 2)).length).toBeGreaterThan(0); // half-built, unused

      const report = await rebuildViews({
        store,
        client: t.client,
        table: t.names.views,
        projection: ledgerProjection,
        logger,
      });
      expect(report).toMatchObject({ previousGeneration: 1, generation: 2, applied: head.position });
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'warn', message: 'cleared an unfinished earlier rebuild', generation: 2 }),
      );
      expect(await generationSnapshot(t.client, t.names.views, 2)).toEqual(incremental);
    }),
  );

  it(
    'runs one rebuild at a time: a second one at once is refused, the lease is given back after',
    withTables('rebuild-lock', async (t, store) => {
      await buildIncrementally(t, store);
      const deps = { store, client: t.client, table: t.names.views, projection: ledgerProjection };
      const results = await Promise.allSettled([rebuildViews(deps), rebuildViews(deps)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(refused?.reason).toMatchObject({ code: 'rebuild_in_progress' });
      expect(await DynamoViewStore.activeGeneration(t.client, t.names.views)).toBe(2);
      expect(await rebuildViews(deps)).toMatchObject({ previousGeneration: 2, generation: 3 });
    }),
  );
});
