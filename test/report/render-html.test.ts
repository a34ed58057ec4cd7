import { describe, expect, it } from 'vitest';
import { APPENDIX_TITLE, type ReportModel } from '../../shared/report/model';
import { renderHtml } from '../../shared/report/render-html';
import { reportModel2023 } from '../fixtures/report-model-2023';
import { blocks, htmlText } from './support/markup';

const html = renderHtml(reportModel2023());

function measureBlock(page: string, number: string): string {
  const found = blocks(
    page,
    new RegExp(`<tbody class="measure" data-measure="${number.replace('.', '\\.')}">`),
    'tbody',
  );
  expect(found, `measure ${number}`).toHaveLength(1);
  return found[0] ?? '';
}

function withAppendix(): ReportModel {
  const model = reportModel2023();
  model.appendix = {
    title: APPENDIX_TITLE,
    sections: [
      {
        number: '3',
        title: 'В области культуры',
        heading: '3. Раздел без информации',
        measures: [
          {
            number: '3.1',
            label: '3.1.',
            title: 'Мероприятие без отчета',
            term: '2021-2023 годы',
            executors: [],
            entries: [],
          },
        ],
      },
    ],
  };
  return model;
}

describe('renderHtml: the page', () => {
  it('is a standalone Russian HTML5 document', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="ru">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    // No fonts, scripts, images or stylesheets to fetch.
    expect(html).not.toMatch(/\s(?:src|href)=|@import|url\(|<script|<link/i);
  });

  it('prints the heading as the seed breaks it, and titles the page with it', () => {
    const h1 = blocks(html, /<h1>/, 'h1')[0] ?? '';
    expect(htmlText(h1).trim().split('\n')).toEqual(reportModel2023().headingLines);
    expect(html).toContain(`<title>${'Отчет об исполнении в 2023 году Плана мероприятий «Дорожной карты»'}`);
  });

  it('sets the print page as A4 landscape and stacks the table into cards on a phone', () => {
    expect(html).toMatch(/@page\s*\{\s*size:\s*A4 landscape/);
    expect(html).toContain('@media screen and (max-width: 700px)');
    expect(html).toContain('"Times New Roman"');
    expect(html).toContain('display: table-header-group');
  });
});

describe('renderHtml: the table', () => {
  it('has one header row with the five columns, in thead so print repeats it', () => {
    const head = blocks(html, /<thead>/, 'thead');
    expect(head).toHaveLength(1);
    const titles = [...(head[0] ?? '').matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(titles).toEqual(reportModel2023().columns);
  });

  it('lists the sections in plan order, each as a row across all five columns', () => {
    const headings = [...html.matchAll(/<th colspan="5" scope="colgroup">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      '2. В области туристской деятельности',
      '4. В области науки и образования',
      '7. В области трудовых отношений и социальной политики',
      '8. В области культуры и искусства',
      '9. В области физической культуры и спорта',
      '11. В области государственной гражданской службы и кадровой политики',
      '12. В области молодежной политики',
    ]);
  });

  it("spans a measure's four cells over its entries: 7 rows for 8.2, 8 for 9.1", () => {
    const model = reportModel2023();
    for (const [number, count] of [
      ['8.2', 7],
      ['9.1', 8],
      ['7.6', 1],
    ] as const) {
      const block = measureBlock(html, number);
      const rows = blocks(block, /<tr[ >]/, 'tr');
      expect(rows).toHaveLength(count);
      const spans = [...block.matchAll(/rowspan="(\d+)"/g)].map((m) => Number(m[1]));
      expect(spans).toEqual(count > 1 ? [count, count, count, count] : []);
      // Every row holds exactly one entry cell, in report order.
      const entries = rows.map((row) => htmlText(blocks(row, /<td class="info"/, 'td')[0] ?? ''));
      const measure = model.sections.flatMap((s) => s.measures).find((m) => m.number === number);
      expect(entries).toEqual(measure?.entries.map((e) => e.text));
    }
  });

  it('prints the measure number, title, term and executors one per line', () => {
    const block = measureBlock(html, '7.6');
    expect(block).toContain('<td class="number" data-label="№ п/п Плана">7.6.</td>');
    expect(block).toContain('<td class="term" data-label="Сроки проведения">2021-2023 годы</td>');
    const executors = [...block.matchAll(/<span class="executor">([^<]*)<\/span>/g)].map((m) => m[1]);
    expect(executors).toEqual([
      'Департамент Смоленской области по социальному развитию',
      'Департамент Смоленской области по внутренней политике',
      'Главное управление Смоленской области по делам молодежи и гражданско-патриотическому воспитанию',
    ]);
  });

  it("appends the footnote mark after the executor's name and explains it after the table", () => {
    expect(measureBlock(html, '2.1')).toContain(
      '<span class="executor">СОГБУ «Смоленский областной информационный центр туризма «Смоленский терем» *</span>',
    );
    const footnote = '<p>*ликвидировано с 14.03.2022 года, создан АНО «Центр развития туризма Смоленской области»</p>';
    expect(html.indexOf(footnote)).toBeGreaterThan(html.indexOf('</table>'));
  });

  it("keeps the seed's entry order across sections", () => {
    const at = (text: string): number => html.indexOf(text);
    expect(at('28 февраля – 1 марта 2023 года')).toBeLessThan(at('25 октября 2023 года'));
    expect(at('С 15 октября 2022 года по 8 января 2023')).toBeLessThan(at('В октябре 2023 года в г. Санкт-Петербурге'));
    expect(at('9-10 декабря 2023 года')).toBeLessThan(at('С 15 по 17 марта 2023 года'));
    expect(at('С 15 по 17 марта 2023 года')).toBeLessThan(at('30 июля 2023 года'));
  });

  it('names the log position and chain hash the report reflects, in small print', () => {
    const model = reportModel2023();
    expect(html).toContain(
      `<footer class="provenance">Сформировано по журналу событий: позиция 412, хеш ${model.chainHash}</footer>`,
    );
    expect(html).toMatch(/\.provenance \{[^}]*font-size: 8pt/);
  });

  it('prints the footnotes and the provenance line as one block right after the table, kept with it in print', () => {
    const end = blocks(html, /<div class="report-end">/, 'div');
    expect(html.indexOf('<div class="report-end">')).toBe(html.indexOf('</table>') + '</table>\n'.length);
    expect(html).toMatch(
      /<div class="report-end">\n<div class="footnotes">[\s\S]*<\/div>\n<footer class="provenance">[^<]*<\/footer>\n<\/div>\n<\/main>/,
    );
    expect(end).toHaveLength(1);
    expect(html).toMatch(/\.report-end \{ break-before: avoid; break-inside: avoid; \}/);
  });

  it('lets an entry row break across pages in print, but not the header or a section row', () => {
    const print = /@media print \{([\s\S]*?)\n\}/.exec(html)?.[1] ?? '';
    expect(print).toContain(
      '.report tr.entry-first, .report tr.entry-more, .report tr.party-first { break-inside: auto; }',
    );
    expect(print).toContain('.report thead tr, .report tr.section { break-inside: avoid; }');
    expect(print).not.toMatch(/\.report tr \{ break-inside: avoid/);
  });
});

describe('renderHtml: appendix, escaping, determinism', () => {
  it('prints no appendix when the model has none', () => {
    expect(html).not.toContain(APPENDIX_TITLE);
    expect(html.match(/<table/g)).toHaveLength(1);
  });

  it('prints the appendix after the main table, same columns, entry cells empty', () => {
    const page = renderHtml(withAppendix());
    const appendix = blocks(page, /<section class="appendix">/, 'section')[0] ?? '';
    expect(page.indexOf(appendix)).toBeGreaterThan(page.indexOf('</table>'));
    expect(appendix).toContain(`<h2>${APPENDIX_TITLE}</h2>`);
    expect(appendix).toContain('<th colspan="5" scope="colgroup">3. Раздел без информации</th>');
    expect(appendix.match(/<th scope="col">/g)).toHaveLength(5);
    expect(appendix).toContain('Мероприятие без отчета');
    expect(appendix).toContain('<td class="info" data-label="Информация о ходе исполнения мероприятий Плана"></td>');
    // The footnotes follow the main table; the provenance line, the appendix's.
    expect(page.indexOf('<div class="footnotes">')).toBeLessThan(page.indexOf(appendix));
    expect(appendix).toMatch(/<\/table>\n<div class="report-end">\n<footer class="provenance">/);
  });

  it('escapes every text an agency or coordinator typed', () => {
    const model = reportModel2023();
    const measure = model.sections[0]?.measures[0];
    if (!measure?.entries[0] || !measure.executors[0]) throw new Error('fixture changed');
    measure.entries[0].text = '<script>alert("x")</script> & «ok»';
    measure.executors[0].name = 'Отдел <b>"А"</b>';
    measure.title = "Название с ' и <i>";
    model.heading = 'Отчет </title><script>1</script>';
    const page = renderHtml(model);
    expect(page).not.toMatch(/<script|<b>|<i>|<\/title><script/);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «ok»');
    expect(page).toContain('Отдел &lt;b&gt;&quot;А&quot;&lt;/b&gt;');
    expect(page).toContain('Название с &#39; и &lt;i&gt;');
  });

  it('gives the same bytes for the same model, every time', () => {
    expect(renderHtml(reportModel2023())).toBe(html);
    expect(renderHtml(structuredClone(reportModel2023()))).toBe(html);
  });
});
