// One event may change more view documents than one DynamoDB transaction holds (100
// actions): a measure's executors each have a worklist item, and a measure may name 50.
// Against DynamoDB Local: the 50→50 amendment over HTTP, a measure with 50 executors
// in a full batch, a crash between the commits of a split event, and a rebuild of that
// log, each compared with a clean replay of the same log into memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DomainEvent, EVENT_SCHEMA_VERSIONS, executorStreamId, measureStreamId } from '../../shared/domain';
import { MAX_EXECUTORS_PER_MEASURE } from '../../shared/domain/limits';
import { DynamoViewStore } from '../../shared/projections/dynamo-view-store';
import { type CatchUpResult, catchUp, type Projection } from '../../shared/projections/projector';
import { rebuildViews } from '../../shared/projections/rebuild';
import type { Checkpoint, ViewChange, ViewWriter } from '../../shared/projections/view-store';
import { wake } from '../../shared/projections/wake';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { silentLogger } from '../../shared/runtime/logger';
import { StoreUnavailableError } from '../../shared/store/errors';
import type { EventStore, NewEvent } from '../../shared/store/event-store';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { getMeasure, getWorklist } from '../../shared/views/queries';
import { type Harness, harness, importSeed, PLAN } from '../http/support';
import { createTestTables, type TestTables } from '../support/dynamo';
import { appendPlan, type PlannedAppend, syntheticPlan } from './support/synthetic-plan';
import { cleanReplay, generationSnapshot } from './support/views';

const SMOLENSK = 'Смоленская область';
const N = MAX_EXECUTORS_PER_MEASURE;
const exec = (i: number) => `exec-${String(i).padStart(3, '0')}`;
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const event = (e: DomainEvent): NewEvent => ({
  type: e.type,
  schemaVersion: EVENT_SCHEMA_VERSIONS[e.type],
  data: e.data as NewEvent['data'],
});

describe('over HTTP: a measure whose 50 executors are swapped for 50 others', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness('oversized-http');
    await importSeed(h);
  }, 60_000);
  afterAll(() => h.close());

  it('is projected: the worklists move, /health stays ok, the views equal a clean replay', async () => {
    const coordinator = await h.key('coordinator');
    for (const i of range(1, 2 * N)) {
      const res = await h.call('POST', '/v1/executors', coordinator, {
        executorId: `agency-${i}`,
        fullName: `Учреждение №${i}`,
        party: SMOLENSK,
      });
      expect(res.status).toBe(201);
    }
    const added = await h.call('POST', `/v1/plans/${PLAN}/measures`, coordinator, {
      number: '9.7',
      sectionNumber: '9',
      title: 'Совместные спортивные мероприятия',
      term: '2021-2023 годы',
      fromYear: 2021,
      toYear: 2023,
      executors: range(1, N).map((i) => ({ executorId: `agency-${i}` })),
    });
    expect(added.status).toBe(201);
    const amended = await h.call('PATCH', `/v1/plans/${PLAN}/measures/9.7`, coordinator, {
      executors: range(N + 1, N).map((i) => ({ executorId: `agency-${i}` })),
      reason: 'Исполнители переданы другому ведомству',
    });
    expect(amended.status).toBe(201);

    // One wake over the whole run: registrations, the measure (53 changes) and the amendment (103).
    const result = await wake({
      store: h.system.store,
      views: () => h.system.views(),
      projection: ledgerProjection,
      logger: silentLogger,
    });
    const head = await h.system.store.head();
    expect(result).toMatchObject({ status: 'caught-up', checkpoint: { position: head.position } });
    const health = await h.call('GET', '/health', null);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', views: { position: head.position, lag: 0 } });

    const views = await h.system.views();
    expect((await getMeasure(views, PLAN, '9.7')).executors.map((x) => x.executorId)).toEqual(
      range(N + 1, N).map((i) => `agency-${i}`),
    );
    for (const i of [1, N]) expect((await getWorklist(views, `agency-${i}`, 2023)).map((w) => w.number)).toEqual([]);
    for (const i of [N + 1, 2 * N])
      expect((await getWorklist(views, `agency-${i}`, 2023)).map((w) => w.number)).toEqual(['9.7']);
    // Reads that wait for the amendment's position are answered.
    const read = await h.call('GET', `/v1/plans/${PLAN}/measures/9.7?minPosition=${head.position}`, coordinator);
    expect(read.status).toBe(200);

    const clean = await cleanReplay(h.system.store);
    const generation = (views as DynamoViewStore).generation;
    expect(await generationSnapshot(h.tables.client, h.tables.names.views, generation)).toEqual(clean.snapshot);
  }, 120_000);
});

/**
 * A synthetic plan (full batches: dozens of measures and entries) with 100 executors, then
 * measure 1.51 with executors 50-99 and 1.50 with 0-49 (together past one commit), 1.50's
 * amendment to executors 50-99, an entry on it, and one more executor.
 */
async function bigMeasureLog(): Promise<{ store: MemoryEventStore; added: number; amended: number }> {
  const store = new MemoryEventStore();
  const planId = 'big-plan';
  const appends: PlannedAppend[] = syntheticPlan({
    planId,
    sections: 2,
    measuresPerSection: 10,
    entriesPerMeasure: 4,
    executors: 2 * N,
  });
  const executors = (from: number) =>
    range(from, N).map((i) => ({ executorId: exec(i), nameInPlan: `Исполнитель ${i}` }));
  const measureAdded = (number: string, from: number) =>
    event({
      type: 'MeasureAdded',
      data: {
        planId,
        number,
        sectionNumber: '1',
        title: `Мероприятие ${number} со многими исполнителями`,
        term: '2021-2025 годы',
        fromYear: 2021,
        toYear: 2025,
        executors: executors(from),
      },
    });
  appends.push({ streamId: measureStreamId(planId, '1.51'), events: [measureAdded('1.51', N)] });
  appends.push({
    streamId: measureStreamId(planId, '1.50'),
    events: [
      measureAdded('1.50', 0),
      event({ type: 'MeasureAmended', data: { planId, number: '1.50', executors: executors(N), reason: 'Передача' } }),
      event({
        type: 'ExecutionReported',
        data: {
          planId,
          number: '1.50',
          reportId: 'r-1.50-1',
          executorId: exec(N),
          period: { kind: 'day', date: '2023-05-05' },
          text: 'Проведён форум',
        },
      }),
    ],
  });
  appends.push({
    streamId: executorStreamId('late'),
    events: [event({ type: 'ExecutorRegistered', data: { executorId: 'late', fullName: 'Позднее', party: SMOLENSK } })],
  });
  await appendPlan(store, appends);
  const head = (await store.head()).position;
  return { store, added: head - 3, amended: head - 2 };
}

/**
 * The views, but the process dies at the `crashOn`-th write (0: the first) of the event at
 * `position`: a part (commitPart) or its last commit. Everything else goes to the store.
 */
function crashing(inner: DynamoViewStore, position: number, crashOn: number) {
  const writes: string[] = [];
  let armed = true;
  const write = async (kind: string, at: number, run: () => Promise<void>) => {
    if (at === position) {
      if (armed && writes.length === crashOn) {
        armed = false;
        throw new Error(`simulated crash before write ${crashOn} of position ${position}`);
      }
      writes.push(kind);
    }
    await run();
  };
  const writer: ViewWriter = {
    get: (pk, sk) => inner.get(pk, sk),
    getMany: (keys) => inner.getMany(keys),
    query: (pk, prefix, options) => inner.query(pk, prefix, options),
    checkpoint: () => inner.checkpoint(),
    projectorFailure: () => inner.projectorFailure(),
    recordFailure: (failure) => inner.recordFailure(failure),
    commitPart: (changes: ViewChange[], at: Checkpoint) =>
      write('part', at.position + 1, () => inner.commitPart(changes, at)),
    commit: (changes: ViewChange[], from: Checkpoint, to: Checkpoint) =>
      write('last', to.position, () => inner.commit(changes, from, to)),
  };
  return { writer, writes };
}

const withTables = (label: string, body: (t: TestTables) => Promise<void>) => async () => {
  const tables = await createTestTables(label);
  try {
    await body(tables);
  } finally {
    await tables.drop();
  }
};

describe('into DynamoDB views: events larger than one transaction', () => {
  it(
    'a measure added with 50 executors and amended to 50 others, in full batches, is written and equals a clean replay',
    withTables('oversized-batch', async (t) => {
      const { store, added } = await bigMeasureLog();
      const head = await store.head();
      const views = new DynamoViewStore(t.client, t.names.views, 1);
      const committed: number[] = [];
      const result = await catchUp(store, views, ledgerProjection, {
        onProgress: (p) => committed.push(p.position),
      });
      expect(result).toMatchObject({ status: 'caught-up', applied: head.position, checkpoint: head });
      // 1.50 would take the commit with 1.51 past the limit: 1.51's commit ends before it. Its
      // amendment (103 changes) goes in parts of its own.
      expect(committed).toContain(added - 1);
      expect(committed).toContain(added);
      expect(committed).toContain(added + 1);
      const clean = await cleanReplay(store);
      expect(await generationSnapshot(t.client, t.names.views, 1)).toEqual(clean.snapshot);
      expect((await getWorklist(views, exec(N), 2023)).map((w) => w.number)).toContain('1.50');
      expect((await getWorklist(views, exec(0), 2023)).map((w) => w.number)).not.toContain('1.50');
    }),
    120_000,
  );

  // The amendment's 50 deletes, 50 puts and history (101 documents it did not read) take two
  // parts; the measure it read goes with the checkpoint in the third commit.
  it.each([
    ['between the two parts', 1],
    ['before the last commit', 2],
  ])(
    'a crash %s of the 50→50 amendment: the next catch-up makes the views equal a clean replay',
    async (_, crashOn) => {
      await withTables('oversized-crash', async (t) => {
        const { store, added, amended } = await bigMeasureLog();
        const head = await store.head();
        const inner = new DynamoViewStore(t.client, t.names.views, 1);
        const run = crashing(inner, amended, crashOn);

        const first = await catchUp(store, run.writer, ledgerProjection);
        expect(first).toMatchObject({ status: 'failed', failedAt: amended, checkpoint: { position: added } });
        expect(run.writes).toEqual(['part', 'part'].slice(0, crashOn));
        // What the crash left: the first part(s) written, the measure still naming the old executors.
        expect((await getMeasure(inner, 'big-plan', '1.50')).executors[0]?.executorId).toBe(exec(0));
        expect((await getWorklist(inner, exec(0), 2023)).map((w) => w.number)).not.toContain('1.50');

        const second = await catchUp(store, run.writer, ledgerProjection);
        expect(second).toMatchObject({ status: 'caught-up', checkpoint: head });
        expect(run.writes).toEqual(['part', 'part'].slice(0, crashOn).concat(['part', 'part', 'last']));
        const clean = await cleanReplay(store);
        expect(await generationSnapshot(t.client, t.names.views, 1)).toEqual(clean.snapshot);
      })();
    },
    120_000,
  );

  it(
    'a second projector runs while the first is between the parts of the amendment: the first is superseded, the views equal a clean replay',
    withTables('oversized-race', async (t) => {
      const { store, amended } = await bigMeasureLog();
      const head = await store.head();
      const inner = new DynamoViewStore(t.client, t.names.views, 1);
      const other = new DynamoViewStore(t.client, t.names.views, 1);
      let second: CatchUpResult | undefined;
      // The first projector's views: after its first part of the amendment, the other projector
      // runs to the head before the first goes on.
      const first: ViewWriter = {
        get: (pk, sk) => inner.get(pk, sk),
        getMany: (keys) => inner.getMany(keys),
        query: (pk, prefix, options) => inner.query(pk, prefix, options),
        checkpoint: () => inner.checkpoint(),
        projectorFailure: () => inner.projectorFailure(),
        recordFailure: (failure) => inner.recordFailure(failure),
        async commitPart(changes, at) {
          await inner.commitPart(changes, at);
          if (at.position + 1 === amended) second ??= await catchUp(store, other, ledgerProjection);
        },
        commit: (changes, from, to) => inner.commit(changes, from, to),
      };
      const result = await catchUp(store, first, ledgerProjection);
      expect(second).toMatchObject({ status: 'caught-up', checkpoint: head });
      expect(result).toMatchObject({ status: 'superseded', checkpoint: head });
      expect(await generationSnapshot(t.client, t.names.views, 1)).toEqual((await cleanReplay(store)).snapshot);
    }),
    120_000,
  );

  it(
    'a rebuild over the same log takes the same path and equals a clean replay',
    withTables('oversized-rebuild', async (t) => {
      const { store } = await bigMeasureLog();
      const head = await store.head();
      const report = await rebuildViews({
        store: store as EventStore,
        client: t.client,
        table: t.names.views,
        projection: ledgerProjection,
      });
      expect(report).toMatchObject({ generation: 2, position: head.position, hash: head.hash });
      const clean = await cleanReplay(store);
      expect(await generationSnapshot(t.client, t.names.views, 2)).toEqual(clean.snapshot);
    }),
    120_000,
  );

  it(
    'a commit that cannot reach DynamoDB stays an exception (the wake is retried), not a stuck projector',
    withTables('oversized-unavailable', async (t) => {
      const { store } = await bigMeasureLog();
      const views = new DynamoViewStore(t.client, t.names.views, 1);
      // Commits go to a port nothing listens on: what the SDK reports when DynamoDB cannot be reached.
      const nowhere = createDynamoClient({ endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
      const unreachable = new DynamoViewStore(nowhere, t.names.views, 1);
      const writer: ViewWriter = {
        get: (pk, sk) => views.get(pk, sk),
        getMany: (keys) => views.getMany(keys),
        query: (pk, prefix, options) => views.query(pk, prefix, options),
        checkpoint: () => views.checkpoint(),
        projectorFailure: () => views.projectorFailure(),
        recordFailure: (failure) => views.recordFailure(failure),
        commitPart: (changes, at) => unreachable.commitPart(changes, at),
        commit: (changes, from, to) => unreachable.commit(changes, from, to),
      };
      try {
        await expect(
          wake({ store, views: async () => writer, projection: ledgerProjection, logger: silentLogger }),
        ).rejects.toBeInstanceOf(StoreUnavailableError);
      } finally {
        nowhere.destroy();
      }
      expect(await views.checkpoint()).toMatchObject({ position: 0 });
      expect(await views.projectorFailure()).toBeNull();
    }),
    60_000,
  );

  it(
    'an event over the byte limit is split by bytes; one that changes more documents it read than a commit holds fails at that event and writes nothing',
    withTables('oversized-bytes', async (t) => {
      const { store } = await bigMeasureLog();
      const head = await store.head();
      const heavyAt = 10;
      const readingAt = 20;
      const big = 'ж'.repeat(120 * 1024); // about 240 KB of UTF-8
      // A projection (not ledgerProjection, whose documents and reads are far smaller) that at
      // heavyAt writes 20 documents of 240 KB (4.8 MB: past one transaction), and at readingAt
      // reads and rewrites 100 documents.
      const projection: Projection = {
        async apply(event, tx) {
          await ledgerProjection.apply(event, tx);
          if (event.position === heavyAt) for (const i of range(1, 20)) tx.put('heavy', `doc-${i}`, { text: big });
          if (event.position === readingAt)
            for (const i of range(1, 100)) {
              await tx.get('counted', `doc-${i}`);
              tx.put('counted', `doc-${i}`, { n: i });
            }
        },
      };
      const views = new DynamoViewStore(t.client, t.names.views, 1);
      const result = await catchUp(store, views, projection);
      expect(result).toMatchObject({ status: 'failed', failedAt: readingAt, checkpoint: { position: readingAt - 1 } });
      expect((result as { error: Error & { code?: string } }).error.code).toBe('view_event_too_large');
      expect(await views.query('heavy')).toHaveLength(20);
      expect(await views.query('counted')).toEqual([]);
      // With the projection fixed, the next wake goes on from there.
      expect(await catchUp(store, views, ledgerProjection)).toMatchObject({ status: 'caught-up', checkpoint: head });
    }),
    60_000,
  );
});
