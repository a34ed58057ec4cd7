// A report of a year names who did the work that year: an executor the plan no longer
// names (its measure amended later, responsibility handed to another) is still named in
// the executor cell beside its entries, in every format and in its party's report, under
// the name it was registered with, and its footnote when it was renamed or liquidated.
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { illustrativeSteps, loadIllustrative, loadSeed } from '../../scripts/lib/demo';
import { executeCommand } from '../../shared/commands/execute';
import { runImport, runSteps } from '../../shared/commands/run-import';
import type { DomainCommand } from '../../shared/domain';
import { buildReportModel } from '../../shared/report/build-model';
import type { ReportMeasure, ReportModel } from '../../shared/report/model';
import { renderCsv } from '../../shared/report/render-csv';
import { renderDocx } from '../../shared/report/render-docx';
import { renderHtml } from '../../shared/report/render-html';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { replayViews } from '../../shared/views/replay';
import { parseCsv } from './support/csv-parse';
import { blocks, htmlText, wordParagraphs } from './support/markup';

const PLAN = 'spb-smolensk-2021-2023';
const SPB = 'Санкт-Петербург';
const SMOLENSK = 'Смоленская область';
const SPORT = 'Главное управление спорта Смоленской области';
const actor = { keyId: 'system', role: 'system' } as const;
const envelope = { actor, at: '2024-01-10T09:00:00.000Z' } as const;

let store: MemoryEventStore;
let n = 0;

async function run(command: Record<string, unknown>): Promise<void> {
  const at = '2024-02-01T09:00:00.000Z';
  await executeCommand(store, { ...command, actor, at } as DomainCommand, {
    commandId: `former-${++n}`,
    fingerprint: `former-${n}`,
    recordedAt: at,
  });
}

const amend = (number: string, executors: { executorId: string; nameInPlan?: string }[]) =>
  run({ type: 'AmendMeasure', planId: PLAN, number, executors, reason: 'Передача ответственности с 2024 года' });

async function report(year: number, party?: string): Promise<ReportModel> {
  const state = await replayViews(store, {});
  return buildReportModel(state.views, {
    planId: PLAN,
    year,
    position: state.position,
    chainHash: state.hash,
    ...(party !== undefined && { party }),
  });
}

const measure = (model: ReportModel, number: string): ReportMeasure => {
  const found = model.sections.flatMap((s) => s.measures).find((m) => m.number === number);
  if (!found) throw new Error(`no measure ${number}`);
  return found;
};
const cell = (m: ReportMeasure) => m.executors.map((x) => [x.party, x.executorId, x.name, x.mark]);

beforeAll(async () => {
  store = new MemoryEventStore();
  expect((await runImport(store, loadSeed(), envelope)).refused).toEqual([]);
  expect((await runSteps(store, illustrativeSteps(loadIllustrative(), envelope), envelope)).refused).toEqual([]);
  // From 2024 the sports measure is Saint Petersburg's alone; 7.6 goes to its sports committee;
  // 12.3 drops the education department, which reported nothing in 2023.
  await amend('9.1', [{ executorId: 'spb-sport-committee' }]);
  await amend('7.6', [{ executorId: 'spb-sport-committee' }]);
  await amend('12.3', [{ executorId: 'smolensk-youth-office' }]);
});

describe('an executor removed from a measure after it reported', () => {
  it("is named in the joint report's cell of its party, after those the plan names", async () => {
    const sport = measure(await report(2023), '9.1');
    expect(cell(sport)).toEqual([
      [SPB, 'spb-sport-committee', 'Комитет по физической культуре и спорту Санкт-Петербурга', ''],
      [SMOLENSK, 'smolensk-sport-office', SPORT, ''],
    ]);
    const smolensk = sport.entries.filter((e) => e.party === SMOLENSK);
    expect(smolensk.length).toBeGreaterThan(0);
    expect(smolensk.every((e) => e.reportedBy === 'smolensk-sport-office')).toBe(true);
    expect(cell(measure(await report(2023), '7.6'))).toEqual([
      [SPB, 'spb-sport-committee', 'Комитет по физической культуре и спорту Санкт-Петербурга', ''],
      [SMOLENSK, 'smolensk-social-dept', 'Департамент Смоленской области по социальному развитию', ''],
    ]);
  });

  it('names only those who reported that year: one removed without entries is gone', async () => {
    expect(cell(measure(await report(2023), '12.3')).map((x) => x[1])).toEqual(['smolensk-youth-office']);
  });

  it("is the executor of its party's report", async () => {
    const model = await report(2023, SMOLENSK);
    expect(cell(measure(model, '9.1'))).toEqual([[SMOLENSK, 'smolensk-sport-office', SPORT, '']]);
    const joint = measure(await report(2023), '9.1').entries.filter((e) => e.party === SMOLENSK);
    expect(measure(model, '9.1').entries).toEqual(joint);
  });

  it('fills column 5 of every CSV row and the party group of the HTML', async () => {
    const model = await report(2023);
    const [, ...rows] = parseCsv(renderCsv(model).slice(1));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((row) => (row[4] ?? '') === '')).toEqual([]);
    const sportRows = rows.filter((row) => row[1] === '9.1.' && row[5] === SMOLENSK);
    expect(sportRows.length).toBe(measure(model, '9.1').entries.filter((e) => e.party === SMOLENSK).length);
    expect(sportRows.every((row) => row[4] === SPORT)).toBe(true);
    const sportHtml = blocks(renderHtml(model), /<tbody class="measure" data-measure="9\.1">/, 'tbody')[0] ?? '';
    expect(htmlText(sportHtml)).toContain(SPORT);
  });

  it("heads the Smolensk group's executor cell of the DOCX, beside its entries", async () => {
    const xml = strFromU8(unzipSync(await renderDocx(await report(2023)))['word/document.xml']!);
    const rows = blocks(xml, /<w:tr[ >]/, 'w:tr');
    const start = rows.findIndex((row) => wordParagraphs(row)[0] === '9.1.');
    const cells = rows.slice(start, start + 3).map((row) => blocks(row, /<w:tc>/, 'w:tc'));
    expect(wordParagraphs(cells[0]![3]!)).toEqual([SPB, 'Комитет по физической культуре и спорту Санкт-Петербурга']);
    expect(wordParagraphs(cells[2]![3]!)).toEqual([SMOLENSK, SPORT]);
  });

  it('is named as it was registered, with its footnote when it was renamed', async () => {
    await run({
      type: 'RenameExecutor',
      executorId: 'smolensk-culture-dept',
      newName: 'Министерство культуры Смоленской области',
      effectiveDate: '2023-05-01',
    });
    await amend('8.2', [{ executorId: 'spb-culture-committee' }]);
    const model = await report(2023);
    expect(cell(measure(model, '8.2'))).toEqual([
      [SPB, 'spb-culture-committee', 'Комитет по культуре Санкт-Петербурга', ''],
      [SMOLENSK, 'smolensk-culture-dept', 'Департамент Смоленской области по культуре', '**'],
    ]);
    expect(model.footnotes).toContainEqual({
      mark: '**',
      executorId: 'smolensk-culture-dept',
      text: 'переименовано с 01.05.2023 года в Министерство культуры Смоленской области',
    });
  });

  it("does not name a successor whose predecessor the plan still names (the seed's «*» case)", async () => {
    await run({
      type: 'ReportExecution',
      planId: PLAN,
      number: '2.1',
      reportId: 'center-2023',
      executorId: 'smolensk-tourism-center',
      period: { kind: 'day', date: '2023-06-01' },
      text: '1 июня 2023 года АНО провела презентацию туристских маршрутов.',
    });
    const tourism = measure(await report(2023), '2.1');
    expect(tourism.entries.map((e) => e.reportedBy)).toContain('smolensk-tourism-center');
    expect(tourism.executors.map((x) => x.executorId)).toEqual([
      'spb-tourism-committee',
      'smolensk-investment-dept',
      'smolensk-terem',
    ]);
    expect(tourism.executors.find((x) => x.executorId === 'smolensk-terem')?.mark).not.toBe('');
  });

  it('is named in its short form, as the plan named it, when its successor replaces it on the measure', async () => {
    await run({
      type: 'ReportExecution',
      planId: PLAN,
      number: '2.1',
      reportId: 'terem-2022',
      executorId: 'smolensk-terem',
      period: { kind: 'day', date: '2022-02-10' },
      text: '10 февраля 2022 года «Смоленский терем» провёл выставку.',
    });
    const before = cell(measure(await report(2022), '2.1')).find(([, id]) => id === 'smolensk-terem');
    expect(before?.[2]).toBe('СОГБУ «Смоленский областной информационный центр туризма «Смоленский терем»');
    // The coordinator tidies 2.1: the liquidated «Смоленский терем» gives way to its successor.
    await amend('2.1', [
      { executorId: 'spb-tourism-committee' },
      { executorId: 'smolensk-investment-dept' },
      { executorId: 'smolensk-tourism-center' },
    ]);
    const after = measure(await report(2022), '2.1');
    expect(after.entries.map((e) => e.reportedBy)).toContain('smolensk-terem');
    expect(cell(after).find(([, id]) => id === 'smolensk-terem')).toEqual([
      SMOLENSK,
      'smolensk-terem',
      'СОГБУ «Смоленский областной информационный центр туризма «Смоленский терем»',
      before?.[3],
    ]);
  });
});
