// The views compared with the log while the projector is half-way through an event too large
// for one commit (its leading parts written, the checkpoint not yet moved), and while the
// checkpoint keeps moving: neither is tampering. In memory, so each state is exact.
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyStore } from '../../shared/audit/verify';
import { verifyViews } from '../../shared/audit/verify-views';
import { MemoryViewStore } from '../../shared/projections/memory-view-store';
import { catchUp } from '../../shared/projections/projector';
import { UnitOfWork } from '../../shared/projections/unit-of-work';
import type { ScannableViews } from '../../shared/projections/view-store';
import { type EventEnvelope, iterateAll } from '../../shared/store/event-store';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { addMeasureOf50, rawAppender, registerAgencies, swapExecutors } from '../projections/support/executor-swap';
import { importSeed, SEED_PLAN } from '../projections/support/seed-log';

let store: MemoryEventStore;
let events: EventEnvelope[];

/** The seed, 100 executors, a measure of 50 of them, then those 50 swapped for the other 50 (too large for one commit). */
beforeAll(async () => {
  store = new MemoryEventStore();
  await importSeed(store);
  const append = rawAppender(store, 'views');
  await registerAgencies(append);
  await addMeasureOf50(append, SEED_PLAN);
  await swapExecutors(append, SEED_PLAN);
  events = [];
  for await (const event of iterateAll(store)) events.push(event);
});

/** The views built to just before the last event, with that event's leading parts written as the projector writes them. */
async function halfWayThroughTheSplit() {
  const live = new MemoryViewStore();
  const before = events.length - 1;
  expect((await catchUp(store, live, ledgerProjection, { toPosition: before })).status).toBe('caught-up');
  const uow = new UnitOfWork(live);
  await ledgerProjection.apply(events[before]!, uow);
  expect(uow.over).toBe(true);
  const { parts } = uow.split();
  for (const part of parts) await live.commitPart(part, await live.checkpoint());
  return { live, written: parts.flat() };
}

describe('the live views compared with a replay of the log', () => {
  it('takes the leading parts of a split event, written ahead of the checkpoint, for what they are', async () => {
    const { live, written } = await halfWayThroughTheSplit();
    expect(written.length).toBeGreaterThan(0);
    const report = await verifyViews(store, async () => live);
    expect(report).toMatchObject({ ok: true, settled: true, position: events.length - 1, problems: [] });
    expect(report.partsInFlight).toBe(written.length);
  });

  it('still names a document of those parts that holds something else', async () => {
    const { live, written } = await halfWayThroughTheSplit();
    const target = written.find((change) => change.doc !== null)!;
    await live.commitPart([{ ...target, doc: { ...target.doc!, altered: true } }], await live.checkpoint());
    const report = await verifyViews(store, async () => live);
    expect(report).toMatchObject({ ok: false, settled: true, problemCount: 1 });
    expect(report.problems).toEqual([
      // A document the event creates: not in the log's state at the checkpoint, and not what the parts write.
      { kind: 'view_extra', pk: target.pk, sk: target.sk, detail: expect.any(String) },
    ]);
  });

  it("names the next event's documents when that event fits one commit (its documents come with the checkpoint)", async () => {
    const live = new MemoryViewStore();
    const before = events.length - 2; // the next event is MeasureAdded: one commit
    await catchUp(store, live, ledgerProjection, { toPosition: before });
    const uow = new UnitOfWork(live);
    await ledgerProjection.apply(events[before]!, uow);
    expect(uow.over).toBe(false);
    await live.commitPart(uow.changes(), await live.checkpoint());
    const report = await verifyViews(store, async () => live);
    expect(report.ok).toBe(false);
    expect(report.problemCount).toBe(uow.changes().length);
  });

  it('says the views kept moving when the checkpoint moves during every read, and compares nothing', async () => {
    const live = new MemoryViewStore();
    await catchUp(store, live, ledgerProjection, { toPosition: 10 });
    let position = 10;
    const moving: ScannableViews = {
      generation: 1,
      // Each reading one event further: as a projector that commits during every scan.
      checkpoint: async () => {
        await catchUp(store, live, ledgerProjection, { toPosition: ++position });
        return live.checkpoint();
      },
      documents: () => live.documents(),
    };
    const report = await verifyViews(store, async () => moving, { attempts: 3, pauseMs: 0 });
    expect(report).toMatchObject({ ok: false, settled: false, attempts: 3, problems: [], problemCount: 0 });
  });

  it('tries again when a rebuild switches the generation readers use during the read', async () => {
    const live = new MemoryViewStore();
    await catchUp(store, live, ledgerProjection);
    let opened = 0;
    // The active generation as each open finds it: 1, then 2 from the second open on.
    const open = async (): Promise<ScannableViews> => {
      const generation = ++opened === 1 ? 1 : 2;
      return { generation, checkpoint: () => live.checkpoint(), documents: () => live.documents() };
    };
    const report = await verifyViews(store, open, { pauseMs: 0 });
    expect(report).toMatchObject({ ok: true, settled: true, generation: 2, attempts: 2 });
  });

  it('gives up, comparing nothing, when the time given runs out: the verdict says not checked, not altered', async () => {
    const live = new MemoryViewStore();
    await catchUp(store, live, ledgerProjection);
    let clock = 0;
    // Each look at the clock a second later: the deadline passes after the replay, before the scan.
    const report = await verifyViews(store, async () => live, { deadline: 1_500, now: () => (clock += 1_000) });
    expect(report).toMatchObject({ ok: false, settled: false, unsettled: 'time', problems: [] });

    const verdict = await verifyStore(store, {}, { views: async () => live, viewsDeadline: 0 });
    expect(verdict).toMatchObject({ ok: false, problem: 'views_unchecked', views: { unsettled: 'time' } });
    // With time, the same views verify.
    expect(await verifyStore(store, {}, { views: async () => live })).toMatchObject({ ok: true, views: { ok: true } });
  });
});
