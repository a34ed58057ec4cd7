// The joint report and the parties' reports of the demo: the seed (the Smolensk
// region's part) with the illustrative Saint Petersburg part beside it. The joint
// report groups each measure's executors and entries by party in the plan's order;
// a party's report holds that party's only, and footnotes only for what it shows.
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { illustrativeSteps, loadIllustrative, loadSeed } from '../../scripts/lib/demo';
import { runImport, runSteps } from '../../shared/commands/run-import';
import { AppError } from '../../shared/errors';
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
const envelope = { actor: { keyId: 'system', role: 'system' }, at: '2024-01-10T09:00:00.000Z' } as const;

let build: (party?: string) => Promise<ReportModel>;
let joint: ReportModel;

beforeAll(async () => {
  const store = new MemoryEventStore();
  expect((await runImport(store, loadSeed(), envelope)).refused).toEqual([]);
  expect((await runSteps(store, illustrativeSteps(loadIllustrative(), envelope), envelope)).refused).toEqual([]);
  const state = await replayViews(store, {});
  build = (party) =>
    buildReportModel(state.views, {
      planId: PLAN,
      year: 2023,
      position: state.position,
      chainHash: state.hash,
      ...(party !== undefined && { party }),
    });
  joint = await build();
});

const measures = (model: ReportModel) => model.sections.flatMap((s) => s.measures);
const measure = (model: ReportModel, number: string): ReportMeasure => {
  const found = measures(model).find((m) => m.number === number);
  if (!found) throw new Error(`no measure ${number}`);
  return found;
};

describe('the joint report', () => {
  it("is every party's, in the plan's order of parties", () => {
    expect(joint.party).toBeNull();
    expect(joint.parties).toEqual([SPB, SMOLENSK]);
    expect(measures(joint).flatMap((m) => m.entries)).toHaveLength(24 + 5);
  });

  it("groups a measure's executors and entries by party: Saint Petersburg's first, as the plan lists it", () => {
    const sport = measure(joint, '9.1');
    expect(sport.executors.map((x) => [x.party, x.executorId])).toEqual([
      [SPB, 'spb-sport-committee'],
      [SMOLENSK, 'smolensk-sport-office'],
    ]);
    expect(sport.entries.map((e) => e.party)).toEqual([SPB, SPB, ...Array(8).fill(SMOLENSK)]);
    // Within a party, in the order reported.
    const positions = sport.entries.filter((e) => e.party === SMOLENSK).map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const tourism = measure(joint, '2.1');
    expect(tourism.executors.map((x) => [x.executorId, x.mark])).toEqual([
      ['spb-tourism-committee', ''],
      ['smolensk-investment-dept', ''],
      ['smolensk-terem', '*'],
    ]);
  });

  it('leaves a measure of one party as it was: the Smolensk measures read as in the seed', () => {
    expect(measure(joint, '4.3').executors.map((x) => x.party)).toEqual([SMOLENSK]);
  });

  it('renders each party of a mixed measure as its own executor cell, beside its own entries, labelled (HTML)', () => {
    const html = renderHtml(joint);
    const body = blocks(html, /<tbody class="measure" data-measure="9\.1">/, 'tbody')[0] ?? '';
    const rows = blocks(body, /<tr[ >]/, 'tr');
    expect(rows).toHaveLength(10);
    expect(rows[0]).toContain('<td class="number" rowspan="10"');
    const executorCells = blocks(body, /<td class="executors"/, 'td');
    expect(executorCells.map((cell) => htmlText(cell).trim().split('\n'))).toEqual([
      [SPB, 'Комитет по физической культуре и спорту Санкт-Петербурга'],
      [SMOLENSK, 'Главное управление спорта Смоленской области'],
    ]);
    expect(executorCells[0]).toContain('rowspan="2"');
    expect(executorCells[1]).toContain('rowspan="8"');
    expect(rows[2]).toMatch(/^<tr class="party-first">/);
    // A measure of one party has no label.
    const single = blocks(html, /<tbody class="measure" data-measure="4\.3">/, 'tbody')[0] ?? '';
    expect(single).not.toContain('class="party"');
  });

  it("merges each party's executor cell down its own entries, and the measure's cells down all (DOCX)", async () => {
    const xml = strFromU8(unzipSync(await renderDocx(joint))['word/document.xml']!);
    const rows = blocks(xml, /<w:tr[ >]/, 'w:tr');
    const start = rows.findIndex((row) => wordParagraphs(row)[0] === '9.1.');
    const sport = rows.slice(start, start + 10);
    const cells = sport.map((row) => blocks(row, /<w:tc>/, 'w:tc'));
    const merge = (cell: string | undefined) => /<w:vMerge w:val="(\w+)"\/>/.exec(cell ?? '')?.[1] ?? 'none';
    expect(cells.map((row) => merge(row[0]))).toEqual(['restart', ...Array(9).fill('continue')]);
    expect(cells.map((row) => merge(row[3]))).toEqual(['restart', 'continue', 'restart', ...Array(7).fill('continue')]);
    expect(wordParagraphs(cells[0]![3]!)).toEqual([SPB, 'Комитет по физической культуре и спорту Санкт-Петербурга']);
    expect(cells[0]![3]).toContain('<w:i/>');
    expect(wordParagraphs(cells[2]![3]!)).toEqual([SMOLENSK, 'Главное управление спорта Смоленской области']);
    expect(wordParagraphs(rows[start + 10]!)[0]).not.toBe('');
  });

  it("gives each CSV row its party, and beside it that party's executors", () => {
    const [header = [], ...rows] = parseCsv(renderCsv(joint).slice(1));
    const at = (name: string) => header.indexOf(name);
    const sport = rows.filter((row) => row[at('№ п/п Плана')] === '9.1.');
    expect(sport.map((row) => row[at('Сторона')])).toEqual([SPB, SPB, ...Array(8).fill(SMOLENSK)]);
    expect(sport[0]![at('Ответственный исполнитель')]).toBe('Комитет по физической культуре и спорту Санкт-Петербурга');
    expect(sport[2]![at('Ответственный исполнитель')]).toBe('Главное управление спорта Смоленской области');
  });
});

describe("a party's report", () => {
  it("holds that party's executors and entries only, and leaves out the measures where it has none", async () => {
    const spb = await build(SPB);
    expect(spb.party).toBe(SPB);
    expect(spb.parties).toEqual([SPB]);
    expect(measures(spb).map((m) => m.number)).toEqual(['2.1', '8.2', '9.1']);
    expect(measures(spb).flatMap((m) => m.executors.map((x) => x.executorId))).toEqual([
      'spb-tourism-committee',
      'spb-culture-committee',
      'spb-sport-committee',
    ]);
    expect(measures(spb).flatMap((m) => m.entries.map((e) => e.reportId))).toEqual([
      'illustrative-spb-2023-2.1-01',
      'illustrative-spb-2023-8.2-01',
      'illustrative-spb-2023-8.2-02',
      'illustrative-spb-2023-9.1-01',
      'illustrative-spb-2023-9.1-02',
    ]);
  });

  it('has footnotes only for the executors it shows', async () => {
    expect(joint.footnotes.map((f) => f.executorId)).toEqual(['smolensk-terem']);
    expect((await build(SPB)).footnotes).toEqual([]);
    expect((await build(SMOLENSK)).footnotes.map((f) => f.executorId)).toEqual(['smolensk-terem']);
  });

  it('puts in its appendix only the measures where it has an executor, with its executors', async () => {
    expect((await build(SPB)).appendix).toBeNull();
    // 2022: the illustrative committees reported nothing that year.
    const spb2022 = await buildWithAppendix(SPB, 2022);
    expect(spb2022.sections).toEqual([]);
    const silent = spb2022.appendix?.sections.flatMap((s) => s.measures) ?? [];
    expect(silent.map((m) => [m.number, m.executors.map((x) => x.executorId)])).toEqual([
      ['2.1', ['spb-tourism-committee']],
      ['8.2', ['spb-culture-committee']],
      ['9.1', ['spb-sport-committee']],
    ]);
  });

  it('is refused for a party the plan does not have: party_not_found', async () => {
    const error = await build('Москва').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'party_not_found', status: 404 });
  });
});

async function buildWithAppendix(party: string, year: number): Promise<ReportModel> {
  const store = new MemoryEventStore();
  await runImport(store, loadSeed(), envelope);
  await runSteps(store, illustrativeSteps(loadIllustrative(), envelope), envelope);
  const state = await replayViews(store, {});
  return buildReportModel(state.views, {
    planId: PLAN,
    year,
    party,
    position: state.position,
    chainHash: state.hash,
    includeAppendix: true,
  });
}
