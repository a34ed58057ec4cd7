// What a write is decided on stays small however long a measure's entries are: the
// measure's state keeps each text as a digest, and the cache counts what the state keeps,
// so many entries of the longest text neither fill the cache nor evict other streams.
import { describe, expect, it } from 'vitest';
import { commandPathFor } from '../../shared/commands/command-path';
import { executeCommand } from '../../shared/commands/execute';
import { runImport } from '../../shared/commands/run-import';
import { MAX_TEXT_LENGTH, MAX_TEXT_PER_MEASURE_YEAR, measureStreamId } from '../../shared/domain';
import { type MeasureState, textDigest } from '../../shared/domain/measure/state';
import { AppError } from '../../shared/errors';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { PLAN, seedFixture } from '../http/support';

const SYSTEM = { keyId: 'system', role: 'system' as const };
const COORDINATOR = { keyId: 'coordinator-1', role: 'coordinator' as const };
const ENTRIES = 300;

describe('the state a write is decided on', () => {
  it('keeps entry texts as digests, and the cache counts what the state keeps', async () => {
    const store = new MemoryEventStore();
    const at = new Date().toISOString();
    await runImport(store, seedFixture(), { actor: SYSTEM, at });
    const long = (i: number) => `${i} ${'Проведено мероприятие. '.repeat(MAX_TEXT_LENGTH)}`.slice(0, MAX_TEXT_LENGTH);
    // 300 of the longest entries in one year are past the measure's budget for a year
    // (MAX_TEXT_PER_MEASURE_YEAR), so the command path would refuse most of them: they are
    // written as a log from before the budget holds them, the largest state a measure has.
    const streamId = measureStreamId(PLAN, '9.1');
    let version = await store.streamVersion(streamId);
    for (let i = 0; i < ENTRIES; i++) {
      const data = {
        planId: PLAN,
        number: '9.1',
        reportId: `long-${i}`,
        executorId: 'smolensk-sport-office',
        period: { kind: 'day', date: '2023-07-01' },
        text: long(i),
      };
      await store.append(streamId, [{ type: 'ExecutionReported', schemaVersion: 2, data }], {
        expectedVersion: version++,
        commandId: `long-${i}`,
        actor: COORDINATOR,
        recordedAt: at,
      });
    }
    expect(ENTRIES * MAX_TEXT_LENGTH).toBeGreaterThan(MAX_TEXT_PER_MEASURE_YEAR);
    // The command path folds it (a withdrawal is always taken) and caches the state.
    await executeCommand(
      store,
      {
        type: 'WithdrawExecution',
        planId: PLAN,
        number: '9.1',
        reportId: 'long-0',
        reason: 'дубль',
        actor: COORDINATOR,
        at,
      },
      { commandId: 'withdraw-0', fingerprint: 'withdraw-0', recordedAt: at },
    );

    const path = commandPathFor(store);
    const cached = path.cache.get(measureStreamId(PLAN, '9.1'));
    const written = (await store.readStream(measureStreamId(PLAN, '9.1'))).reduce(
      (bytes, event) => bytes + JSON.stringify(event.data).length,
      0,
    );
    // 300 entries of 10,000 characters: about 3 million characters in the log...
    expect(written).toBeGreaterThan(ENTRIES * MAX_TEXT_LENGTH);
    // ...and a few hundred bytes each in the state and in the cache's count.
    const state = cached?.state as MeasureState;
    expect(state?.reports.size).toBe(ENTRIES + 8);
    expect(JSON.stringify(state).length).toBeLessThan(ENTRIES * 400);
    expect(cached?.weight).toBeLessThan(ENTRIES * 400);
    expect(state?.reports.toArray().at(-1)?.textDigest).toBe(textDigest(long(ENTRIES - 1)));

    // A correction is still told apart from one that changes nothing.
    const correct = (text: string, n: number) =>
      executeCommand(
        store,
        {
          type: 'CorrectExecution',
          planId: PLAN,
          number: '9.1',
          reportId: 'long-7',
          text,
          reason: 'опечатка',
          actor: COORDINATOR,
          at,
        },
        { commandId: `correct-${n}`, fingerprint: `correct-${n}`, recordedAt: at },
      );
    const same = await correct(long(7), 1).catch((error: unknown) => error);
    expect(same).toBeInstanceOf(AppError);
    expect((same as AppError).code).toBe('correction_changes_nothing');
    await correct('Исправленный текст', 2);
    const again = await correct('Исправленный текст', 3).catch((error: unknown) => error);
    expect((again as AppError).code).toBe('correction_changes_nothing');
    await correct('Исправленный тектс', 4);
    // Back to the long text is growth in a year past its budget: refused.
    const longer = await correct(long(7), 5).catch((error: unknown) => error);
    expect((longer as AppError).code).toBe('year_budget_exceeded');
  });
});
