// Anything the ledger accepts must render: every XML part of the DOCX, for texts made of any
// code point the write path's validators (shared/domain/text.ts) let through, in every place
// a text reaches the Word file (headings, columns, titles, terms, executor names, entries,
// footnotes, the appendix), parses as XML 1.0 with a strict parser.
import { DOMParser } from '@xmldom/xmldom';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { normaliseText, textProblem } from '../../shared/domain/text';
import type { ReportEntry, ReportExecutor, ReportMeasure } from '../../shared/report/model';
import { renderDocx } from '../../shared/report/render-docx';
import { reportModel2023 } from '../fixtures/report-model-2023';

/** Fails on any error or warning (but xmldom's guess that U+FFFD, a character like any other, means a bad encoding). */
function parseStrictly(path: string, xml: string): void {
  const problems: string[] = [];
  new DOMParser({
    onError: (level, message) => {
      if (level === 'warning' && /replacement character/.test(message)) return;
      problems.push(`${path}: ${level}: ${message}`);
    },
  }).parseFromString(xml, 'application/xml');
  // xmldom does not check XML 1.0's Char production; Word does.
  const bad = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.exec(xml);
  if (bad) problems.push(`${path}: U+${bad[0].codePointAt(0)!.toString(16).toUpperCase()} at ${bad.index}`);
  expect(problems).toEqual([]);
}

/** A text as the ledger stores it, from any string the validators accept. */
const accepted = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
    // The code points at the edges of what XML 1.0 and the validators allow, mixed with letters.
    fc
      .array(
        fc.constantFrom(
          ...'\u0000\u0008\t\n\u000b\r\u001f\u007f\u0085\u009f\u00a0\u200b\u202a\u202e\u2066\u2028\ud7ff\ue000\ufeff\ufffd\ufffe\uffffяa&<>"\''.split(
            '',
          ),
          '\u{10000}',
          '\u{10ffff}',
          '\u{1f600}',
          '\ud800',
          '\udc00',
        ),
        { minLength: 1, maxLength: 12 },
      )
      .map((chars) => chars.join('')),
    fc
      .array(fc.integer({ min: 0, max: 0x10ffff }), { minLength: 1, maxLength: 12 })
      .map((cps) => cps.map((cp) => (cp >= 0xd800 && cp <= 0xdfff ? 'x' : String.fromCodePoint(cp))).join('')),
  )
  .map(normaliseText)
  .filter((text) => textProblem(text) === null);

const entry = (text: string, place: string | null, position: number): ReportEntry => ({
  reportId: `r${position}`,
  text,
  period: { kind: 'none', year: 2023 },
  periodText: '',
  periodStart: null,
  periodEnd: null,
  place,
  participants: null,
  regions: null,
  reportedBy: 'x',
  party: 'Смоленская область',
  position,
});

describe('the DOCX of a report whose texts are anything the ledger accepts', () => {
  it('is well-formed XML in every part', async () => {
    const base = reportModel2023();
    await fc.assert(
      fc.asyncProperty(fc.array(accepted, { minLength: 12, maxLength: 12 }), async (t) => {
        const executor: ReportExecutor = { executorId: 'e', name: t[0]!, mark: '*', party: t[1]! };
        const measure: ReportMeasure = {
          number: '1.1',
          label: '1.1.',
          title: t[2]!,
          term: t[3]!,
          executors: [executor],
          entries: [entry(t[4]!, t[5]!, 1), entry(t[6]!, null, 2)],
        };
        const section = { number: '1', title: t[7]!, heading: `1. ${t[7]}`, measures: [measure] };
        const docx = await renderDocx({
          ...base,
          heading: t[8]!,
          headingLines: [t[8]!, t[9]!],
          parties: [t[1]!],
          sections: [section],
          footnotes: [{ mark: '*', executorId: 'e', text: t[10]! }],
          appendix: { title: t[11]!, sections: [section] },
        });
        for (const [path, data] of Object.entries(unzipSync(docx))) {
          if (path.endsWith('.xml') || path.endsWith('.rels')) parseStrictly(path, strFromU8(data));
        }
      }),
      { numRuns: 200 },
    );
  });
});
