import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APPENDIX_TITLE, type ReportModel } from '../../shared/report/model';
import { DOCX_CREATOR, renderDocx } from '../../shared/report/render-docx';
import { reportModel2023 } from '../fixtures/report-model-2023';
import { blocks, wordParagraphs } from './support/markup';

const libreOffice = ['soffice', 'libreoffice'].find(
  (cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0,
);

async function unpack(model: ReportModel): Promise<Record<string, string>> {
  const files = unzipSync(await renderDocx(model));
  return Object.fromEntries(Object.entries(files).map(([path, data]) => [path, strFromU8(data)]));
}

const part = (files: Record<string, string>, path: string): string => {
  const text = files[path];
  if (text === undefined) throw new Error(`${path} missing from the package`);
  return text;
};

const model = reportModel2023();
const files = await unpack(model);
const documentXml = part(files, 'word/document.xml');
const paragraphs = wordParagraphs(documentXml);

afterEach(() => {
  vi.useRealTimers();
});

describe('renderDocx: the package', () => {
  it('holds the parts Word needs', () => {
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        '[Content_Types].xml',
        'word/document.xml',
        'word/styles.xml',
        'docProps/core.xml',
        '_rels/.rels',
      ]),
    );
  });

  it('gives byte-identical files for the same model, whatever the clock says', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-01-15T09:00:00Z'));
    const first = await renderDocx(reportModel2023());
    vi.setSystemTime(new Date('2031-07-02T13:37:11Z'));
    const second = await renderDocx(structuredClone(reportModel2023()));
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('names the report in its properties, dated the last day of the report year', () => {
    const core = part(files, 'docProps/core.xml');
    expect(core).toContain(`<dc:title>${model.heading}</dc:title>`);
    expect(core).toContain(`<dc:creator>${DOCX_CREATOR}</dc:creator>`);
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2023-12-31T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2023-12-31T00:00:00Z</dcterms:modified>');
  });
});

describe('renderDocx: the page', () => {
  it('is A4 landscape with 20/10/20/30 mm margins', () => {
    expect(documentXml).toContain('<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>');
    expect(documentXml).toMatch(/<w:pgMar w:top="1134" w:right="567" w:bottom="1134" w:left="1701"/);
  });

  it('sets Times New Roman 12 pt, Russian, and a 14 pt bold centred heading as the seed breaks it', () => {
    const styles = part(files, 'word/styles.xml');
    expect(styles).toMatch(/<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman"[^>]*\/><w:sz w:val="24"\/>/);
    expect(styles).toContain('<w:lang w:val="ru-RU"/>');
    expect(paragraphs.slice(0, 2)).toEqual(model.headingLines);
    const firstParagraph = blocks(documentXml, /<w:p[ >]/, 'w:p')[0] ?? '';
    expect(firstParagraph).toContain('<w:jc w:val="center"/>');
    expect(firstParagraph).toMatch(/<w:b\/>.*<w:sz w:val="28"\/>/);
  });
});

describe('renderDocx: the table', () => {
  const table = blocks(documentXml, /<w:tbl>/, 'w:tbl')[0] ?? '';
  const rows = blocks(table, /<w:tr[ >]/, 'w:tr');

  it('fills the text width with five fixed columns', () => {
    const grid = [...table.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(grid).toHaveLength(5);
    expect(grid.reduce((a, b) => a + b, 0)).toBe(16838 - 1701 - 567);
    expect(table).toContain('<w:tblLayout w:type="fixed"/>');
  });

  it('repeats the header row, and only it, on every page', () => {
    expect(rows[0]).toContain('<w:tblHeader/>');
    expect(wordParagraphs(rows[0] ?? '')).toEqual(model.columns);
    expect(rows.slice(1).some((row) => row.includes('<w:tblHeader/>'))).toBe(false);
  });

  it('prints each section as one bold row across all five columns, in plan order', () => {
    const sectionRows = rows.filter((row) => row.includes('<w:gridSpan w:val="5"/>'));
    expect(sectionRows.map((row) => wordParagraphs(row).join(''))).toEqual(model.sections.map((s) => s.heading));
    for (const row of sectionRows) expect(row).toContain('<w:b/>');
  });

  it("merges a measure's four cells down its entry rows: 8.2 over 7, 9.1 over 8", () => {
    const measureRows = rows.filter((row) => !row.includes('<w:gridSpan') && !row.includes('<w:tblHeader/>'));
    const entries = model.sections.flatMap((s) => s.measures.flatMap((m) => m.entries));
    expect(measureRows).toHaveLength(entries.length);
    const start82 = measureRows.findIndex((row) => wordParagraphs(row)[0] === '8.2.');
    expect(start82).toBeGreaterThanOrEqual(0);
    expect(measureRows[start82]?.match(/<w:vMerge w:val="restart"\/>/g)).toHaveLength(4);
    for (const row of measureRows.slice(start82 + 1, start82 + 7)) {
      expect(row.match(/<w:vMerge w:val="continue"\/>/g)).toHaveLength(4);
    }
    // The next row starts a new merge: 9.1's own.
    expect(wordParagraphs(measureRows[start82 + 7] ?? '')[0]).toBe('9.1.');
    expect(measureRows[start82 + 7]?.match(/<w:vMerge w:val="restart"\/>/g)).toHaveLength(4);
    expect(documentXml.match(/<w:vMerge w:val="restart"\/>/g)).toHaveLength(8);
    expect(documentXml.match(/<w:vMerge w:val="continue"\/>/g)).toHaveLength(4 * (6 + 7));
  });

  it('holds every measure number and every entry, in report order', () => {
    const measures = model.sections.flatMap((s) => s.measures);
    for (const measure of measures) expect(paragraphs).toContain(measure.label);
    const entries = measures.flatMap((m) => m.entries.map((e) => e.text));
    const positions = entries.map((text) => paragraphs.indexOf(text));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('marks the liquidated executor and puts its footnote after the table', () => {
    expect(paragraphs).toContain('СОГБУ «Смоленский областной информационный центр туризма «Смоленский терем» *');
    const footnote = '*ликвидировано с 14.03.2022 года, создан АНО «Центр развития туризма Смоленской области»';
    expect(wordParagraphs(documentXml.slice(documentXml.lastIndexOf('</w:tbl>')))).toContain(footnote);
  });

  it('ends with the log position and chain hash in small grey print', () => {
    expect(paragraphs.at(-1)).toBe(`Сформировано по журналу событий: позиция 412, хеш ${model.chainHash}`);
    expect(documentXml).toMatch(/<w:color w:val="808080"\/><w:sz w:val="16"\/>[\s\S]*Сформировано по журналу/);
  });

  it('keeps the provenance line on the page where the table ends: its last row and the footnotes keep with next', () => {
    const rows = blocks(documentXml, /<w:tr[ >]/, 'w:tr');
    const last = rows.at(-1) ?? '';
    // Every paragraph of the last row, the merged cells' empty ones included, and nothing before it.
    expect(blocks(last, /<w:p[ >]/, 'w:p').every((p) => p.includes('<w:keepNext/>'))).toBe(true);
    expect(blocks(last, /<w:p[ >]/, 'w:p')).toHaveLength(5);
    expect(rows.slice(1, -1).filter((row) => row.includes('<w:keepNext/>') && !row.includes('<w:gridSpan'))).toEqual(
      [],
    );
    const after = blocks(documentXml.slice(documentXml.lastIndexOf('</w:tbl>')), /<w:p[ >]/, 'w:p');
    expect(after.map((p) => p.includes('<w:keepNext/>'))).toEqual([true, true, false]);
    expect(wordParagraphs(after.join('')).at(-1)).toMatch(/^Сформировано по журналу событий/);
  });

  it('numbers pages at the top centre from the second page (ГОСТ Р 7.0.97-2016)', () => {
    const section = /<w:sectPr>[\s\S]*<\/w:sectPr>/.exec(documentXml)?.[0] ?? '';
    expect(section).toContain('<w:titlePg/>');
    const rels = part(files, 'word/_rels/document.xml.rels');
    const header = (type: string) => {
      const id = new RegExp(`<w:headerReference w:type="${type}" r:id="(rId\\d+)"/>`).exec(section)?.[1];
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? `missing ${type}`;
      return part(files, `word/${target}`);
    };
    const numbered = header('default');
    expect(numbered).toMatch(/<w:jc w:val="center"\/>/);
    expect(numbered).toMatch(/<w:instrText xml:space="preserve">PAGE<\/w:instrText>/);
    expect(header('first')).not.toContain('PAGE');
    expect(wordParagraphs(header('first'))).toEqual([]);
  });
});

describe('renderDocx: appendix and escaping', () => {
  it('starts the appendix on a new page, with the same header and empty entry cells', async () => {
    const withAppendix = reportModel2023();
    withAppendix.appendix = {
      title: APPENDIX_TITLE,
      sections: [
        {
          number: '3',
          title: 'Т',
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
    const xml = part(await unpack(withAppendix), 'word/document.xml');
    const tables = blocks(xml, /<w:tbl>/, 'w:tbl');
    expect(tables).toHaveLength(2);
    const between = xml.slice(xml.indexOf('</w:tbl>'), xml.lastIndexOf('<w:tbl>'));
    expect(between).toContain('<w:pageBreakBefore/>');
    expect(wordParagraphs(between)).toContain(APPENDIX_TITLE);
    const appendixRows = blocks(tables[1] ?? '', /<w:tr[ >]/, 'w:tr');
    expect(appendixRows[0]).toContain('<w:tblHeader/>');
    // The last row keeps with the provenance line: its empty cells hold a paragraph marked keep-with-next.
    expect(wordParagraphs(appendixRows[2] ?? '')).toEqual(['3.1.', 'Мероприятие без отчета', '2021-2023 годы', '', '']);
    const betweenParagraphs = blocks(between, /<w:p[ >]/, 'w:p');
    const beforeBreak = betweenParagraphs[betweenParagraphs.findIndex((p) => p.includes('<w:pageBreakBefore/>')) - 1];
    expect(beforeBreak).toContain('*ликвидировано');
    expect(beforeBreak).not.toContain('<w:keepNext/>');
    const mainRows = blocks(tables[0] ?? '', /<w:tr[ >]/, 'w:tr');
    // With the appendix after it, the main table keeps only with its footnotes.
    expect(mainRows.at(-1)).toContain('<w:keepNext/>');
  });

  it('escapes markup in texts and drops characters XML cannot hold', async () => {
    const hostile = reportModel2023();
    const entry = hostile.sections[0]?.measures[0]?.entries[0];
    if (!entry) throw new Error('fixture changed');
    entry.text = '<script>alert("x")</script> & «ok»\u0007';
    hostile.heading = 'Отчет <b>&</b>';
    const unpacked = await unpack(hostile);
    const xml = part(unpacked, 'word/document.xml');
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «ok»</w:t>');
    expect(part(unpacked, 'docProps/core.xml')).toContain('<dc:title>Отчет &lt;b&gt;&amp;&lt;/b&gt;</dc:title>');
  });

  it('keeps a line break an agency typed as a new paragraph', async () => {
    const multiline = reportModel2023();
    const entry = multiline.sections[0]?.measures[0]?.entries[0];
    if (!entry) throw new Error('fixture changed');
    entry.text = 'Первый абзац.\nВторой абзац.';
    const xml = part(await unpack(multiline), 'word/document.xml');
    const found = wordParagraphs(xml);
    expect(found.indexOf('Второй абзац.')).toBe(found.indexOf('Первый абзац.') + 1);
  });
});

describe.skipIf(!libreOffice)('renderDocx: LibreOffice', () => {
  it('opens the package and converts it to a landscape PDF, headless', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-docx-'));
    try {
      const source = join(dir, 'report.docx');
      writeFileSync(source, await renderDocx(reportModel2023()));
      const args = [
        '--headless',
        `-env:UserInstallation=file://${dir}/profile`,
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        source,
      ];
      const result = spawnSync(libreOffice ?? 'soffice', args, { timeout: 120_000 });
      expect(result.status).toBe(0);
      const pdf = readFileSync(join(dir, 'report.pdf')).toString('latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      // A4 landscape is 842 × 595 points.
      expect(pdf).toMatch(/\/MediaBox\s*\[\s*0 0 841\.[0-9]+ 595\.[0-9]+\s*\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
