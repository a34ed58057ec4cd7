// A footnote lists an executor's renames as they took effect. New renames come in date order
// (an earlier one is refused: rename_out_of_order), but a log written before that rule may
// hold them out of order; its report still reads in date order, each year with the renames
// in force by its end.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '../../scripts/lib/demo';
import { runImport } from '../../shared/commands/run-import';
import { buildReportModel } from '../../shared/report/build-model';
import type { ReportModel } from '../../shared/report/model';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { replayViews } from '../../shared/views/replay';
import { rawAppender } from '../projections/support/executor-swap';

const PLAN = 'spb-smolensk-2021-2023';
const CULTURE = 'smolensk-culture-dept';
const MINISTRY = 'Министерство культуры Смоленской области';
const DEPARTMENT = 'Департамент культуры и туризма Смоленской области';

let store: MemoryEventStore;

async function report(year: number): Promise<ReportModel> {
  const state = await replayViews(store, {});
  return buildReportModel(state.views, { planId: PLAN, year, position: state.position, chainHash: state.hash });
}

const cultureNote = (model: ReportModel) => model.footnotes.find((note) => note.executorId === CULTURE)?.text;

beforeAll(async () => {
  store = new MemoryEventStore();
  const envelope = { actor: { keyId: 'system', role: 'system' }, at: '2024-01-10T09:00:00.000Z' } as const;
  expect((await runImport(store, loadSeed(), envelope)).refused).toEqual([]);
  // As an old log holds them: the 2023 rename recorded first, the 2022 one after it.
  const append = rawAppender(store, 'old-renames');
  await append(`executor-${CULTURE}`, 'ExecutorRenamed', {
    executorId: CULTURE,
    newName: MINISTRY,
    effectiveDate: '2023-05-01',
  });
  await append(`executor-${CULTURE}`, 'ExecutorRenamed', {
    executorId: CULTURE,
    newName: DEPARTMENT,
    effectiveDate: '2022-01-01',
  });
});

describe('renames recorded out of date order (an old log)', () => {
  it('the 2023 footnote lists them by effective date', async () => {
    expect(cultureNote(await report(2023))).toBe(
      `переименовано с 01.01.2022 года в ${DEPARTMENT}; переименовано с 01.05.2023 года в ${MINISTRY}`,
    );
  });

  it('the 2022 footnote lists only the rename in force by the end of 2022', async () => {
    expect(cultureNote(await report(2022))).toBe(`переименовано с 01.01.2022 года в ${DEPARTMENT}`);
  });
});
