import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS } from '../../shared/report/model';
import { renderReport, reportFileName } from '../../shared/report/render';
import { reportModel2023 } from '../fixtures/report-model-2023';

describe('renderReport', () => {
  it('gives bytes, content type and extension for every format', async () => {
    const model = reportModel2023();
    const json = await renderReport(model, 'json');
    expect(json.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(new TextDecoder().decode(json.body)).planId).toBe('spb-smolensk-2021-2023');

    const html = await renderReport(model, 'html');
    expect(html.contentType).toBe('text/html; charset=utf-8');
    expect(new TextDecoder().decode(html.body)).toContain('«Смоленский терем» *');

    const docx = await renderReport(model, 'docx');
    expect(docx.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(strFromU8(unzipSync(docx.body)['word/document.xml'] ?? new Uint8Array())).toContain('8.2.');

    const csv = await renderReport(model, 'csv');
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    for (const [format, rendered] of [
      ['json', json],
      ['html', html],
      ['docx', docx],
      ['csv', csv],
    ] as const) {
      expect(rendered.fileExtension).toBe(format);
    }
  });

  it.each(REPORT_FORMATS)('gives equal bytes for equal models: %s', async (format) => {
    const first = await renderReport(reportModel2023(), format);
    const second = await renderReport(structuredClone(reportModel2023()), format);
    expect(Buffer.from(second.body).equals(Buffer.from(first.body))).toBe(true);
  });

  it('gives different bytes when an entry changes', async () => {
    const changed = reportModel2023();
    const entry = changed.sections[3]?.measures[0]?.entries[6];
    if (!entry) throw new Error('fixture changed');
    entry.text = `${entry.text}.`;
    for (const format of REPORT_FORMATS) {
      const before = await renderReport(reportModel2023(), format);
      const after = await renderReport(changed, format);
      expect(Buffer.from(after.body).equals(Buffer.from(before.body)), format).toBe(false);
    }
  });
});

describe('reportFileName', () => {
  it('names the file after the plan and year', () => {
    expect(reportFileName(reportModel2023(), 'docx')).toBe('report-spb-smolensk-2021-2023-2023.docx');
    expect(reportFileName(reportModel2023(), 'csv')).toBe('report-spb-smolensk-2021-2023-2023.csv');
  });

  it('keeps to ASCII letters, digits, dash and underscore', () => {
    expect(reportFileName({ planId: 'План СПб/Смоленск "2021"', year: 2024 }, 'html')).toBe('report-2021-2024.html');
    expect(reportFileName({ planId: '../../etc', year: 2024 }, 'json')).toBe('report-etc-2024.json');
    expect(reportFileName({ planId: 'Дорожная карта', year: 2024 }, 'json')).toBe('report-plan-2024.json');
  });

  it("names a party's report after the party, in Latin letters", () => {
    const model = { planId: 'spb-smolensk-2021-2023', year: 2023 };
    expect(reportFileName({ ...model, party: 'Смоленская область' }, 'docx')).toBe(
      'report-spb-smolensk-2021-2023-2023-smolenskaia-oblast.docx',
    );
    expect(reportFileName({ ...model, party: 'Санкт-Петербург' }, 'csv')).toBe(
      'report-spb-smolensk-2021-2023-2023-sankt-peterburg.csv',
    );
    expect(reportFileName({ ...model, party: null }, 'csv')).toBe('report-spb-smolensk-2021-2023-2023.csv');
    expect(reportFileName({ ...model, party: '«»' }, 'csv')).toBe('report-spb-smolensk-2021-2023-2023-party.csv');
  });
});
