// The joint (two-party) report and each party's report, as the ledger renders them from
// the demo data (the seed and the illustrative Saint Petersburg part), read back. In the
// joint report a measure of both parties has an executor cell per party, headed by the
// party's name and starting partway down the measure: the heading is no executor, and
// the second cell continues the measure. Over the ledger they came from, each changes
// nothing; into an empty ledger, every entry lands under its measure and executor.
import { beforeAll, describe, expect, it } from 'vitest';
import { illustrativeSteps, loadIllustrative } from '../../scripts/lib/demo';
import { runSteps } from '../../shared/commands/run-import';
import { EMPTY_DIRECTORY, importDocx } from '../../shared/import/docx';
import type { ReportModel } from '../../shared/report/model';
import { renderDocx } from '../../shared/report/render-docx';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { cell, docx, HEADER_ROW, p, tbl, tc, tr } from './docx-xml';
import { AT, asRead, directoryOf, reportOf, SEED_PLAN, SYSTEM, seededStore } from './support';

const SPB = 'Санкт-Петербург';
const SMOLENSK = 'Смоленская область';
const PARTIES = [null, SPB, SMOLENSK] as const;
type Party = (typeof PARTIES)[number];
const label = (party: Party) => party ?? 'joint';

let demo: MemoryEventStore;
const models = new Map<Party, ReportModel>();
const files = new Map<Party, Uint8Array>();

beforeAll(async () => {
  demo = await seededStore();
  const envelope = { actor: SYSTEM, at: AT };
  expect((await runSteps(demo, illustrativeSteps(loadIllustrative(), envelope), envelope)).refused).toEqual([]);
  for (const party of PARTIES) {
    const model = await reportOf(demo, SEED_PLAN, 2023, false, party);
    models.set(party, model);
    files.set(party, await renderDocx(model));
  }
});

const entryCount = (model: ReportModel) => model.sections.flatMap((s) => s.measures.flatMap((m) => m.entries)).length;

describe('a report rendered from the demo ledger, imported over it', () => {
  it.each(PARTIES.map((party) => [label(party), party]))(
    'the %s report: no new executor or entry, every entry present, nothing skipped or warned, nothing written',
    async (_name, party) => {
      const file = files.get(party)!;
      const dry = await importDocx(demo, await directoryOf(demo), file, { actor: SYSTEM, at: AT, dryRun: true });
      expect(dry.planId).toBe(SEED_PLAN);
      expect(dry.changes.executors).toEqual({ new: [], facts: [] });
      expect(dry.changes.measures.new).toEqual([]);
      expect(dry.changes.entries.new).toEqual([]);
      expect(dry.changes.entries.present).toHaveLength(entryCount(models.get(party)!));
      expect(dry.findings.filter((f) => f.level !== 'note')).toEqual([]);
      const head = (await demo.head()).position;
      const applied = await importDocx(demo, await directoryOf(demo), file, { actor: SYSTEM, at: AT });
      expect(applied.result).toMatchObject({ applied: 0, refused: [] });
      expect((await demo.head()).position).toBe(head);
    },
  );

  it('reads the joint report as 29 entries, the Saint Petersburg ones among them', async () => {
    const dry = await importDocx(demo, await directoryOf(demo), files.get(null)!, {
      actor: SYSTEM,
      at: AT,
      dryRun: true,
    });
    expect(dry.changes.entries.present).toHaveLength(29);
    expect(dry.changes.entries.present.map((e) => e.reportId)).toEqual(
      expect.arrayContaining(['illustrative-spb-2023-2.1-01', 'illustrative-spb-2023-9.1-01', '2023-2.1-01']),
    );
  });
});

describe('the joint report, imported into an empty ledger', () => {
  let store: MemoryEventStore;
  let result: Awaited<ReturnType<typeof importDocx>>;

  beforeAll(async () => {
    store = new MemoryEventStore();
    result = await importDocx(store, EMPTY_DIRECTORY, files.get(null)!, { actor: SYSTEM, at: AT });
  });

  it('applies every step, skips nothing, and registers no party as an executor', () => {
    expect(result.result).toMatchObject({ refused: [], unchanged: 0 });
    expect(result.findings.filter((f) => f.level === 'skipped')).toEqual([]);
    expect(result.changes.entries.new).toHaveLength(29);
    const names = result.changes.executors.new.map((x) => x.name);
    expect(names).toHaveLength(14);
    expect(names).not.toContain(SPB);
    expect(names).not.toContain(SMOLENSK);
  });

  it('gives back the joint report and each party report: every entry under its measure, executor and party', async () => {
    for (const party of PARTIES) {
      const again = await reportOf(store, result.planId, 2023, false, party);
      expect(asRead(again)).toEqual(asRead(models.get(party)!));
    }
  });

  it('then changes nothing when the joint or a party report is imported into it', async () => {
    const head = (await store.head()).position;
    for (const party of PARTIES) {
      const again = await importDocx(store, await directoryOf(store), files.get(party)!, { actor: SYSTEM, at: AT });
      expect(again.changes.entries.new).toEqual([]);
      expect(again.findings.filter((f) => f.level !== 'note')).toEqual([]);
      expect(again.result).toMatchObject({ applied: 0, refused: [] });
    }
    expect((await store.head()).position).toBe(head);
  });
});

describe("each party's report, imported into an empty ledger", () => {
  it.each<Party>([SPB, SMOLENSK])('%s: gives back that report, every entry under its executor', async (party) => {
    const store = new MemoryEventStore();
    const result = await importDocx(store, EMPTY_DIRECTORY, files.get(party)!, { actor: SYSTEM, at: AT });
    expect(result.result).toMatchObject({ refused: [] });
    expect(result.findings.filter((f) => f.level === 'skipped')).toEqual([]);
    expect(result.changes.entries.new).toHaveLength(entryCount(models.get(party)!));
    const again = await reportOf(store, result.planId, 2023, false, party);
    expect(asRead(again)).toEqual(asRead(models.get(party)!));
  });
});

describe("one party's report after the other's, into an empty ledger", () => {
  it("never records an entry for the other party's executor: where the plan's measure has none of its party, the entry waits", async () => {
    const store = new MemoryEventStore();
    const spb = await importDocx(store, EMPTY_DIRECTORY, files.get(SPB)!, { actor: SYSTEM, at: AT });
    expect(spb.result).toMatchObject({ refused: [] });
    const smolensk = await importDocx(store, await directoryOf(store), files.get(SMOLENSK)!, { actor: SYSTEM, at: AT });
    expect(smolensk.result).toMatchObject({ refused: [] });
    const waiting = smolensk.findings.filter((f) => f.code === 'no_reporter_of_party');
    const shared = ['2.1', '8.2', '9.1'];
    const sharedEntries = models
      .get(SMOLENSK)!
      .sections.flatMap((s) => s.measures.filter((m) => shared.includes(m.number)).flatMap((m) => m.entries));
    expect(waiting).toHaveLength(sharedEntries.length);
    expect(smolensk.findings.filter((f) => f.code === 'measure_differs').map((f) => f.where)).toHaveLength(3);
    const joint = await reportOf(store, spb.planId, 2023);
    for (const measure of joint.sections.flatMap((s) => s.measures)) {
      const parties = new Set(measure.entries.map((e) => e.party));
      if (shared.includes(measure.number)) expect([...parties]).toEqual([SPB]);
      else expect([...parties]).toEqual([SMOLENSK]);
    }
  });
});

describe('a hand-typed measure whose executor cell starts anew partway down', () => {
  const merged = (kind: 'restart' | 'continue', ...paragraphs: string[]) => tc({ vMerge: kind }, ...paragraphs);
  const lead = [merged('continue'), merged('continue'), merged('continue')];
  const file = docx(
    [
      p('Отчет об исполнении в 2022 году'),
      p('Плана мероприятий по развитию сотрудничества между Санкт-Петербургом и Смоленской областью на 2021-2023 годы'),
      tbl(
        HEADER_ROW,
        tr(tc({ span: 5 }, p('2. В области туристской деятельности'))),
        tr(
          merged('restart', p('2.1.')),
          merged('restart', p('Содействие участию в деловых мероприятиях')),
          merged('restart', p('2021-2023 годы')),
          cell('Комитет по развитию туризма Санкт-Петербурга'),
          cell('28 февраля 2022 года прошла деловая программа'),
        ),
        // a new executor cell, no party heading: a name, read as one
        tr(
          ...lead,
          merged('restart', p('Департамент инвестиционного развития Смоленской области')),
          cell('9 апреля 2022 года прошел круглый стол'),
        ),
        tr(...lead, merged('continue'), cell('В октябре 2022 года прошла выставка')),
      ),
    ].join(''),
  );

  it('reads the cell as more executors of the measure, each entry recorded for its own cell’s executor', async () => {
    const store = new MemoryEventStore();
    const result = await importDocx(store, EMPTY_DIRECTORY, file, { actor: SYSTEM, at: AT });
    expect(result.findings.filter((f) => f.level === 'skipped')).toEqual([]);
    expect(result.result).toMatchObject({ refused: [] });
    const measure = (await reportOf(store, result.planId, 2022)).sections[0]!.measures[0]!;
    expect(measure.executors.map((x) => [x.name, x.party])).toEqual([
      ['Комитет по развитию туризма Санкт-Петербурга', SPB],
      ['Департамент инвестиционного развития Смоленской области', SMOLENSK],
    ]);
    const nameOf = new Map(measure.executors.map((x) => [x.executorId, x.name]));
    expect(measure.entries.map((e) => [e.text.slice(0, 16), nameOf.get(e.reportedBy)])).toEqual([
      ['28 февраля 2022 ', 'Комитет по развитию туризма Санкт-Петербурга'],
      ['9 апреля 2022 го', 'Департамент инвестиционного развития Смоленской области'],
      ['В октябре 2022 г', 'Департамент инвестиционного развития Смоленской области'],
    ]);
  });
});
