// A Word file with a text the ledger refuses (a bidirectional embedding or override, which
// text copied from a web page or a phone's contacts often carries, invisible in Word): the
// row holding it is skipped with its place, and the rest of the file imports, as for a text
// too long. The import must not refuse the whole file with a path into its own intermediate
// document («sections[4].measures[0].reports[0].text»), which names no row of the Word file.
import { describe, expect, it } from 'vitest';
import { importDocx } from '../../shared/import/docx';
import { renderDocx } from '../../shared/report/render-docx';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { AT, directoryOf, reportOf, SEED_PLAN, SYSTEM, seededStore } from './support';

/** The seed's 2023 report with two more entries on 9.1: one plain, one holding `bad`. */
async function fileWith(bad: string): Promise<Uint8Array> {
  const model = await reportOf(await seededStore(), SEED_PLAN, 2023);
  const measure = model.sections.flatMap((s) => s.measures).find((m) => m.number === '9.1')!;
  const last = measure.entries[measure.entries.length - 1]!;
  measure.entries.push(
    { ...last, reportId: 'plain', text: '20 декабря 2023 года прошел турнир по дзюдо', position: last.position + 1000 },
    {
      ...last,
      reportId: 'bad',
      text: `21 декабря 2023 года прошел турнир по самбо, тел. ${bad}+7 4812 00-00-00\u202c`,
      position: last.position + 1001,
    },
  );
  return renderDocx(model);
}

describe('a Word file with an entry holding a bidirectional embedding', () => {
  it.each([
    ['LRE', '\u202a'],
    ['RLO', '\u202e'],
    ['LRI', '\u2066'],
  ])('%s: skips that row with its place, and imports the rest, dry run and apply alike', async (_name, bad) => {
    const file = await fileWith(bad);
    const store = await seededStore();
    const dry = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT, dryRun: true });
    expect(dry.changes.entries.new.map((e) => e.excerpt)).toEqual(['20 декабря 2023 года прошел турнир по дзюдо']);
    const skipped = dry.findings.filter((f) => f.level === 'skipped');
    expect(skipped).toEqual([
      expect.objectContaining({
        where: expect.stringMatching(/^table 1, row \d+/),
        message: expect.stringMatching(/bidirectional/),
        excerpt: expect.stringContaining('турнир по самбо'),
      }),
    ]);
    const applied = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT });
    expect(applied.result).toMatchObject({ applied: 1, refused: [] });
    expect(applied.changes.entries.new).toEqual(dry.changes.entries.new);
  });
});

describe('a Word file naming a new executor with a bidirectional override in its name', () => {
  it('skips the name with its place instead of refusing the whole file', async () => {
    const model = await reportOf(await seededStore(), SEED_PLAN, 2023);
    const measure = model.sections.flatMap((s) => s.measures).find((m) => m.number === '9.1')!;
    measure.executors.push({
      executorId: 'new',
      name: 'Комитет по физической культуре \u202eи спорту\u202c',
      mark: '',
      party: 'Смоленская область',
    });
    const file = await renderDocx(model);
    const store = await seededStore();
    const dry = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT, dryRun: true });
    expect(dry.findings.filter((f) => f.level === 'skipped')).toEqual([
      expect.objectContaining({
        where: expect.stringMatching(/^table 1, row \d+/),
        message: expect.stringMatching(/bidirectional/),
      }),
    ]);
  });
});

describe('a Word file whose footnote renames an executor to a name holding a bidirectional override', () => {
  it('skips that rename with its place instead of refusing the whole file', async () => {
    const model = await reportOf(await seededStore(), SEED_PLAN, 2023);
    const measure = model.sections.flatMap((s) => s.measures).find((m) => m.number === '9.1')!;
    measure.executors[0] = { ...measure.executors[0]!, mark: '***' };
    model.footnotes.push({
      mark: '***',
      executorId: measure.executors[0]!.executorId,
      text: 'переименовано с 01.06.2023 года в Комитет по спорту \u202eСмоленской области',
    });
    const file = await renderDocx(model);
    const store = await seededStore();
    const dry = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT, dryRun: true });
    expect(dry.findings.filter((f) => f.level === 'skipped')).toEqual([
      expect.objectContaining({
        where: expect.stringMatching(/^paragraph \d+/),
        message: expect.stringMatching(/bidirectional/),
      }),
    ]);
  });
});

describe('a Word file for a new plan whose heading or a section title holds a bidirectional override', () => {
  it.each([['the heading'], ['a section title']])(
    '%s: refused with the place named, not a path into the import document',
    async (where) => {
      const model = await reportOf(await seededStore(), SEED_PLAN, 2023);
      if (where === 'the heading') model.headingLines = model.headingLines.map((l, i) => (i === 1 ? `${l}\u202e` : l));
      else model.sections[0] = { ...model.sections[0]!, heading: `${model.sections[0]!.heading}\u202e` };
      const file = await renderDocx(model);
      const store = new MemoryEventStore();
      const error = await importDocx(store, await directoryOf(store), file, {
        actor: SYSTEM,
        at: AT,
        dryRun: true,
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        status: 400,
        code: 'not_a_report',
        message: expect.stringMatching(/(paragraph|table 1, row) \d+.*bidirectional/),
      });
    },
  );
});
