// A Word report typed by hand, with what real files have: words split across runs, line
// breaks and runs of spaces inside cells, no-break spaces, a section row merged across
// the table and one that is not, measure cells merged down their entries, an entry cell
// merged too, an empty last column, stray bookmarks, a tracked deletion, a Word footnote
// reference, a footnote after the table, and rows and paragraphs that are not a report's.
// Every oddity is reported with its place; what it can read is imported.
import { beforeAll, describe, expect, it } from 'vitest';
import { type DocxImportResult, importDocx } from '../../shared/import/docx';
import type { ReportModel } from '../../shared/report/model';
import type { MemoryEventStore } from '../../shared/store/memory-event-store';
import { bookmark, br, cell, docx, HEADER_ROW, p, r, tbl, tc, tr } from './docx-xml';
import { AT, directoryOf, reportOf, SEED_PLAN, SYSTEM, seededStore } from './support';

const NBSP = '\u00a0';
const TITLE_21 =
  'Содействие участию представителей субъектов туристской индустрии в деловых и событийных мероприятиях регионов';
const merged = (kind: 'restart' | 'continue', ...paragraphs: string[]) => tc({ vMerge: kind }, ...paragraphs);
const empty4 = [merged('continue'), merged('continue'), merged('continue'), merged('continue')];

const body = [
  p('Приложение'),
  p(r('Отч'), r('ет об испол'), r('нении в 2022 году')),
  p(
    'Плана мероприятий «Дорожной карты» по развитию сотрудничества между ',
    br,
    'Санкт-Петербургом и Смоленской областью на 2021-2023 годы (далее – План)',
  ),
  tbl(
    HEADER_ROW,
    tr(cell('1'), cell('2'), cell('3'), cell('4'), cell('5')),
    tr(tc({ span: 5 }, p(bookmark('_GoBack'), r('2. В области туристской '), r('деятельности')))),
    // row 4: measure 2.1, its cells merged down two more rows
    tr(
      merged('restart', p('2.1.')),
      merged(
        'restart',
        p(
          'Содействие участию представителей субъектов туристской индустрии в деловых и событийных ',
          br,
          'мероприятиях регионов',
        ),
      ),
      merged('restart', p('2021-2023 ', br, 'годы')),
      merged(
        'restart',
        p(`Департамент инвестиционного${NBSP}развития  Смоленской области`),
        p(''),
        p('СОГБУ «Смоленский областной информационный центр туризма «Смоленский терем» *'),
      ),
      tc(
        {},
        p(r('28 февраля – 1 марта 2022 года представители Департамента приняли участие в дел'), r('овой программе')),
      ),
    ),
    // row 5: a second entry, two lines, no-break spaces in its date
    tr(...empty4, cell(p(`9${NBSP}апреля 2022${NBSP}года в г.${NBSP}Смоленске прошел круглый стол`, br, 'по туризму'))),
    // row 6: the entry cell merged with the one above
    tr(...empty4, merged('continue')),
    // row 7: an entry whose date does not exist, with a tracked deletion
    tr(
      ...empty4,
      cell(
        p(
          '31 июня 2022 года ',
          '<w:del w:id="1" w:author="x"><w:r><w:delText>удалено </w:delText></w:r></w:del>',
          'прошла выставка',
        ),
      ),
    ),
    // row 8: a measure the plan does not have, its last column empty, an executor nobody knows
    tr(
      cell('2.7.'),
      cell('Проведение совместных информационных туров'),
      cell('2022 год'),
      cell('Комитет по развитию туризма Санкт-Петербурга'),
      cell(),
    ),
    // row 9: a section row not merged across the table, with a Word footnote reference
    tr(
      cell(p('4. В области науки и образования', '<w:r><w:footnoteReference w:id="1"/></w:r>')),
      cell(),
      cell(),
      cell(),
      cell(),
    ),
    // row 10: measure 4.3 with an undated entry; its first four cells empty but not merged on row 11
    tr(
      cell('4.3.'),
      cell('Содействие участию профессиональных образовательных организаций'),
      cell('2021-2023 годы'),
      cell('Департамент Смоленской области по образованию ', 'и науке'),
      cell('Обмен опытом в течение года'),
    ),
    tr(cell(), cell(), cell(), cell(), cell('25 октября 2022 года прошла выставка-фестиваль')),
    // row 12: not a report row
    tr(tc({ span: 5 }, p('Итого: 3 мероприятия'))),
  ),
  bookmark('_Hlk1', 2),
  p('*ликвидировано с 14.03.2022 года, создан АНО «Центр развития туризма Смоленской области»'),
  p('Исп. Иванов И.И., тел. 8 (4812) 00-00-00'),
].join('');

let store: MemoryEventStore;
let result: DocxImportResult;
let report2022: ReportModel;

beforeAll(async () => {
  store = await seededStore();
  result = await importDocx(store, await directoryOf(store), docx(body), { actor: SYSTEM, at: AT });
  report2022 = await reportOf(store, SEED_PLAN, 2022);
});

const found = (code: string) => result.findings.filter((f) => f.code === code).map((f) => [f.level, f.where]);

describe('a hand-typed report with the irregularities of real files', () => {
  it('is read as the 2022 report of the seed plan, its heading read across split runs and a line break', () => {
    expect(result.planId).toBe(SEED_PLAN);
    expect(result.year).toBe(2022);
    expect(found('paragraph_ignored')).toEqual([['note', 'paragraph 1']]);
    expect(found('line_break')).toEqual(
      expect.arrayContaining([
        ['note', 'paragraph 2'],
        ['note', 'table 1, row 4, cell 2'],
        ['note', 'table 1, row 4, cell 3'],
        ['note', 'table 1, row 5, cell 5'],
      ]),
    );
  });

  it('reports each layout oddity where it is', () => {
    expect(found('numbering_row')).toEqual([['note', 'table 1, row 2']]);
    expect(found('bookmark')).toEqual([
      ['note', 'table 1, row 3, cell 1'],
      ['note', 'paragraph 4'],
    ]);
    expect(found('spaces_collapsed')).toEqual([['note', 'table 1, row 4, cell 4']]);
    expect(found('no_break_space')).toEqual([
      ['note', 'table 1, row 4, cell 4'],
      ['note', 'table 1, row 5, cell 5'],
    ]);
    expect(found('entry_cell_merged')).toEqual([['note', 'table 1, row 6, cell 5']]);
    expect(found('tracked_deletion')).toEqual([['note', 'table 1, row 7, cell 5']]);
    expect(found('empty_entry')).toEqual([['note', 'table 1, row 8, cell 5']]);
    expect(found('section_not_merged')).toEqual([['note', 'table 1, row 9']]);
    expect(found('word_footnote')).toEqual([['warning', 'table 1, row 9, cell 1']]);
    expect(found('measure_cells_not_merged')).toEqual([['note', 'table 1, row 11']]);
    expect(found('name_continued')).toEqual([['note', 'table 1, row 10, cell 4']]);
    expect(found('row_not_recognised')).toEqual([['skipped', 'table 1, row 12']]);
    expect(found('paragraph_not_recognised')).toEqual([['skipped', 'paragraph 5']]);
  });

  it('reports what it had to decide: an unreadable date, an undated entry, a new executor and measure', () => {
    expect(found('date_not_recognised')).toEqual([['warning', 'table 1, row 7, cell 5']]);
    expect(found('undated_entry')).toEqual([['note', 'table 1, row 10, cell 5']]);
    expect(found('unmatched_executor')).toEqual([['warning', 'table 1, row 8, cell 4']]);
    expect(result.changes.executors.new).toEqual([
      {
        executorId: 'komitet-po-razvitiyu-turizma-sankt-peterburga',
        name: 'Комитет по развитию туризма Санкт-Петербурга',
      },
    ]);
    expect(result.changes.measures).toEqual({ new: ['2.7'], present: ['2.1', '4.3'] });
    // The liquidation the footnote states is already in the directory: nothing new.
    expect(result.changes.executors.facts).toEqual([]);
    expect(found('footnote_read')).toEqual([['note', 'paragraph 4']]);
  });

  it('imports what it could read, through the rules, refusing nothing', () => {
    expect(result.result?.refused).toEqual([]);
    const entries = report2022.sections
      .flatMap((s) => s.measures.flatMap((m) => m.entries.map((e) => [m.number, e.period, e.text])))
      .filter(([number]) => number === '2.1' || number === '4.3');
    expect(entries).toEqual([
      [
        '2.1',
        { kind: 'range', from: '2022-02-28', to: '2022-03-01' },
        '28 февраля – 1 марта 2022 года представители Департамента приняли участие в деловой программе',
      ],
      [
        '2.1',
        { kind: 'day', date: '2022-04-09' },
        `9${NBSP}апреля 2022${NBSP}года в г.${NBSP}Смоленске прошел круглый стол\nпо туризму`,
      ],
      ['2.1', { kind: 'none', year: 2022 }, '31 июня 2022 года прошла выставка'],
      ['4.3', { kind: 'none', year: 2022 }, 'Обмен опытом в течение года'],
      ['4.3', { kind: 'day', date: '2022-10-25' }, '25 октября 2022 года прошла выставка-фестиваль'],
    ]);
  });

  it('keeps the plan as it is where the file differs, and says so', () => {
    expect(found('measure_differs')).toEqual([['warning', 'table 1, row 10']]);
    const titles = report2022.sections.flatMap((s) => s.measures.map((m) => m.title));
    expect(titles).toContain(TITLE_21);
  });

  it('changes nothing when imported again', async () => {
    const head = (await store.head()).position;
    const again = await importDocx(store, await directoryOf(store), docx(body), { actor: SYSTEM, at: AT });
    expect(again.result).toMatchObject({ applied: 0, refused: [] });
    expect(again.changes.entries.new).toEqual([]);
    expect((await store.head()).position).toBe(head);
  });
});
