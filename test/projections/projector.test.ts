// The projector against DynamoDB Local (event store and views table, real SDK):
// the seed's views, wake-ups that carry no data, a failure in the middle of a batch,
// and two projectors racing on one generation.
import { describe, expect, it, vi } from 'vitest';
import { DynamoViewStore } from '../../shared/projections/dynamo-view-store';
import { MemoryViewStore } from '../../shared/projections/memory-view-store';
import { type CatchUpResult, catchUp, type Projection } from '../../shared/projections/projector';
import { batchResponse, wake } from '../../shared/projections/wake';
import { DynamoEventStore } from '../../shared/store/dynamo-event-store';
import { type EventEnvelope, type EventStore, iterateAll } from '../../shared/store/event-store';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { measureView, planView } from '../../shared/views/plan-view';
import { getEntries, getExecutor, getMeasureHistory, getWorklist, predecessorsOf } from '../../shared/views/queries';
import { createTestTables, type TestTables } from '../support/dynamo';
import { appendLaterEvents, copyEvents, importSeed, SEED_PLAN as PLAN, seedEvents } from './support/seed-log';
import { appendPlan, syntheticPlan } from './support/synthetic-plan';
import { cleanReplay, duplicateEntries, entryCount, generationSnapshot } from './support/views';
import { batch, capturedLogger, range, shuffled } from './support/wake-ups';

const TEREM_IN_PLAN = 'СОГБУ «Смоленский областной информационный центр туризма «Смоленский терем»';

const withTables = (label: string, body: (t: TestTables, store: DynamoEventStore) => Promise<void>) => async () => {
  const tables = await createTestTables(label);
  try {
    await body(tables, new DynamoEventStore({ client: tables.client, tableName: tables.names.events }));
  } finally {
    await tables.drop();
  }
};

async function logOf(store: Pick<EventStore, 'readAll'>): Promise<EventEnvelope[]> {
  const events: EventEnvelope[] = [];
  for await (const event of iterateAll(store)) events.push(event);
  return events;
}

describe('the projector, DynamoDB event store into DynamoDB views', () => {
  it(
    'a clean replay of the seed answers as the 2023 report reads',
    withTables('baseline', async (t, store) => {
      const head = await importSeed(store);
      const views = new DynamoViewStore(t.client, t.names.views, 1);
      const result = await catchUp(store, views, ledgerProjection);
      expect(result).toMatchObject({ status: 'caught-up', applied: head, checkpoint: await store.head() });
      expect(await views.checkpoint()).toEqual(await store.head());

      const plan = await planView(views, PLAN);
      expect(plan.sections.map((s) => s.number)).toEqual(['2', '4', '7', '8', '9', '11', '12']);
      const measures = plan.sections.flatMap((s) => s.measures);
      expect(plan.measureCount).toBe(11);
      expect(measures.map((m) => m.number)).toEqual([
        '2.1',
        '4.3',
        '7.1',
        '7.2',
        '7.3',
        '7.6',
        '8.2',
        '9.1',
        '11.1',
        '12.3',
        '12.5',
      ]);
      expect(measures.map((m) => m.entryCount)).toEqual([1, 1, 1, 1, 1, 1, 7, 8, 1, 1, 1]);
      // Every entry touches 2023; three of 8.2's began in 2022 (ranges across the new year).
      expect(measures.map((m) => m.entriesByYear['2023'])).toEqual(measures.map((m) => m.entryCount));
      expect(measures.find((m) => m.number === '8.2')?.entriesByYear).toEqual({ 2022: 3, 2023: 7 });

      // The plan still names the liquidated executor; the view adds its status and successor.
      expect(measures[0]!.executors[1]).toEqual({
        executorId: 'smolensk-terem',
        nameInPlan: TEREM_IN_PLAN,
        currentName: expect.stringContaining('Смоленский терем') as unknown,
        status: 'liquidated',
        successorId: 'smolensk-tourism-center',
      });
      expect(await getExecutor(views, 'smolensk-terem')).toMatchObject({
        status: 'liquidated',
        liquidation: { effectiveDate: '2022-03-14', successorId: 'smolensk-tourism-center' },
      });
      expect(await predecessorsOf(views, 'smolensk-tourism-center')).toEqual(['smolensk-terem']);
      expect(await getExecutor(views, 'smolensk-tourism-center')).toMatchObject({ predecessorCount: 1 });
      expect(await getWorklist(views, 'smolensk-tourism-center', 2023)).toEqual([
        expect.objectContaining({
          number: '2.1',
          via: { kind: 'successor', of: 'smolensk-terem' },
          entriesByYear: { 2023: 1 },
          missingForYear: false,
        }),
      ]);
      const sport = await getMeasureHistory(views, PLAN, '9.1');
      expect(sport.items.map((h) => h.type)).toEqual(['MeasureAdded', ...Array<string>(8).fill('ExecutionReported')]);
      expect((await measureView(views, PLAN, '9.1')).entries).toHaveLength(8);

      expect(await generationSnapshot(t.client, t.names.views, 1)).toEqual((await cleanReplay(store)).snapshot);
    }),
  );

  it(
    'stream records only wake it: shuffled, duplicated, missing or no records leave the views of a clean replay',
    withTables('wake', async (t, store) => {
      // The real Lambda entry point, configured as in AWS through its environment.
      vi.stubEnv('EVENTS_TABLE', t.names.events);
      vi.stubEnv('VIEWS_TABLE', t.names.views);
      vi.stubEnv('DYNAMODB_ENDPOINT', t.endpoint);
      vi.stubEnv('LOG_LEVEL', 'error');
      try {
        vi.resetModules();
        const { handler } = await import('../../functions/projector');
        const seed = await seedEvents();
        const expectViewsOfCleanReplay = async () => {
          const head = await store.head();
          expect(await (await DynamoViewStore.open(t.client, t.names.views)).checkpoint()).toEqual(head);
          const snapshot = await generationSnapshot(t.client, t.names.views, 1);
          expect(snapshot).toEqual((await cleanReplay(store)).snapshot);
          expect(duplicateEntries(snapshot)).toEqual([]);
          return snapshot;
        };

        await copyEvents(store, seed.slice(0, 20));
        expect(await handler(batch(shuffled([...range(1, 20), ...range(1, 20)])))).toEqual({ batchItemFailures: [] });
        await expectViewsOfCleanReplay();

        // 21..40 are appended, but the batch holds only two of their records and a late one of 5.
        await copyEvents(store, seed.slice(20, 40));
        expect(await handler(batch([33, 5, 27]))).toEqual({ batchItemFailures: [] });
        await expectViewsOfCleanReplay();

        // The rest of the seed and later corrections, with no record at all.
        await copyEvents(store, seed.slice(40));
        const head = await appendLaterEvents(store);
        expect(await handler({ Records: [] })).toEqual({ batchItemFailures: [] });
        const final = await expectViewsOfCleanReplay();
        expect(entryCount(final)).toBe(25);

        // The whole stream redelivered, backwards: nothing changes.
        expect(await handler(batch(range(1, head).reverse()))).toEqual({ batchItemFailures: [] });
        expect(await generationSnapshot(t.client, t.names.views, 1)).toEqual(final);
        expect((await getEntries(await DynamoViewStore.open(t.client, t.names.views), PLAN, '2.1')).items).toHaveLength(
          2,
        );
      } finally {
        vi.unstubAllEnvs();
      }
    }),
  );

  it(
    'a failure at event N stops at N: 1..N-1 stay applied, N is logged and retried, the next wake finishes',
    withTables('fail', async (t, store) => {
      await importSeed(store);
      const log = await logOf(store);
      const views = () => DynamoViewStore.open(t.client, t.names.views);
      await catchUp(store, await views(), ledgerProjection, { toPosition: 25 });

      // Event 41 is 8.2's fourth entry; the projection fails after it has changed the documents.
      const N = 41;
      const failing = log[N - 1]!;
      expect(failing).toMatchObject({ type: 'ExecutionReported', data: { number: '8.2', reportId: '2023-8.2-04' } });
      let failures = 0;
      const failsOnce: Projection = {
        async apply(event, tx) {
          await ledgerProjection.apply(event, tx);
          if (event.position === N && failures++ === 0)
            throw new Error('simulated: the projection could not apply this event');
        },
      };
      const { logger, lines } = capturedLogger();
      const records = batch(shuffled(range(26, log.length)));
      const firstSequence = records.Records[0]!.dynamodb!.SequenceNumber;

      const result = await wake({ store, views, projection: failsOnce, logger });
      expect(result).toMatchObject({
        status: 'failed',
        failedAt: N,
        applied: N - 1 - 25,
        checkpoint: { position: N - 1, hash: log[N - 2]!.hash },
      });
      expect(batchResponse(result, firstSequence)).toEqual({ batchItemFailures: [{ itemIdentifier: firstSequence }] });
      expect(lines.filter((line) => line.level === 'error')).toEqual([
        expect.objectContaining({
          position: N,
          type: 'ExecutionReported',
          streamId: failing.streamId,
          error: expect.objectContaining({ message: expect.stringContaining('simulated') }) as unknown,
        }),
      ]);
      expect(await (await views()).checkpoint()).toEqual({ position: N - 1, hash: log[N - 2]!.hash });
      const atFailure = await generationSnapshot(t.client, t.names.views, 1);
      expect(atFailure).toEqual((await cleanReplay(store, N - 1)).snapshot);
      expect((await getEntries(await views(), PLAN, '8.2')).items.map((e) => e.reportId)).toEqual([
        '2023-8.2-01',
        '2023-8.2-02',
        '2023-8.2-03',
      ]);

      const retried = await wake({ store, views, projection: failsOnce, logger });
      expect(retried).toMatchObject({
        status: 'caught-up',
        applied: log.length - (N - 1),
        checkpoint: await store.head(),
      });
      expect(batchResponse(retried, firstSequence)).toEqual({ batchItemFailures: [] });
      const final = await generationSnapshot(t.client, t.names.views, 1);
      expect(final).toEqual((await cleanReplay(store)).snapshot);
      expect(duplicateEntries(final)).toEqual([]);
      expect(entryCount(final)).toBe(24);
    }),
  );

  it(
    'two projectors on one generation: one may be superseded, every event lands once, the views equal a clean replay',
    withTables('race', async (t, store) => {
      const seed = await seedEvents();
      const a = new DynamoViewStore(t.client, t.names.views, 1);
      const b = new DynamoViewStore(t.client, t.names.views, 1);
      // Yielding on every event interleaves the two runs.
      const yielding: Projection = {
        async apply(event, tx) {
          await new Promise((resolve) => setImmediate(resolve));
          await ledgerProjection.apply(event, tx);
        },
      };
      const expectOnceEach = async (results: CatchUpResult[], events: number) => {
        expect(results.map((r) => r.status).filter((s) => s !== 'caught-up' && s !== 'superseded')).toEqual([]);
        expect(results.some((r) => r.status === 'caught-up')).toBe(true);
        expect(results.reduce((n, r) => n + r.applied, 0)).toBe(events);
        expect(await a.checkpoint()).toEqual(await store.head());
        const snapshot = await generationSnapshot(t.client, t.names.views, 1);
        expect(snapshot).toEqual((await cleanReplay(store)).snapshot);
        expect(duplicateEntries(snapshot)).toEqual([]);
      };

      for (const [from, to] of [
        [0, 20],
        [20, 44],
        [44, seed.length],
      ] as const) {
        await copyEvents(store, seed.slice(from, to));
        await expectOnceEach(
          await Promise.all([
            catchUp(store, a, yielding, { pageSize: 5 }),
            catchUp(store, b, yielding, { pageSize: 5 }),
          ]),
          to - from,
        );
      }

      // A longer run with several commits; the second starts once the first has committed once,
      // so it reads documents that are ahead of the checkpoint it read.
      const before = (await store.head()).position;
      await appendPlan(
        store,
        syntheticPlan({ planId: 'race-plan', sections: 2, measuresPerSection: 8, entriesPerMeasure: 12, executors: 4 }),
      );
      let second: Promise<CatchUpResult> | undefined;
      const first = catchUp(store, a, yielding, {
        pageSize: 50,
        onProgress: () => {
          second ??= catchUp(store, b, yielding, { pageSize: 50 });
        },
      });
      const results = [await first];
      expect(second).toBeDefined();
      results.push(await second!);
      await expectOnceEach(results, (await store.head()).position - before);
    }),
  );

  it('in-memory views (as-of reads, publication) keep no trace of an event that failed half-way', async () => {
    const store = new MemoryEventStore();
    await copyEvents(store, await seedEvents());
    // A liquidation naming a successor the views never saw: the executor's document is
    // edited first, then the successor lookup throws.
    await store.append(
      'executor-smolensk-sport-office',
      [
        {
          type: 'ExecutorLiquidated',
          schemaVersion: 1,
          data: { executorId: 'smolensk-sport-office', effectiveDate: '2024-01-01', successorId: 'nobody' },
        },
      ],
      {
        expectedVersion: 'any',
        commandId: 'liquidate-to-nobody',
        actor: { keyId: 'import', role: 'system' },
        recordedAt: '2026-03-01T00:00:00.000Z',
      },
    );
    const views = new MemoryViewStore();
    await catchUp(store, views, ledgerProjection, { toPosition: 55 });
    const result = await catchUp(store, views, ledgerProjection);
    expect(result).toMatchObject({ status: 'failed', failedAt: 56, checkpoint: { position: 55 } });
    expect(await getExecutor(views, 'smolensk-sport-office')).toMatchObject({
      status: 'active',
      liquidation: null,
      position: 10,
    });
    expect(views.snapshot()).toEqual((await cleanReplay(store, 55)).snapshot);
  });
});
