// Red team 6: the import under the year budget's shares. The JSON import applies every report
// of the document first and its corrections and withdrawals after; a document whose measure
// holds, once read in order, no more than a line's share, but whose reports together (the
// withdrawn ones included) pass it, had its last reports refused, the withdrawals of the first
// applied, and a second import of the same file then wrote the reports the first refused.
import { describe, expect, it } from 'vitest';
import { runImport } from '../../shared/commands/run-import';
import { MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR } from '../../shared/domain';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { AT, SYSTEM, seedFixture } from './support';

/** The seed with `count` more entries of 2023 on 9.1 (the sport office's alone), the first `withdrawn` withdrawn. */
function seedWith(count: number, withdrawn: number): Record<string, any> {
  const doc = seedFixture();
  const measure = doc.sections.flatMap((s: any) => s.measures).find((m: any) => m.number === '9.1');
  for (let i = 0; i < count; i++) {
    measure.reports.push({
      reportId: `bulk-${i}`,
      executorId: 'smolensk-sport-office',
      period: { kind: 'day', date: '2023-06-01' },
      text: `Тренировочный сбор № ${i}`,
      ...(i < withdrawn && { withdrawal: { reason: 'внесено дважды' } }),
    });
  }
  return doc;
}

describe('a document whose measure holds its share once read in order', () => {
  // 9.1 holds 8 entries of 2023 in the seed; with 600 more, 150 of them withdrawn, 458 are live.
  const doc = seedWith(600, 150);

  it('imports whole, and a second import of it changes nothing', async () => {
    const store = new MemoryEventStore();
    const first = await runImport(store, doc, { actor: SYSTEM, at: AT });
    expect(8 + 600 - 150).toBeLessThanOrEqual(MAX_ENTRIES_PER_EXECUTOR_MEASURE_YEAR);
    expect(first.refused).toEqual([]);
    const head = (await store.head()).position;
    const second = await runImport(store, doc, { actor: SYSTEM, at: AT });
    expect(second).toMatchObject({ applied: 0, refused: [] });
    expect((await store.head()).position).toBe(head);
  });
});
