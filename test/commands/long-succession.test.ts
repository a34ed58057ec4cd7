// A decision that rests on more streams than one transaction can check: an agency at the end
// of a line of 110 successors reporting for the measure the first was named on. It is refused
// with a message that says so, not that the command writes too many events, and nothing is
// written.
import { describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { runImport } from '../../shared/commands/run-import';
import { AppError } from '../../shared/errors';
import { formErrorsOf } from '../../shared/pages/messages';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { PLAN, SYSTEM, seedFixture } from '../http/support';

const AT = '2024-01-10T09:00:00.000Z';
const LINE = 110;

describe('a line of successors longer than one transaction can check', () => {
  it('is refused as too_many_events, naming the streams the decision rests on, and writes nothing', async () => {
    const store = new MemoryEventStore();
    expect((await runImport(store, seedFixture(), { actor: SYSTEM, at: AT })).refused).toEqual([]);
    let n = 0;
    const run = (command: Record<string, unknown>) =>
      executeCommand(store, { ...command, actor: SYSTEM, at: AT } as never, {
        commandId: `line-${++n}`,
        fingerprint: `line-${n}`,
        recordedAt: AT,
      });
    const ids = Array.from({ length: LINE }, (_, i) => `line-${i}`);
    for (const id of ids) {
      await run({
        type: 'RegisterExecutor',
        executorId: id,
        fullName: `Учреждение ${id}`,
        party: 'Смоленская область',
      });
    }
    let previous = 'smolensk-sport-office';
    for (const id of ids) {
      await run({ type: 'LiquidateExecutor', executorId: previous, effectiveDate: '2023-01-01', successorId: id });
      previous = id;
    }
    const head = (await store.head()).position;
    const refused = await executeCommand(
      store,
      {
        type: 'ReportExecution',
        planId: PLAN,
        number: '9.1',
        reportId: 'at-the-end-of-the-line',
        executorId: previous,
        period: { kind: 'day', date: '2023-07-01' },
        text: 'Турнир, проведённый преемником преемника',
        actor: { keyId: 'k', role: 'agency', executorId: previous },
        at: AT,
      },
      { commandId: 'report', fingerprint: 'report', recordedAt: AT },
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    const error = refused as AppError;
    expect(error.code).toBe('too_many_events');
    expect(error.message).toMatch(/writes 1 event\(s\) and its decision rests on \d+ other stream\(s\)/);
    expect(Number(error.extras.streamsChecked)).toBeGreaterThan(LINE);
    expect(formErrorsOf(error).form[0]).toContain('слишком длинную цепочку правопреемников');
    expect((await store.head()).position).toBe(head);
  });
});
