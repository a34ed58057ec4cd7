// How the HTML report prints, measured in Chromium (print to PDF) and read back with
// pdftotext: entry rows break across pages instead of leaving half-empty pages, and the
// footnotes and provenance line stay together on the last page. (Chromium keeps them
// with the table only where it can break between rows: it does not split the table's
// last row for it.) Skipped where Chromium or pdftotext is not installed
// (apt-get install chromium poppler-utils).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../shared/report/render-html';
import { reportModel2023 } from '../fixtures/report-model-2023';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) => fs.existsSync(file));
const PDFTOTEXT = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'print-'));
let browser: Browser;
let page: Page | undefined;

interface PrintedPage {
  text: string;
  /** How far down the printable area the last text reaches, 0-1. */
  fill: number;
}

/** A4 landscape, margins 20 mm top and bottom, in PDF points. */
const PAGE_TOP = (20 / 25.4) * 72;

async function print(html: string): Promise<PrintedPage[]> {
  page ??= await browser.newPage();
  await page.setContent(html);
  const file = path.join(dir, 'report.pdf');
  fs.writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
  const bbox = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return bbox
    .split('<page ')
    .slice(1)
    .map((xml) => {
      const height = Number(/height="([\d.]+)"/.exec(xml)?.[1]);
      const words = [...xml.matchAll(/yMax="([\d.]+)">([^<]*)</g)];
      const bottom = Math.max(PAGE_TOP, ...words.map((w) => Number(w[1])));
      return {
        text: words.map((w) => w[2]).join(' '),
        fill: (bottom - PAGE_TOP) / (height - 2 * PAGE_TOP),
      };
    });
}

beforeAll(async () => {
  if (CHROMIUM && PDFTOTEXT) browser = await chromium.launch({ executablePath: CHROMIUM });
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!CHROMIUM || !PDFTOTEXT)('the HTML report, printed', () => {
  it('fills its pages: the 2023 report prints on 9 pages (Word: 8), none but the last under 80 % full', async () => {
    const pages = await print(renderHtml(reportModel2023()));
    expect(pages.length).toBeLessThanOrEqual(9);
    expect(pages.slice(0, -1).map((p) => p.fill >= 0.8)).toEqual(pages.slice(0, -1).map(() => true));
  });

  it('keeps the footnotes and the provenance line together, on the last page, wherever the table ends', async () => {
    const model = reportModel2023();
    model.sections = model.sections.slice(-1);
    const html = renderHtml(model);
    const lastCell = html.lastIndexOf('</td></tr>');
    // Grow the last entry two lines at a time, so that the table's end falls at every height of a page.
    for (let lines = 0; lines <= 44; lines += 2) {
      const more = '\nещё одна строка текста'.repeat(lines);
      const pages = await print(`${html.slice(0, lastCell)}${more}${html.slice(lastCell)}`);
      const last = pages.at(-1)!.text;
      expect(last, `${lines} more lines`).toContain('*ликвидировано с 14.03.2022 года');
      expect(last, `${lines} more lines`).toContain('Сформировано по журналу событий');
    }
  });

  it("prints the 2023 report's provenance line on the table's last page", async () => {
    const last = (await print(renderHtml(reportModel2023()))).at(-1)!.text;
    expect(last.replace(/\*ликвидировано.*$/, '').trim()).not.toBe('');
    expect(last).toContain('Сформировано по журналу событий');
  });
});
