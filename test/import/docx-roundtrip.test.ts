// The 2023 report the system renders, read back: imported into an empty store it gives
// the same report again (24 entries, executors, footnote); imported twice, or over the
// data it was rendered from, it changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { measureStreamId } from '../../shared/domain/streams';
import { EMPTY_DIRECTORY, importDocx, readDocx } from '../../shared/import/docx';
import type { ReportModel } from '../../shared/report/model';
import { renderDocx } from '../../shared/report/render-docx';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { cell, docx as docxOf, HEADER_ROW, p, tbl, tc, tr } from './docx-xml';
import {
  AT,
  asRead,
  directoryOf,
  reportOf,
  SEED_PLAN,
  SYSTEM,
  seededStore,
  seedFixture,
  seedReportDocx,
} from './support';

let original: ReportModel;
let docx: Uint8Array;

beforeAll(async () => {
  original = await reportOf(await seededStore(), SEED_PLAN, 2023);
  docx = await seedReportDocx();
});

const MEASURE_71 = seedFixture()
  .sections.flatMap((s: any) => s.measures)
  .find((m: any) => m.number === '7.1') as { title: string; term: string };
const HEADING = [
  p('Отчет об исполнении в 2022 году'),
  p(
    'Плана мероприятий «Дорожной карты» по развитию сотрудничества между Санкт-Петербургом и Смоленской областью на 2021-2023 годы (далее – План)',
  ),
].join('');
const docxOfTable = (table: string) => docxOf(HEADING + table);

const entries = (model: ReportModel) => model.sections.flatMap((s) => s.measures.flatMap((m) => m.entries));

describe('the rendered 2023 report, imported into an empty store', () => {
  let store: MemoryEventStore;
  let planId: string;
  let firstResult: Awaited<ReturnType<typeof importDocx>>;

  beforeAll(async () => {
    store = new MemoryEventStore();
    firstResult = await importDocx(store, EMPTY_DIRECTORY, docx, { actor: SYSTEM, at: AT });
    planId = firstResult.planId;
  });

  it('applies every step, refuses none, and reports nothing it could not read', () => {
    expect(firstResult.result).toMatchObject({ refused: [], unchanged: 0 });
    expect(firstResult.result!.applied).toBe(firstResult.result!.steps);
    expect(firstResult.findings.filter((f) => f.level === 'skipped')).toEqual([]);
    expect(firstResult.changes.entries.new).toHaveLength(24);
    expect(firstResult.changes.executors.new).toHaveLength(11);
  });

  it('gives back the same report: heading, sections, measures, executors with their mark, 24 entries with their periods, the footnote', async () => {
    const again = await reportOf(store, planId, 2023);
    expect(entries(again)).toHaveLength(24);
    expect(asRead(again)).toEqual(asRead(original));
    expect(again.footnotes.map((f) => f.text)).toEqual([
      'ликвидировано с 14.03.2022 года, создан АНО «Центр развития туризма Смоленской области»',
    ]);
  });

  it('reads every period the agencies wrote, in each form', async () => {
    const read = entries(await reportOf(store, planId, 2023));
    const periodOf = (start: string) => read.find((entry) => entry.text.startsWith(start))?.period;
    expect(periodOf('С 15 октября 2022 года')).toEqual({ kind: 'range', from: '2022-10-15', to: '2023-01-08' });
    expect(periodOf('С 15 по 17 марта')).toEqual({ kind: 'range', from: '2023-03-15', to: '2023-03-17' });
    expect(periodOf('1 марта - 2 апреля')).toEqual({ kind: 'range', from: '2023-03-01', to: '2023-04-02' });
    expect(periodOf('28 февраля – 1 марта')).toEqual({ kind: 'range', from: '2023-02-28', to: '2023-03-01' });
    expect(periodOf('В октябре 2023 года')).toEqual({ kind: 'month', year: 2023, month: 10 });
    expect(periodOf('9 апреля 2023 года')).toEqual({ kind: 'day', date: '2023-04-09' });
    expect(periodOf('Обмен информацией')).toEqual({ kind: 'none', year: 2023 });
  });

  it('changes nothing when imported a second time', async () => {
    const head = (await store.head()).position;
    const second = await importDocx(store, await directoryOf(store), docx, {
      actor: SYSTEM,
      at: '2024-02-01T00:00:00.000Z',
    });
    expect(second.result).toMatchObject({ applied: 0, refused: [] });
    expect(second.changes.entries).toMatchObject({ new: [] });
    expect(second.changes.entries.present).toHaveLength(24);
    expect(second.changes.executors.new).toEqual([]);
    expect(second.planId).toBe(planId);
    expect((await store.head()).position).toBe(head);
  });

  it('changes nothing when imported again before the views have caught up (the same commands, by content)', async () => {
    const head = (await store.head()).position;
    const blind = await importDocx(store, EMPTY_DIRECTORY, docx, { actor: SYSTEM, at: '2024-03-01T00:00:00.000Z' });
    expect(blind.result).toMatchObject({ applied: 0, refused: [] });
    expect((await store.head()).position).toBe(head);
  });
});

describe('the rendered report, imported over the data it was rendered from', () => {
  it('matches the seed plan and executors by name, finds all 24 entries present, and changes nothing', async () => {
    const store = await seededStore();
    const head = (await store.head()).position;
    const result = await importDocx(store, await directoryOf(store), docx, { actor: SYSTEM, at: AT });
    expect(result.planId).toBe(SEED_PLAN);
    expect(result.changes).toMatchObject({
      plan: { planId: SEED_PLAN, status: 'present' },
      executors: { new: [], facts: [] },
      sections: { new: [] },
      measures: { new: [] },
      entries: { new: [] },
    });
    expect(result.changes.entries.present.map((e) => e.reportId)).toContain('2023-9.1-08');
    expect(result.findings.filter((f) => f.level !== 'note')).toEqual([]);
    expect(result.result).toMatchObject({ applied: 0, refused: [] });
    expect((await store.head()).position).toBe(head);
  });
});

describe('the rendered report, imported where only the executors are known', () => {
  it('uses the directory ids, the plan names («СОГБУ …») and adds the liquidation only once', async () => {
    const seed = seedFixture();
    const executorsOnly = {
      ...seed,
      plan: { ...seed.plan, planId: 'executors-only' },
      sections: [],
      executors: seed.executors.map(({ liquidation: _l, ...executor }: Record<string, unknown>) => executor),
    };
    const store = await seededStore(executorsOnly);
    const reading = readDocx(docx, await directoryOf(store), { planId: SEED_PLAN });
    expect(reading.plan.changes.executors.new).toEqual([]);
    expect(reading.plan.changes.executors.facts).toEqual([
      'liquidation of smolensk-terem on 2022-03-14, successor smolensk-tourism-center',
    ]);
    const measure21 = reading.plan.document.sections[0]!.measures[0]!;
    expect(measure21.executors).toEqual([
      { executorId: 'smolensk-investment-dept' },
      {
        executorId: 'smolensk-terem',
        nameInPlan: 'СОГБУ «Смоленский областной информационный центр туризма «Смоленский терем»',
      },
    ]);
    expect(measure21.reports?.[0]?.executorId).toBe('smolensk-investment-dept');
    const result = await importDocx(store, await directoryOf(store), docx, {
      actor: SYSTEM,
      at: AT,
      planId: SEED_PLAN,
    });
    expect(result.result?.refused).toEqual([]);
    const rebuilt = await reportOf(store, SEED_PLAN, 2023);
    expect(asRead(rebuilt)).toEqual(asRead(original));
    expect(rebuilt.footnotes[0]?.executorId).toBe('smolensk-terem');
  });
});

describe('the report with its appendix', () => {
  it('imports the measures without information too, as measures without entries', async () => {
    const withAppendix = await reportOf(await seededStore(), SEED_PLAN, 2023, true);
    const appendixMeasures = withAppendix.appendix!.sections.flatMap((s) => s.measures.map((m) => m.number));
    const store = new MemoryEventStore();
    const result = await importDocx(store, EMPTY_DIRECTORY, await seedReportDocx(true), { actor: SYSTEM, at: AT });
    expect(result.result?.refused).toEqual([]);
    expect(result.changes.measures.new).toEqual(expect.arrayContaining(appendixMeasures));
    const again = await reportOf(store, result.planId, 2023, true);
    expect(asRead(again)).toEqual(asRead(withAppendix));
  });
});

describe('what the ledger holds already, however it got there', () => {
  it('counts a plan created through the API (another command id) as present, not as a refusal', async () => {
    const store = new MemoryEventStore();
    const { planId: _id, ...plan } = seedFixture().plan;
    await executeCommand(
      store,
      { type: 'CreatePlan', planId: SEED_PLAN, ...plan, actor: SYSTEM, at: AT },
      { commandId: 'key:coordinator:create-plan', fingerprint: 'create-plan', recordedAt: AT },
    );
    const result = await importDocx(store, await directoryOf(store), docx, { actor: SYSTEM, at: AT });
    expect(result.changes.plan).toEqual({ planId: SEED_PLAN, status: 'present' });
    expect(result.result?.refused).toEqual([]);
    expect(result.result!.unchanged).toBe(1);
    expect(result.result!.applied).toBe(result.result!.steps - 1);
  });

  it('never brings back a withdrawn entry', async () => {
    const store = await seededStore();
    await executeCommand(
      store,
      {
        type: 'WithdrawExecution',
        planId: SEED_PLAN,
        number: '9.1',
        reportId: '2023-9.1-08',
        reason: 'Дубль',
        actor: SYSTEM,
        at: AT,
      },
      { commandId: 'withdraw-9.1-08', fingerprint: 'withdraw', recordedAt: AT },
    );
    const result = await importDocx(store, await directoryOf(store), docx, { actor: SYSTEM, at: AT });
    expect(result.changes.entries.new).toEqual([]);
    expect(result.changes.entries.present.map((e) => e.reportId)).toContain('2023-9.1-08');
    expect(entries(await reportOf(store, SEED_PLAN, 2023))).toHaveLength(23);
  });
});

describe('an entry corrected since the file was printed', () => {
  it('is found by the text it had, corrected and then withdrawn too: nothing comes back beside it', async () => {
    const store = await seededStore();
    const envelope = { actor: SYSTEM, at: AT };
    const entry = { planId: SEED_PLAN, number: '9.1', reportId: '2023-9.1-08' };
    await executeCommand(
      store,
      { type: 'CorrectExecution', ...entry, text: 'Исправленный текст', reason: 'опечатка', ...envelope },
      { commandId: 'correct-9.1-08', fingerprint: 'correct', recordedAt: AT },
    );
    const corrected = await importDocx(store, await directoryOf(store), docx, { ...envelope, dryRun: true });
    expect(corrected.changes.entries.new).toEqual([]);
    expect(corrected.changes.entries.present.map((e) => e.reportId)).toContain('2023-9.1-08');
    await executeCommand(
      store,
      { type: 'WithdrawExecution', ...entry, reason: 'Дубль', ...envelope },
      { commandId: 'withdraw-9.1-08', fingerprint: 'withdraw', recordedAt: AT },
    );
    const head = (await store.head()).position;
    const result = await importDocx(store, await directoryOf(store), docx, envelope);
    expect(result.changes.entries.new).toEqual([]);
    expect(result.result).toMatchObject({ applied: 0, refused: [] });
    expect((await store.head()).position).toBe(head);
    expect(entries(await reportOf(store, SEED_PLAN, 2023))).toHaveLength(23);
  });
});

describe('an entry of an old stream (ExecutionReported v1, a date instead of a period), corrected since', () => {
  it('is found by its first text and its period, as the log reads it', async () => {
    const store = await seededStore();
    const streamId = measureStreamId(SEED_PLAN, '9.1');
    const old = '9 апреля 2023 года прошел турнир по самбо (запись старого формата)';
    await store.append(
      streamId,
      [
        {
          type: 'ExecutionReported',
          schemaVersion: 1,
          data: {
            planId: SEED_PLAN,
            number: '9.1',
            reportId: 'legacy-9.1-01',
            executorId: 'smolensk-sport-office',
            date: '2023-04-09',
            text: old,
          },
        },
      ],
      { expectedVersion: await store.streamVersion(streamId), commandId: 'legacy-v1', actor: SYSTEM, recordedAt: AT },
    );
    const printed = await renderDocx(await reportOf(store, SEED_PLAN, 2023));
    await executeCommand(
      store,
      {
        type: 'CorrectExecution',
        planId: SEED_PLAN,
        number: '9.1',
        reportId: 'legacy-9.1-01',
        text: 'Исправленный текст записи старого формата',
        reason: 'опечатка',
        actor: SYSTEM,
        at: AT,
      },
      { commandId: 'correct-legacy', fingerprint: 'correct', recordedAt: AT },
    );
    const directory = await directoryOf(store);
    const measure = directory.plans[0]!.measures.find((m) => m.number === '9.1')!;
    expect(measure.earlierTexts).toEqual([{ reportId: 'legacy-9.1-01', digest: expect.any(String), years: [2023] }]);
    const result = await importDocx(store, directory, printed, { actor: SYSTEM, at: AT, dryRun: true });
    expect(result.changes.entries.new).toEqual([]);
    expect(result.changes.entries.present.map((e) => e.reportId)).toContain('legacy-9.1-01');
  });
});

describe('an entry without a date phrase, matched by its year as well as its text', () => {
  it('a 2022 row «Обмен информацией …» is not the 2023 entry of the same words: it is new, then present', async () => {
    const store = await seededStore();
    const file = docxOfTable(
      tbl(
        HEADER_ROW,
        tr(tc({ span: 5 }, p('7. В области трудовых отношений и социальной политики'))),
        tr(
          cell('7.1.'),
          cell(MEASURE_71.title),
          cell(MEASURE_71.term),
          cell('Департамент государственной службы занятости населения Смоленской области'),
          cell('Обмен информацией об имеющихся вакансиях'),
        ),
      ),
    );
    const first = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT });
    expect(first.planId).toBe(SEED_PLAN);
    expect(first.changes.entries.new).toEqual([expect.objectContaining({ measure: '7.1', period: 'undated, 2022' })]);
    expect(first.result).toMatchObject({ refused: [] });
    const again = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT, dryRun: true });
    expect(again.changes.entries.new).toEqual([]);
    expect(again.changes.entries.present).toEqual([
      expect.objectContaining({ measure: '7.1', reportId: first.changes.entries.new[0]!.reportId }),
    ]);
  });

  it('an undated entry whose period was corrected into another year is still found by the 2023 file printed before', async () => {
    const store = await seededStore();
    await executeCommand(
      store,
      {
        type: 'CorrectExecution',
        planId: SEED_PLAN,
        number: '7.1',
        reportId: '2023-7.1-01',
        period: { kind: 'none', year: 2022 },
        reason: 'не тот год',
        actor: SYSTEM,
        at: AT,
      },
      { commandId: 'correct-7.1-01', fingerprint: 'correct', recordedAt: AT },
    );
    const result = await importDocx(store, await directoryOf(store), docx, { actor: SYSTEM, at: AT, dryRun: true });
    expect(result.changes.entries.new).toEqual([]);
    expect(result.changes.entries.present.map((e) => e.reportId)).toContain('2023-7.1-01');
    expect(result.findings).toContainEqual(expect.objectContaining({ code: 'entry_corrected' }));
  });
});

describe('a published report, imported', () => {
  it('reads its checkpoint line as a note, not a paragraph it could not place', async () => {
    const size = original.position;
    const checkpoint = {
      origin: 'roadmap-ledger.test/import',
      size,
      rootHash: '0'.repeat(64),
      note: `roadmap-ledger.test/import\n${size}\n${Buffer.alloc(32).toString('base64')}\n\n— roadmap-ledger.test/import AAAAAA==\n`,
    };
    const published = await renderDocx({ ...original, checkpoint });
    const result = await importDocx(new MemoryEventStore(), EMPTY_DIRECTORY, published, { actor: SYSTEM, at: AT });
    expect(result.findings.filter((f) => f.level === 'skipped')).toEqual([]);
    expect(result.findings).toContainEqual(expect.objectContaining({ level: 'note', code: 'checkpoint' }));
    expect(result.findings).toContainEqual(expect.objectContaining({ level: 'note', code: 'provenance' }));
  });
});
