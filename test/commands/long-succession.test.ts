// What a decision rests on, against what one transaction can check. An agency at the end of a
// line of 110 successors reports for the measure the first was named on: the 110 it succeeded
// are liquidated, their streams final, so the commit checks only the live ones (until red
// team 6 it checked all 111 and refused: too_many_events). A decision that does rest on more
// live streams than a transaction holds (a measure-year near a share whose entries are of 100
// live executors) is refused with a message that says so, and nothing is written.
import { describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { runImport } from '../../shared/commands/run-import';
import { AppError } from '../../shared/errors';
import { formErrorsOf } from '../../shared/pages/messages';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { PLAN, SYSTEM, seedFixture } from '../http/support';

const AT = '2024-01-10T09:00:00.000Z';
const LINE = 110;

async function seeded() {
  const store = new MemoryEventStore();
  expect((await runImport(store, seedFixture(), { actor: SYSTEM, at: AT })).refused).toEqual([]);
  let n = 0;
  const run = (command: Record<string, unknown>) =>
    executeCommand(store, { ...command, actor: SYSTEM, at: AT } as never, {
      commandId: `setup-${++n}`,
      fingerprint: `setup-${n}`,
      recordedAt: AT,
    });
  const register = (id: string) =>
    run({ type: 'RegisterExecutor', executorId: id, fullName: `Учреждение ${id}`, party: 'Смоленская область' });
  return { store, run, register };
}

const report = (executorId: string, reportId: string, actor: Record<string, unknown>) => ({
  type: 'ReportExecution',
  planId: PLAN,
  number: '9.1',
  reportId,
  executorId,
  period: { kind: 'day', date: '2023-07-01' },
  text: 'Турнир, проведённый преемником преемника',
  actor,
  at: AT,
});

describe('a line of 110 successors', () => {
  it('reports for the measure the first of them was named on: the commit checks only the live streams', async () => {
    const { store, run, register } = await seeded();
    const ids = Array.from({ length: LINE }, (_, i) => `line-${i}`);
    for (const id of ids) await register(id);
    let previous = 'smolensk-sport-office';
    for (const id of ids) {
      await run({ type: 'LiquidateExecutor', executorId: previous, effectiveDate: '2023-01-01', successorId: id });
      previous = id;
    }
    const written = await executeCommand(
      store,
      report(previous, 'at-the-end-of-the-line', { keyId: 'k', role: 'agency', executorId: previous }) as never,
      { commandId: 'report', fingerprint: 'report', recordedAt: AT },
    );
    expect(written.duplicate).toBe(false);
  });
});

describe('a decision resting on more live streams than one transaction checks', () => {
  it('is refused as too_many_events, naming the streams the decision rests on, and writes nothing', async () => {
    const { store, run, register } = await seeded();
    // 9.1's 2023 at the live share: the seed's 8 entries, 4 of each of 100 live executors named
    // on it in turn, 92 more of the last: 500 entries, so a write reads every executor with one.
    const ids = Array.from({ length: 100 }, (_, i) => `agency-${i}`);
    for (const id of ids) await register(id);
    for (const batch of [ids.slice(0, 50), ids.slice(50)]) {
      const executors = batch.map((executorId) => ({ executorId }));
      await run({ type: 'AmendMeasure', planId: PLAN, number: '9.1', executors });
      for (const id of batch) {
        for (let i = 0; i < 4; i++) await run(report(id, `${id}-${i}`, {}));
      }
    }
    for (let i = 4; i < 96; i++) await run(report('agency-99', `agency-99-${i}`, {}));
    const head = (await store.head()).position;
    const refused = await executeCommand(
      store,
      report('agency-99', 'one-more', { keyId: 'k', role: 'agency', executorId: 'agency-99' }) as never,
      { commandId: 'report', fingerprint: 'report', recordedAt: AT },
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    const error = refused as AppError;
    expect(error.code).toBe('too_many_events');
    expect(error.message).toMatch(/writes 1 event\(s\) and its decision rests on \d+ other stream\(s\)/);
    expect(Number(error.extras.streamsChecked)).toBeGreaterThan(100);
    expect(formErrorsOf(error).form[0]).toContain('слишком много сведений сразу');
    expect((await store.head()).position).toBe(head);
  });
});
