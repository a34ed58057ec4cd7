// What is not a report of this layout is refused as a whole, with a stable code and a
// message naming what is missing; nothing of it is imported.
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AppError, ValidationError } from '../../shared/errors';
import { EMPTY_DIRECTORY, readDocx } from '../../shared/import/docx';
import { MAX_PART_BYTES } from '../../shared/import/docx/package';
import { bookmark, cell, documentXml, docx, HEADER_ROW, p, tbl, tr } from './docx-xml';
import { directoryOf, seededStore, seedFixture } from './support';

const HEADING = [
  p('Отчет об исполнении в 2023 году'),
  p('Плана мероприятий по развитию сотрудничества между Санкт-Петербургом и Смоленской областью на 2021-2023 годы'),
].join('');

function refusal(bytes: Uint8Array, options = {}): { status: number; code: string; message: string } {
  try {
    readDocx(bytes, EMPTY_DIRECTORY, options);
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the file was read');
}

async function wordFile(children: Array<Paragraph | Table>): Promise<Uint8Array> {
  return Packer.toBuffer(new Document({ sections: [{ children }] })).then((b) => new Uint8Array(b));
}

describe('files that are not a report of this layout', () => {
  it('refuses a text file and a zip that is not a Word document', () => {
    expect(refusal(strToU8('Отчет об исполнении в 2023 году'))).toMatchObject({
      status: 400,
      code: 'not_a_docx',
      message: expect.stringMatching(/zip/),
    });
    expect(refusal(zipSync({ 'notes.txt': strToU8('hello') }))).toMatchObject({
      status: 400,
      code: 'not_a_docx',
      message: expect.stringMatching(/Content_Types/),
    });
    const spreadsheet = zipSync({
      '[Content_Types].xml': strToU8(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
      ),
    });
    expect(refusal(spreadsheet)).toMatchObject({ code: 'not_a_docx', message: expect.stringMatching(/main document/) });
  });

  it('refuses a package whose document is not well-formed XML, or declares a DTD', () => {
    const broken = docx('<w:p><w:r><w:t>unclosed</w:r></w:p>');
    expect(refusal(broken)).toMatchObject({ code: 'not_a_docx', message: expect.stringMatching(/well-formed/) });
    const withDtd = zipSync({
      '[Content_Types].xml': unzipText(docx(''), '[Content_Types].xml'),
      'word/document.xml': strToU8(
        `<!DOCTYPE x [<!ENTITY a "aaaa">]>${documentXml('').replace(/^<\?xml[^>]*\?>/, '')}`,
      ),
    });
    expect(refusal(withDtd)).toMatchObject({ code: 'not_a_docx' });
  });

  it('refuses a Word document without the report heading or table', async () => {
    const letter = await wordFile([new Paragraph('Уважаемый коллега!'), new Paragraph('Направляем информацию.')]);
    expect(refusal(letter)).toMatchObject({
      status: 400,
      code: 'not_a_report',
      message: expect.stringMatching(/no table/),
    });
    const otherTable = await wordFile([
      new Paragraph('Отчет об исполнении в 2023 году Плана'),
      new Table({
        rows: [
          new TableRow({ children: ['Фамилия', 'Имя'].map((t) => new TableCell({ children: [new Paragraph(t)] })) }),
        ],
      }),
    ]);
    expect(refusal(otherTable)).toMatchObject({
      code: 'not_a_report',
      message: expect.stringMatching(/columns.*Фамилия \| Имя/s),
    });
    const noHeading = docx(tbl(HEADER_ROW));
    expect(refusal(noHeading)).toMatchObject({ code: 'not_a_report', message: expect.stringMatching(/heading/) });
    const noSections = docx(HEADING + tbl(HEADER_ROW, tr(cell('Итого'), cell(), cell(), cell(), cell())));
    expect(refusal(noSections)).toMatchObject({ code: 'not_a_report', message: expect.stringMatching(/section row/) });
  });

  it('refuses a new plan whose heading names no parties, and asks for --plan', () => {
    const file = docx(
      p('Отчет об исполнении в 2023 году Плана мероприятий на 2021-2023 годы') +
        tbl(HEADER_ROW, tr(cell('2. В области туризма'))),
    );
    expect(refusal(file)).toMatchObject({
      status: 400,
      code: 'plan_unknown',
      message: expect.stringMatching(/--plan/),
    });
  });

  it('refuses a part that unpacks beyond the limit (413), and more table rows than a report has', () => {
    const huge = zipSync({
      '[Content_Types].xml': unzipText(docx(''), '[Content_Types].xml'),
      'word/document.xml': new Uint8Array(MAX_PART_BYTES + 1),
    });
    expect(refusal(huge)).toMatchObject({ status: 413, code: 'docx_too_large' });
    const rows = '<w:tr/>'.repeat(10_001);
    expect(refusal(docx(HEADING + tbl(HEADER_ROW, rows)))).toMatchObject({ status: 413, code: 'docx_too_large' });
  });
});

describe('options', () => {
  it("refuses a malformed --map or one naming an unknown executor, with the pair's place", async () => {
    const file = docx(HEADING + tbl(HEADER_ROW, tr(cell('2. В области туризма'))) + bookmark('x'));
    const directory = await directoryOf(await seededStore());
    const attempt = (map: string[]) => {
      try {
        readDocx(file, directory, { map });
        return null;
      } catch (error) {
        return error instanceof ValidationError ? error.issues : error;
      }
    };
    expect(attempt(['no equals sign', 'Имя=smolensk-sport-office', 'Имя=nobody'])).toEqual([
      { path: 'map[0]', message: expect.stringMatching(/name as printed/) },
      { path: 'map[2]', message: 'there is no executor nobody in the directory' },
    ]);
    expect(() => readDocx(file, directory, { planId: 'not a plan id' })).toThrow(ValidationError);
  });

  it('leaves a name two executors share to --map, and takes the map when given', async () => {
    const seed = seedFixture();
    seed.executors.push({
      executorId: 'twin',
      fullName: 'Главное управление спорта Смоленской области',
      party: 'Смоленская область',
    });
    const directory = await directoryOf(await seededStore({ ...seed, sections: [] }));
    const file = docx(
      HEADING +
        tbl(
          HEADER_ROW,
          tr(cell('9. В области спорта')),
          tr(
            cell('9.1.'),
            cell('Содействие участию спортсменов'),
            cell('2021-2023 годы'),
            cell('Главное управление спорта Смоленской области'),
            cell('9 апреля 2023 года прошли соревнования'),
          ),
        ),
    );
    const blind = readDocx(file, directory);
    expect(blind.findings.filter((f) => f.level === 'skipped').map((f) => [f.code, f.where])).toEqual([
      ['ambiguous_executor', 'table 1, row 3, cell 4'],
      ['measure_incomplete', 'table 1, row 3'],
    ]);
    const mapped = readDocx(file, directory, { map: ['Главное управление спорта Смоленской области=twin'] });
    expect(mapped.plan.document.sections[0]?.measures[0]?.executors).toEqual([{ executorId: 'twin' }]);
  });
});

function unzipText(zip: Uint8Array, name: string): Uint8Array {
  return unzipSync(zip)[name]!;
}
