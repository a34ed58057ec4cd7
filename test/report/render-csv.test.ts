import { describe, expect, it } from 'vitest';
import { CSV_HEADER, csvField, neutraliseFormula, renderCsv } from '../../shared/report/render-csv';
import { reportModel2023 } from '../fixtures/report-model-2023';
import { parseCsv } from './support/csv-parse';

const model = reportModel2023();
const csv = renderCsv(model);
const [header = [], ...rows] = parseCsv(csv.slice(1));
const entries = model.sections.flatMap((s) => s.measures.flatMap((m) => m.entries));
const column = (name: (typeof CSV_HEADER)[number]): number => header.indexOf(name);

describe('renderCsv: the file', () => {
  it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.slice(1).split('\r\n')[0]).toBe(CSV_HEADER.join(';'));
  });

  it('has a Russian header row and the same number of fields in every row', () => {
    expect(header).toEqual([
      'Раздел',
      '№ п/п Плана',
      'Наименование мероприятия Плана',
      'Сроки проведения',
      'Ответственный исполнитель',
      'Сторона',
      'Начало периода',
      'Окончание периода',
      'Период',
      'Информация о ходе исполнения',
      'Место',
      'Участников',
      'Регионов',
      'Идентификатор записи',
    ]);
    for (const row of rows) expect(row).toHaveLength(header.length);
  });

  it('has one row per entry, in report order, with its measure and section', () => {
    expect(rows.map((row) => row[column('Идентификатор записи')])).toEqual(entries.map((e) => e.reportId));
    expect(rows.map((row) => row[column('Информация о ходе исполнения')])).toEqual(entries.map((e) => e.text));
    const of82 = rows.filter((row) => row[column('№ п/п Плана')] === '8.2.');
    expect(of82).toHaveLength(7);
    expect(new Set(of82.map((row) => row[column('Раздел')]))).toEqual(new Set(['8. В области культуры и искусства']));
  });

  it('gives the period as ISO bounds and in words, empty for an undated entry', () => {
    const first = rows[0] ?? [];
    expect(first[column('Начало периода')]).toBe('2023-02-28');
    expect(first[column('Окончание периода')]).toBe('2023-03-01');
    expect(first[column('Период')]).toBe('28 февраля – 1 марта 2023 года');
    const undated = rows.find((row) => row[column('№ п/п Плана')] === '7.1.') ?? [];
    expect([
      undated[column('Начало периода')],
      undated[column('Окончание периода')],
      undated[column('Период')],
    ]).toEqual(['', '', '']);
  });

  it('gives place and counts, empty where not reported', () => {
    const fencing = rows.find((row) => row[column('Информация о ходе исполнения')]?.includes('фехтованию')) ?? [];
    expect([fencing[column('Место')], fencing[column('Участников')], fencing[column('Регионов')]]).toEqual([
      'г. Смоленск',
      '31',
      '7',
    ]);
    const undated = rows.find((row) => row[column('№ п/п Плана')] === '7.2.') ?? [];
    expect([undated[column('Место')], undated[column('Участников')], undated[column('Регионов')]]).toEqual([
      '',
      '',
      '',
    ]);
  });

  it("stacks executors one per line, marked, with the mark's footnote below them", () => {
    const tourism = rows[0]?.[column('Ответственный исполнитель')];
    expect(tourism).toBe(
      'Департамент инвестиционного развития Смоленской области\n' +
        'СОГБУ «Смоленский областной информационный центр туризма «Смоленский терем» *\n\n' +
        '*ликвидировано с 14.03.2022 года, создан АНО «Центр развития туризма Смоленской области»',
    );
    const social = rows.find((row) => row[column('№ п/п Плана')] === '7.6.')?.[column('Ответственный исполнитель')];
    expect(social?.split('\n')).toHaveLength(3);
    expect(social).not.toContain('*');
  });

  it('skips the appendix, which has no entries', () => {
    const withAppendix = reportModel2023();
    withAppendix.appendix = {
      title: 'Приложение',
      sections: [
        {
          number: '3',
          title: 'Т',
          heading: '3. Т',
          measures: [
            { number: '3.1', label: '3.1.', title: 'Без отчета', term: '2021-2023 годы', executors: [], entries: [] },
          ],
        },
      ],
    };
    expect(renderCsv(withAppendix)).toBe(csv);
  });

  it('is the same text for the same model, every time', () => {
    expect(renderCsv(structuredClone(reportModel2023()))).toBe(csv);
  });
});

describe('renderCsv: quoting and formula injection', () => {
  it('quotes fields holding the delimiter, quotes or line breaks, doubling quotes', () => {
    expect(csvField('просто текст')).toBe('просто текст');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('он сказал "да"')).toBe('"он сказал ""да"""');
    expect(csvField('две\nстроки')).toBe('"две\nстроки"');
    expect(csvField('a,b')).toBe('a,b');
  });

  it('round-trips hostile texts through a strict reader', () => {
    const hostile = reportModel2023();
    const entry = hostile.sections[0]?.measures[0]?.entries[0];
    if (!entry) throw new Error('fixture changed');
    entry.text = 'Строка 1; "цитата"\r\nСтрока 2';
    entry.place = '=HYPERLINK("http://evil","click")';
    const [head = [], first = []] = parseCsv(renderCsv(hostile).slice(1));
    expect(first).toHaveLength(head.length);
    expect(first[head.indexOf('Информация о ходе исполнения')]).toBe('Строка 1; "цитата"\r\nСтрока 2');
    expect(first[head.indexOf('Место')]).toBe('\'=HYPERLINK("http://evil","click")');
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+7 (4812) 00-00-00', "'+7 (4812) 00-00-00"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['- участие в форуме', "'- участие в форуме"],
    ['\tтаб', "'\tтаб"],
    ['\rвозврат', "'\rвозврат"],
  ])('neutralises a cell starting a formula: %j', (raw, safe) => {
    expect(neutraliseFormula(raw)).toBe(safe);
  });

  it.each([
    '25 октября 2023 года в культурно досуговом центре',
    '-5',
    '– тире в начале',
    '— длинное тире',
    '2.1.',
    'С 15 по 17 марта',
  ])('leaves ordinary text alone: %j', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});
