// Hand-edited joint reports over the demo ledger (the seed and the illustrative Saint
// Petersburg part): a measure listed twice, once per party, as when two party reports are
// pasted together; and a party's rows kept alone, its heading «Санкт-Петербург» left
// above its executor. Either way an entry goes to its own party's executor, and the
// party's name never becomes an executor.
import { describe, expect, it } from 'vitest';
import { illustrativeSteps, loadIllustrative } from '../../scripts/lib/demo';
import { runSteps } from '../../shared/commands/run-import';
import { importDocx } from '../../shared/import/docx';
import type { EventStore } from '../../shared/store/event-store';
import { br, cell, docx, HEADER_ROW, p, tbl, tc, tr } from './docx-xml';
import { AT, directoryOf, reportOf, SEED_PLAN, SYSTEM, seededStore, seedFixture } from './support';

const SPB = 'Санкт-Петербург';
const SPB_SPORT = 'Комитет по физической культуре и спорту Санкт-Петербурга';
const SMOLENSK_SPORT = 'Главное управление спорта Смоленской области';
const SPB_ENTRY = '6 мая 2023 года RT3 петербургская запись';
const SPB_ENTRY_2 = 'В июне 2023 года RT3 вторая петербургская запись';
const SMOLENSK_ENTRY = '7 мая 2023 года RT3 смоленская запись';

const seed = seedFixture();
const section9 = seed.sections.find((s: any) => s.number === '9') as { title: string };
const measure91 =
  section9 && (seed.sections.flatMap((s: any) => s.measures).find((m: any) => m.number === '9.1') as any);

const HEADING = [
  p('Отчет об исполнении в 2023 году'),
  p(
    'Плана мероприятий «Дорожной карты» по развитию сотрудничества между Санкт-Петербургом и Смоленской областью на 2021-2023 годы (далее – План)',
  ),
].join('');
const sectionRow = tr(tc({ span: 5 }, p(`9. ${section9.title}`)));
const measureRow = (executors: string[], entry: string) =>
  tr(
    tc({ vMerge: 'restart' }, p('9.1.')),
    tc({ vMerge: 'restart' }, p(measure91.title)),
    tc({ vMerge: 'restart' }, p(measure91.term)),
    tc({ vMerge: 'restart' }, ...executors),
    cell(entry),
  );
const entryRow = (entry: string) =>
  tr(
    tc({ vMerge: 'continue' }),
    tc({ vMerge: 'continue' }),
    tc({ vMerge: 'continue' }),
    tc({ vMerge: 'continue' }),
    cell(entry),
  );
const fileOf = (...rows: string[]) => docx(HEADING + tbl(HEADER_ROW, sectionRow, ...rows));

/** The demo ledger: the seed and the illustrative Saint Petersburg part. */
async function demoStore(): Promise<EventStore> {
  const store = await seededStore();
  const envelope = { actor: SYSTEM, at: AT };
  expect((await runSteps(store, illustrativeSteps(loadIllustrative(), envelope), envelope)).refused).toEqual([]);
  return store;
}

/** Imports the file into a copy of the demo ledger; the file's entries of 9.1 with their reporter, as [text, executorId], by text. */
async function imported(file: Uint8Array) {
  const store = await demoStore();
  const result = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT });
  const measure = (await reportOf(store, SEED_PLAN, 2023)).sections
    .flatMap((s) => s.measures)
    .find((m) => m.number === '9.1')!;
  const written = measure.entries
    .filter((e) => e.text.includes('RT3'))
    .map((e) => [e.text, e.reportedBy])
    .sort(([a], [b]) => (a! < b! ? -1 : 1));
  return { result, written };
}

describe('a measure listed once per party (two party reports pasted together)', () => {
  const file = fileOf(
    measureRow([p(SMOLENSK_SPORT)], SMOLENSK_ENTRY),
    measureRow([p(SPB), p(SPB_SPORT)], SPB_ENTRY),
    entryRow(SPB_ENTRY_2),
  );

  it('reads the second listing’s executor cell: its entries go to the Saint Petersburg executor', async () => {
    const { result, written } = await imported(file);
    expect(result.result).toMatchObject({ refused: [] });
    expect(result.changes.executors.new).toEqual([]);
    expect(written).toEqual([
      [SPB_ENTRY, 'spb-sport-committee'],
      [SMOLENSK_ENTRY, 'smolensk-sport-office'],
      [SPB_ENTRY_2, 'spb-sport-committee'],
    ]);
    expect(result.findings.filter((f) => f.level !== 'note').map((f) => f.code)).toEqual(['measure_repeated']);
  });

  it('with no party heading, the executor’s name alone is enough', async () => {
    const { result, written } = await imported(
      fileOf(measureRow([p(SMOLENSK_SPORT)], SMOLENSK_ENTRY), measureRow([p(SPB_SPORT)], SPB_ENTRY)),
    );
    expect(result.result).toMatchObject({ refused: [] });
    expect(written).toEqual([
      [SPB_ENTRY, 'spb-sport-committee'],
      [SMOLENSK_ENTRY, 'smolensk-sport-office'],
    ]);
  });

  it('imported again, changes nothing', async () => {
    const store = await demoStore();
    const first = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT });
    expect(first.changes.entries.new).toHaveLength(3);
    const head = (await store.head()).position;
    const again = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT });
    expect(again.changes.entries.new).toEqual([]);
    expect(again.changes.entries.present).toHaveLength(3);
    expect(again.result).toMatchObject({ applied: 0, refused: [] });
    expect((await store.head()).position).toBe(head);
  });
});

describe('a measure of one executor cell headed by its party (the other party’s rows deleted)', () => {
  it.each([
    ['a paragraph', [p(SPB), p(SPB_SPORT)]],
    ['a line', [p(SPB, br, SPB_SPORT)]],
  ])('the heading on %s of its own is the party, not an executor', async (_how, paragraphs) => {
    const { result, written } = await imported(fileOf(measureRow(paragraphs, SPB_ENTRY)));
    expect(result.result).toMatchObject({ refused: [] });
    expect(result.changes.executors.new).toEqual([]);
    expect(result.findings.filter((f) => f.level !== 'note')).toEqual([]);
    expect(written).toEqual([[SPB_ENTRY, 'spb-sport-committee']]);
  });

  it('a cell holding only the heading: the entry goes to that party’s executor of the measure', async () => {
    const { result, written } = await imported(fileOf(measureRow([p(SPB)], SPB_ENTRY)));
    expect(result.result).toMatchObject({ refused: [] });
    expect(result.changes.executors.new).toEqual([]);
    expect(written).toEqual([[SPB_ENTRY, 'spb-sport-committee']]);
  });
});
