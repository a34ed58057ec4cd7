// The seed's log, built once in memory, and ways to copy it into a DynamoDB event
// store in slices (so a test can let the log grow between wake-ups).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runImport } from '../../../shared/commands/run-import';
import type { JsonValue } from '../../../shared/store/canonical';
import { type EventEnvelope, type EventStore, iterateAll } from '../../../shared/store/event-store';
import { MemoryEventStore } from '../../../shared/store/memory-event-store';

export const SEED_PLAN = 'spb-smolensk-2021-2023';
export const SEED_AT = '2026-01-15T09:00:00.000Z';
const seedPath = fileURLToPath(new URL('../../../shared/demo/seed-2023.json', import.meta.url));

/** Imports the seed fixture into a store through the real commands; fails on any refusal. */
export async function importSeed(store: EventStore): Promise<number> {
  const fixture: unknown = JSON.parse(readFileSync(seedPath, 'utf8'));
  const report = await runImport(store, fixture, { actor: { keyId: 'system', role: 'system' }, at: SEED_AT });
  if (report.refused.length > 0) throw new Error(`the seed import refused: ${JSON.stringify(report.refused)}`);
  return (await store.head()).position;
}

/** The seed's events as recorded by a fresh in-memory store. */
export async function seedEvents(): Promise<EventEnvelope[]> {
  const source = new MemoryEventStore();
  await importSeed(source);
  const events: EventEnvelope[] = [];
  for await (const event of iterateAll(source)) events.push(event);
  return events;
}

/**
 * Appends recorded events to another store, one append per original command, so the
 * target's log matches the source position by position. Slices must start at a command boundary.
 */
export async function copyEvents(target: EventStore, events: EventEnvelope[]): Promise<void> {
  for (let i = 0; i < events.length; ) {
    const first = events[i]!;
    let j = i + 1;
    while (j < events.length && events[j]!.metadata.commandId === first.metadata.commandId) j++;
    await target.append(
      first.streamId,
      events
        .slice(i, j)
        .map((e) => ({ type: e.type, schemaVersion: e.schemaVersion, data: e.data, eventId: e.eventId })),
      {
        expectedVersion: first.version - 1 === 0 ? 'no-stream' : first.version - 1,
        commandId: first.metadata.commandId,
        actor: first.metadata.actor,
        recordedAt: first.recordedAt,
      },
    );
    i = j;
  }
}

/**
 * What happens after the import, in the domain's event shapes: a correction, a
 * withdrawal, a rename, a change of a measure's executors, a new entry. Together
 * with the seed they exercise every view document the projection writes.
 */
export async function appendLaterEvents(store: EventStore, at = '2026-03-02T08:00:00.000Z'): Promise<number> {
  const actor = { keyId: 'coordinator-1', role: 'coordinator' };
  const measure = (number: string) => `measure-${SEED_PLAN}-${number}`;
  const steps: Array<[string, string, { [key: string]: JsonValue }, number]> = [
    [
      measure('9.1'),
      'ExecutionCorrected',
      {
        planId: SEED_PLAN,
        number: '9.1',
        reportId: '2023-9.1-03',
        participants: 40,
        reason: 'опечатка в числе участников',
      },
      1,
    ],
    [
      measure('8.2'),
      'ExecutionWithdrawn',
      { planId: SEED_PLAN, number: '8.2', reportId: '2023-8.2-02', reason: 'запись повторяет 8.2-01' },
      1,
    ],
    [
      'executor-smolensk-culture-dept',
      'ExecutorRenamed',
      {
        executorId: 'smolensk-culture-dept',
        newName: 'Министерство культуры Смоленской области',
        effectiveDate: '2024-01-01',
      },
      1,
    ],
    [
      measure('7.1'),
      'MeasureAmended',
      {
        planId: SEED_PLAN,
        number: '7.1',
        executors: [
          {
            executorId: 'smolensk-employment-dept',
            nameInPlan: 'Департамент Смоленской области по занятости населения',
          },
        ],
        reason: 'исполнитель сменился',
      },
      1,
    ],
    [
      measure('2.1'),
      'ExecutionReported',
      {
        planId: SEED_PLAN,
        number: '2.1',
        reportId: '2023-2.1-02',
        executorId: 'smolensk-tourism-center',
        period: { kind: 'month', year: 2023, month: 11 },
        text: 'Проведён информационный тур для туроператоров Санкт-Петербурга.',
      },
      2,
    ],
  ];
  for (const [i, [streamId, type, data, schemaVersion]] of steps.entries()) {
    await store.append(streamId, [{ type, schemaVersion, data }], {
      expectedVersion: 'any',
      commandId: `later-${i}-${type}`,
      actor,
      recordedAt: at,
    });
  }
  return (await store.head()).position;
}
