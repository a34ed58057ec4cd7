// Why an event too large for one commit may be split the way the projector splits it: for
// every event of a log that exercises every handler of ledgerProjection, write the documents
// the event did not read (UnitOfWork.split's parts), "crash", apply the event again from the
// start and commit it: the views equal a clean replay after every event. Writing everything
// but the checkpoint first (a naive split) does not: a re-applied event counts twice.
import { describe, expect, it } from 'vitest';
import { MemoryViewStore } from '../../shared/projections/memory-view-store';
import { catchUp } from '../../shared/projections/projector';
import { UnitOfWork } from '../../shared/projections/unit-of-work';
import { type EventEnvelope, type EventStore, iterateAll } from '../../shared/store/event-store';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import {
  addMeasureOf50,
  rawAppender,
  registerAgencies,
  swapExecutors,
  swapMeasureStream,
} from './support/executor-swap';
import { appendLaterEvents, importSeed, SEED_PLAN } from './support/seed-log';

/** The seed, the later events, and what they lack: liquidations, keys, a 50→50 executor swap. */
async function everyHandlerLog(): Promise<{ store: MemoryEventStore; events: EventEnvelope[] }> {
  const store = new MemoryEventStore();
  await importSeed(store);
  await appendLaterEvents(store);
  const append = rawAppender(store, 'split');
  await registerAgencies(append);
  // Two liquidated into one successor: the successor's predecessor count looks for the predecessor item first.
  for (const i of [1, 2])
    await append(`executor-agency-${i}`, 'ExecutorLiquidated', {
      executorId: `agency-${i}`,
      effectiveDate: '2025-01-01',
      successorId: 'agency-3',
    });
  const measure = swapMeasureStream(SEED_PLAN);
  await addMeasureOf50(append, SEED_PLAN);
  await swapExecutors(append, SEED_PLAN);
  await append(
    measure,
    'ExecutionReported',
    {
      planId: SEED_PLAN,
      number: '9.7',
      reportId: 'r-9.7-1',
      executorId: 'agency-51',
      period: { kind: 'month', year: 2023, month: 6 },
      text: 'Проведён форум',
    },
    2,
  );
  await append(measure, 'ExecutionCorrected', {
    planId: SEED_PLAN,
    number: '9.7',
    reportId: 'r-9.7-1',
    period: { kind: 'month', year: 2022, month: 6 },
    reason: 'год',
  });
  await append(measure, 'ExecutionWithdrawn', {
    planId: SEED_PLAN,
    number: '9.7',
    reportId: 'r-9.7-1',
    reason: 'ошибка',
  });
  await append('apikey-k-1', 'ApiKeyIssued', {
    keyId: 'k-1',
    role: 'auditor',
    label: 'аудитор',
    secretHash: 'ab'.repeat(32),
  });
  await append('apikey-k-1', 'ApiKeyRevoked', { keyId: 'k-1', reason: 'не нужен' });
  const events: EventEnvelope[] = [];
  for await (const event of iterateAll(store)) events.push(event);
  return { store, events };
}

/**
 * Applies each event as if the process died after writing part of it, then applies it again
 * from the start and commits; after each event, compares with the clean replay.
 * `early` picks what the first run wrote before the "crash".
 */
async function crashEveryEvent(
  store: Pick<EventStore, 'readAll'>,
  events: EventEnvelope[],
  early: (uow: UnitOfWork) => ReturnType<UnitOfWork['changes']>,
): Promise<{ divergedAt: EventEnvelope | null; eventsWithEarlyWrites: number }> {
  const crashy = new MemoryViewStore();
  const clean = new MemoryViewStore();
  let eventsWithEarlyWrites = 0;
  for (const event of events) {
    const at = await crashy.checkpoint();
    const first = new UnitOfWork(crashy);
    await ledgerProjection.apply(event, first);
    const written = early(first);
    if (written.length > 0) eventsWithEarlyWrites++;
    await crashy.commitPart(written, at);
    const again = new UnitOfWork(crashy);
    await ledgerProjection.apply(event, again);
    await crashy.commit(again.changes(), at, { position: event.position, hash: event.hash });

    const result = await catchUp(store, clean, ledgerProjection, { toPosition: event.position });
    expect(result.status).toBe('caught-up');
    if (JSON.stringify(crashy.snapshot()) !== JSON.stringify(clean.snapshot())) {
      return { divergedAt: event, eventsWithEarlyWrites };
    }
  }
  return { divergedAt: null, eventsWithEarlyWrites };
}

describe('re-applying an event after a crash between the parts of its split', () => {
  it('leaves the views of a clean replay, for every event of every handler', async () => {
    const { store, events } = await everyHandlerLog();
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'ExecutorRegistered',
      'ExecutorRenamed',
      'ExecutorLiquidated',
      'PlanCreated',
      'SectionAdded',
      'MeasureAdded',
      'MeasureAmended',
      'ExecutionReported',
      'ExecutionCorrected',
      'ExecutionWithdrawn',
      'ApiKeyIssued',
      'ApiKeyRevoked',
    ])
      expect(types).toContain(type);
    const outcome = await crashEveryEvent(store, events, (uow) => uow.split().parts.flat());
    expect(outcome.divergedAt).toBeNull();
    // Most events do write something before the crash (their new documents), so this is not vacuous.
    expect(outcome.eventsWithEarlyWrites).toBeGreaterThan(events.length / 2);
  }, 60_000);

  it('does not when the documents the event read are written before the crash too', async () => {
    const { store, events } = await everyHandlerLog();
    const outcome = await crashEveryEvent(store, events, (uow) => uow.changes());
    // The first event that reads what it changes (a section counted on the plan header) counts twice.
    expect(outcome.divergedAt?.type).toBe('SectionAdded');
  }, 60_000);
});
