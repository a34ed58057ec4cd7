// The DOCX renderer writes WordprocessingML itself; every publication records its DOCX's
// SHA-256 and the audit rebuilds and compares it, so its bytes must equal those of the
// renderer built on the `docx` package (kept in support/ as the reference) for every model.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { illustrativeSteps, loadIllustrative, loadSeed } from '../../scripts/lib/demo';
import { executeCommand } from '../../shared/commands/execute';
import { runImport, runSteps } from '../../shared/commands/run-import';
import type { DomainCommand } from '../../shared/domain';
import { buildReportModel } from '../../shared/report/build-model';
import {
  APPENDIX_TITLE,
  type ReportEntry,
  type ReportExecutor,
  type ReportMeasure,
  type ReportModel,
  type ReportSection,
} from '../../shared/report/model';
import { renderDocx } from '../../shared/report/render-docx';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { replayViews } from '../../shared/views/replay';
import { reportModel2023 } from '../fixtures/report-model-2023';
import { renderDocxReference } from './support/render-docx-reference';

const PLAN = 'spb-smolensk-2021-2023';
const SPB = 'Санкт-Петербург';
const SMOLENSK = 'Смоленская область';
const actor = { keyId: 'system', role: 'system' } as const;
const envelope = { actor, at: '2024-01-10T09:00:00.000Z' } as const;

const parts = (docx: Uint8Array): [string, string][] =>
  Object.entries(unzipSync(docx)).map(([path, data]) => [path, strFromU8(data)]);

async function expectSameBytes(model: ReportModel): Promise<void> {
  const [lean, reference] = await Promise.all([renderDocx(model), renderDocxReference(model)]);
  // The parts first, for a difference one can read; then the package, byte for byte.
  expect(parts(lean)).toEqual(parts(reference));
  expect(Buffer.from(lean)).toEqual(Buffer.from(reference));
}

const CHECKPOINT = {
  origin: 'registry.example/plan-log',
  size: 412,
  rootHash: '9f2c4be07a51d3e8c6b0f1a2d4e5c7b8a9d0e1f2a3b4c5d6e7f8091a2b3c4d5e',
  note: 'registry.example/plan-log\n412\nnyxL4HpR0+jGsPGi1OXHuKnQ4fKjtMXW5/gJGis8TV4=\n\n— registry AbCd1234efGH5678ijKL9012mnOP3456qrST7890uvWX\n',
};

/** Every character XML or docx treats specially, and some it does not. */
const AWKWARD = [
  '&amp; <b>bold</b> "quoted" \'single\' > < &',
  'tab\there, form\ffeed, vertical\vtab, nul\u0000, bell\u0007, escape\u001b, delete\u007f, c1\u0085',
  'no-break\u00a0space, soft\u00adhyphen, zero\u200bwidth, line\u2028separator, bom\ufeff, \ufffe\uffff',
  'surrogates: 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀, lone high \ud800 and low \udc00',
  '{default-bullet-numbering-0} {{default-bullet-numbering-0}} {default-bullet-numbering-1} {image.png}',
  '  leading and trailing spaces  ',
  ']]> <![CDATA[ x ]]> <?pi?> <!-- comment -->',
  '',
];

const executor = (id: string, name: string, party: string, mark = ''): ReportExecutor => ({
  executorId: id,
  name,
  mark,
  party,
});

function entry(text: string, party: string, position: number): ReportEntry {
  return {
    reportId: `r${position}`,
    text,
    period: { kind: 'none', year: 2023 },
    periodText: '',
    periodStart: null,
    periodEnd: null,
    place: null,
    participants: null,
    regions: null,
    reportedBy: 'x',
    party,
    position,
  };
}

function measure(number: string, text: string, executors: ReportExecutor[], entries: ReportEntry[]): ReportMeasure {
  return { number, label: `${number}.`, title: text, term: text, executors, entries };
}

function section(number: string, heading: string, measures: ReportMeasure[]): ReportSection {
  return { number, title: heading, heading, measures };
}

describe('renderDocx gives the bytes of the docx-built renderer', () => {
  it('for the seed report', async () => {
    await expectSameBytes(reportModel2023());
  });

  it('for the seed report, the SHA-256 the docx-built renderer gave on main (docx 9.15.2), should docx change', async () => {
    const hash = createHash('sha256')
      .update(await renderDocx(reportModel2023()))
      .digest('hex');
    expect(hash).toBe('ede7f0ad6e51e7edc0267f4c709c5748f9ac8e282c90c98d4f521ea39ae53641');
  });

  it('for the seed report with a checkpoint, an appendix, no heading lines, and with neither sections nor footnotes', async () => {
    const seed = reportModel2023();
    const sections = seed.sections;
    await expectSameBytes({ ...seed, checkpoint: CHECKPOINT });
    await expectSameBytes({ ...seed, appendix: { title: APPENDIX_TITLE, sections: sections.slice(0, 2) } });
    await expectSameBytes({ ...seed, appendix: { title: APPENDIX_TITLE, sections: [] }, checkpoint: CHECKPOINT });
    await expectSameBytes({ ...seed, footnotes: [], appendix: { title: APPENDIX_TITLE, sections } });
    await expectSameBytes({ ...seed, headingLines: [] });
    await expectSameBytes({ ...seed, sections: [], footnotes: [] });
    await expectSameBytes({ ...seed, sections: [section('1', 'Пустой раздел', [])], appendix: null });
    await expectSameBytes({ ...seed, sections: [...sections, section('99', 'Пустой раздел', [])] });
  });

  it('for texts with every XML-special character, control characters, surrogates, line breaks and long texts', async () => {
    const seed = reportModel2023();
    const lines = `${AWKWARD.join('\n')}\r\nCR LF\rCR alone\n\n\nthree breaks`;
    const long = 'Очень длинный текст — '.repeat(5000);
    const people = [
      executor('a', lines, SMOLENSK, '*'),
      executor('b', '', SMOLENSK),
      executor('c', `${AWKWARD[0]}`, SPB, '**'),
    ];
    const measures = [
      measure('1.1', lines, people, [entry(lines, SMOLENSK, 1), entry('', SPB, 2), entry(long, SMOLENSK, 3)]),
      measure('1.2', '', [], []),
      measure('1.3', long, [people[2] as ReportExecutor], [entry(lines, SPB, 4)]),
    ];
    await expectSameBytes({
      ...seed,
      heading: lines,
      headingLines: AWKWARD,
      parties: [SPB, SMOLENSK],
      columns: [lines, '', 'a&b', '"c"', long],
      sections: [section('1', lines, measures)],
      footnotes: AWKWARD.map((text, i) => ({ mark: '*'.repeat(i + 1), executorId: `e${i}`, text })),
      appendix: { title: lines, sections: [section('2', '', [measure('2.1', lines, people, [])])] },
      chainHash: lines,
    });
  });

  it('for models fast-check makes up', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(...AWKWARD, 'a\nb', 'a\r\nb\rc', '\t'),
    );
    const party = fc.constantFrom(SPB, SMOLENSK, '', 'Москва');
    const anExecutor = fc.record({
      executorId: fc.string({ maxLength: 4 }),
      name: text,
      mark: fc.constantFrom('', '*', '**'),
      party,
    });
    const anEntry = fc.record({ text, party }).map(({ text, party }) => entry(text, party, 1));
    const aMeasure = fc
      .record({
        number: text,
        title: text,
        term: text,
        executors: fc.array(anExecutor, { maxLength: 3 }),
        entries: fc.array(anEntry, { maxLength: 4 }),
      })
      .map(({ number, title, term, executors, entries }) => ({ ...measure(number, title, executors, entries), term }));
    const aSection = fc
      .record({ heading: text, measures: fc.array(aMeasure, { maxLength: 3 }) })
      .map(({ heading, measures }) => section('1', heading, measures));
    const model = fc.record({
      year: fc.integer({ min: 1, max: 9999 }),
      heading: text,
      headingLines: fc.array(text, { maxLength: 3 }),
      parties: fc.subarray([SPB, SMOLENSK, 'Москва']),
      columns: fc.tuple(text, text, text, text, text),
      sections: fc.array(aSection, { maxLength: 3 }),
      footnotes: fc.array(fc.record({ mark: fc.constantFrom('*', '**'), executorId: fc.constant('x'), text }), {
        maxLength: 3,
      }),
      appendix: fc.option(fc.record({ title: text, sections: fc.array(aSection, { maxLength: 2 }) })),
      checkpoint: fc.option(fc.constant(CHECKPOINT), { nil: undefined }),
      position: fc.nat(),
      chainHash: text,
    });
    const base = reportModel2023();
    await fc.assert(
      fc.asyncProperty(model, async (parts) => {
        const { checkpoint, ...rest } = parts;
        await expectSameBytes({ ...base, ...rest, ...(checkpoint && { checkpoint }) });
      }),
      { numRuns: 300 },
    );
  });
});

describe('renderDocx gives the bytes of the docx-built renderer for the demo plan', () => {
  let views: Awaited<ReturnType<typeof replayViews>>;
  let n = 0;
  const build = (year: number, party: string | null, includeAppendix: boolean) =>
    buildReportModel(views.views, {
      planId: PLAN,
      year,
      position: views.position,
      chainHash: views.hash,
      includeAppendix,
      ...(party !== null && { party }),
    });

  beforeAll(async () => {
    const store = new MemoryEventStore();
    expect((await runImport(store, loadSeed(), envelope)).refused).toEqual([]);
    expect((await runSteps(store, illustrativeSteps(loadIllustrative(), envelope), envelope)).refused).toEqual([]);
    // Executors removed from measures after they reported, as in former-executors.test.ts.
    const amend = (number: string, executors: { executorId: string }[]) => {
      const at = '2024-02-01T09:00:00.000Z';
      const command = { type: 'AmendMeasure', planId: PLAN, number, executors, reason: 'Передача', actor, at };
      return executeCommand(store, command as DomainCommand, {
        commandId: `lean-${++n}`,
        fingerprint: `lean-${n}`,
        recordedAt: at,
      });
    };
    await amend('9.1', [{ executorId: 'spb-sport-committee' }]);
    await amend('7.6', [{ executorId: 'spb-sport-committee' }]);
    await amend('12.3', [{ executorId: 'smolensk-youth-office' }]);
    views = await replayViews(store, {});
  });

  for (const party of [null, SPB, SMOLENSK]) {
    for (const includeAppendix of [false, true]) {
      it(`the ${party ?? 'joint'} report ${includeAppendix ? 'with' : 'without'} the appendix, 2022 and 2023`, async () => {
        const model = await build(2023, party, includeAppendix);
        expect(model.sections.length).toBeGreaterThan(0);
        await expectSameBytes(model);
        await expectSameBytes(await build(2022, party, includeAppendix));
      });
    }
  }

  it('covers footnotes, a measure of two parties with a former executor, and an appendix', async () => {
    const joint = await build(2023, null, true);
    expect(joint.footnotes.length).toBeGreaterThan(0);
    const sport = joint.sections.flatMap((s) => s.measures).find((m) => m.number === '9.1');
    expect(sport?.executors.map((x) => [x.party, x.executorId])).toContainEqual([SMOLENSK, 'smolensk-sport-office']);
    expect(new Set(sport?.executors.map((x) => x.party))).toEqual(new Set([SPB, SMOLENSK]));
    expect((await build(2022, null, true)).appendix?.sections.length).toBeGreaterThan(0);
  });
});
