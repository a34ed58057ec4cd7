// Red team 6: a Word report holding more entries on one measure than a succession line's share
// of a year (600 of the sport office's on 9.1 in 2023, beside the seed's 8), imported into an
// empty ledger. The ledger it was printed from holds them (written before the shares, here
// straight into the log); the importing one takes the line's 500 and refuses the rest, and the
// reading (dry run and apply alike) warns of each, with its row.
import { beforeAll, describe, expect, it } from 'vitest';
import { toNewEvents } from '../../shared/commands/execute';
import { MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR } from '../../shared/domain';
import { measureStreamId } from '../../shared/domain/streams';
import { type DocxImportResult, EMPTY_DIRECTORY, importDocx } from '../../shared/import/docx';
import { renderDocx } from '../../shared/report/render-docx';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { AT, directoryOf, reportOf, SEED_PLAN, SYSTEM, seededStore } from './support';

const BULK = 600;
const SEED_ENTRIES = 8;

/** The seed's 2023 report with BULK more entries of the sport office on 9.1. */
async function bulkReport(): Promise<Uint8Array> {
  const source = await seededStore();
  const streamId = measureStreamId(SEED_PLAN, '9.1');
  let { version } = await source.streamTip(streamId);
  for (let i = 0; i < BULK; i += 40) {
    const events = Array.from({ length: Math.min(40, BULK - i) }, (_, k) => ({
      type: 'ExecutionReported' as const,
      data: {
        planId: SEED_PLAN,
        number: '9.1',
        reportId: `bulk-${i + k}`,
        executorId: 'smolensk-sport-office',
        period: { kind: 'none' as const, year: 2023 },
        text: `Проведён тренировочный сбор спортсменов № ${i + k + 1}`,
      },
    }));
    await source.commit([
      {
        streamId,
        expectedVersion: version,
        events: toNewEvents(events),
        commandId: `bulk-${i}`,
        fingerprint: `bulk-${i}`,
        actor: SYSTEM,
        recordedAt: AT,
      },
    ]);
    version += events.length;
  }
  return renderDocx(await reportOf(source, SEED_PLAN, 2023));
}

const over = SEED_ENTRIES + BULK - MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR;
let file: Uint8Array;
let store: MemoryEventStore;
let dry: DocxImportResult;
let first: DocxImportResult;

beforeAll(async () => {
  file = await bulkReport();
  store = new MemoryEventStore();
  dry = await importDocx(store, EMPTY_DIRECTORY, file, { actor: SYSTEM, at: AT, dryRun: true });
  first = await importDocx(store, EMPTY_DIRECTORY, file, { actor: SYSTEM, at: AT });
}, 120_000);

describe('a Word report with 608 entries of one line on one measure, imported', () => {
  it('takes the line’s 500 and refuses the others, each with the budget’s code, the rest of the report imported', async () => {
    const refused = first.result!.refused;
    expect(refused).toHaveLength(over);
    expect(new Set(refused.map((r) => r.code))).toEqual(new Set(['year_budget_exceeded']));
    expect(refused.every((r) => r.label.startsWith('report 9.1/'))).toBe(true);
    const model = await reportOf(store, first.planId, 2023);
    const measures = model.sections.flatMap((s) => s.measures);
    expect(measures.find((m) => m.number === '9.1')?.entries).toHaveLength(MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR);
    expect(measures.flatMap((m) => m.entries)).toHaveLength(24 - SEED_ENTRIES + MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR);
  });

  it('changes nothing when imported again, and refuses the same entries', async () => {
    const head = (await store.head()).position;
    const again = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT });
    expect(again.result).toMatchObject({ applied: 0 });
    expect(again.result!.refused.map((r) => r.label)).toEqual(first.result!.refused.map((r) => r.label));
    expect((await store.head()).position).toBe(head);
  });

  // Found by red team 6: the dry run listed all 608 as new and warned of none (it reads the
  // file, it does not decide the steps), and a refused step named only its report id.
  it('dry run: warns of each entry past the share, with its place in the file, as apply then refuses them', () => {
    const warned = dry.findings.filter((f) => f.code === 'year_budget_exceeded');
    expect(warned).toHaveLength(over);
    expect(warned.every((f) => f.level === 'warning' && /^table \d+, row \d+/.test(f.where))).toBe(true);
    expect(warned[0]?.message).toContain('the rules will refuse this entry');
    // The same entries apply refuses: their excerpts.
    const excerpt = new Map(dry.changes.entries.new.map((e) => [`report ${e.measure}/${e.reportId}`, e.excerpt]));
    expect(warned.map((f) => f.excerpt)).toEqual(first.result!.refused.map((r) => excerpt.get(r.label)));
    // Apply reads the file the same way: its findings name the places too.
    expect(first.findings.filter((f) => f.code === 'year_budget_exceeded')).toEqual(warned);
  });
});
