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
