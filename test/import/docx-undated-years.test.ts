// The same undated words reported in two years («Обмен информацией …» in 2022 and in 2023):
// each year's report, rendered and imported into the seeded ledger, brings its own entry in
// either order, and importing either file again changes nothing.
import { describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { importDocx } from '../../shared/import/docx';
import { renderDocx } from '../../shared/report/render-docx';
import type { EventStore } from '../../shared/store/event-store';
import { AT, directoryOf, reportOf, SEED_PLAN, SYSTEM, seededStore } from './support';

const TEXT = 'Обмен информацией о спортивных мероприятиях между ведомствами';
const YEARS = [2022, 2023] as const;

async function reportUndated(store: EventStore, year: number, reportId: string) {
  const command = {
    type: 'ReportExecution' as const,
    planId: SEED_PLAN,
    number: '9.1',
    reportId,
    executorId: 'smolensk-sport-office',
    period: { kind: 'none' as const, year },
    text: TEXT,
    actor: SYSTEM,
    at: AT,
  };
  await executeCommand(store, command, { commandId: reportId, fingerprint: reportId, recordedAt: AT });
}

/** Each year's report of a ledger holding the words undated in 2022 and in 2023. */
async function files(): Promise<Map<number, Uint8Array>> {
  const source = await seededStore();
  for (const year of YEARS) await reportUndated(source, year, `exchange-${year}`);
  const out = new Map<number, Uint8Array>();
  for (const year of YEARS) out.set(year, await renderDocx(await reportOf(source, SEED_PLAN, year)));
  return out;
}

const undatedIn = async (store: EventStore, year: number) =>
  (await reportOf(store, SEED_PLAN, year)).sections
    .flatMap((s) => s.measures)
    .flatMap((m) => m.entries.filter((e) => e.text === TEXT).map((e) => ({ number: m.number, year: e.period })));

const importFile = async (store: EventStore, file: Uint8Array, dryRun = false) =>
  importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT, dryRun });

describe('the same undated words in the 2022 and the 2023 report, imported into the seeded ledger', () => {
  it.each([
    [2022, 2023],
    [2023, 2022],
  ])('%i then %i: each brings its own entry; each imported again changes nothing', async (first, second) => {
    const docs = await files();
    const store = await seededStore();
    const ids: string[] = [];
    for (const year of [first, second]) {
      const dry = await importFile(store, docs.get(year)!, true);
      expect(dry.changes.entries.new.map((e) => [e.measure, e.period])).toEqual([['9.1', `undated, ${year}`]]);
      const applied = await importFile(store, docs.get(year)!);
      expect(applied.result).toMatchObject({ applied: 1, refused: [] });
      ids.push(applied.changes.entries.new[0]!.reportId);
    }
    expect(new Set(ids).size).toBe(2);
    expect(await undatedIn(store, 2022)).toHaveLength(1);
    expect(await undatedIn(store, 2023)).toHaveLength(1);
    const head = (await store.head()).position;
    for (const year of YEARS) {
      const again = await importFile(store, docs.get(year)!);
      expect(again.changes.entries.new).toEqual([]);
      expect(again.changes.entries.present.filter((e) => e.excerpt.startsWith('Обмен информацией о спорт'))).toEqual([
        expect.objectContaining({ reportId: ids[year === first ? 0 : 1] }),
      ]);
      expect(again.result).toMatchObject({ applied: 0, refused: [] });
    }
    expect((await store.head()).position).toBe(head);
  });

  it('a withdrawn entry keeps its id: the other year’s words get another one', async () => {
    const docs = await files();
    const store = await seededStore();
    const first = await importFile(store, docs.get(2022)!);
    const reportId = first.changes.entries.new[0]!.reportId;
    await executeCommand(
      store,
      {
        type: 'WithdrawExecution',
        planId: SEED_PLAN,
        number: '9.1',
        reportId,
        reason: 'Ошибочная запись',
        actor: SYSTEM,
        at: AT,
      },
      { commandId: 'withdraw-2022', fingerprint: 'withdraw-2022', recordedAt: AT },
    );
    const second = await importFile(store, docs.get(2023)!);
    expect(second.result).toMatchObject({ applied: 1, refused: [] });
    expect(second.changes.entries.new[0]!.reportId).not.toBe(reportId);
    expect(await undatedIn(store, 2023)).toHaveLength(1);
    expect(await undatedIn(store, 2022)).toHaveLength(0);
  });

  it('the words twice in one year, once already imported: the second row is a new entry', async () => {
    const once = await seededStore();
    await reportUndated(once, 2023, 'exchange-a');
    const twice = await seededStore();
    await reportUndated(twice, 2023, 'exchange-a');
    await reportUndated(twice, 2023, 'exchange-b');
    const store = await seededStore();
    await importFile(store, await renderDocx(await reportOf(once, SEED_PLAN, 2023)));
    const file = await renderDocx(await reportOf(twice, SEED_PLAN, 2023));
    const applied = await importFile(store, file);
    expect(applied.result).toMatchObject({ applied: 1, refused: [] });
    expect(await undatedIn(store, 2023)).toHaveLength(2);
    expect((await importFile(store, file)).result).toMatchObject({ applied: 0, refused: [] });
  });
});
