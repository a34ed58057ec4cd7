// A report naming an executor the plan no longer names (it reported in 2023, the measure was
// handed to another later), read back over the data it was rendered from: the plan is kept
// (a warning says the file differs), every entry is found present, nothing is written.
import { describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { importDocx } from '../../shared/import/docx';
import { renderDocx } from '../../shared/report/render-docx';
import { AT, directoryOf, reportOf, SEED_PLAN, SYSTEM, seededStore } from './support';

describe('the rendered report after 9.1 was handed from the sports office to the youth office', () => {
  it('names the sports office, and imported over its data changes nothing', async () => {
    const store = await seededStore();
    await executeCommand(
      store,
      {
        type: 'AmendMeasure',
        planId: SEED_PLAN,
        number: '9.1',
        executors: [{ executorId: 'smolensk-youth-office' }],
        actor: SYSTEM,
        at: AT,
      },
      { commandId: 'hand-over-9.1', fingerprint: 'hand-over-9.1', recordedAt: AT },
    );
    const model = await reportOf(store, SEED_PLAN, 2023);
    const sport = model.sections.flatMap((s) => s.measures).find((m) => m.number === '9.1');
    expect(sport?.executors.map((x) => x.executorId)).toEqual(['smolensk-youth-office', 'smolensk-sport-office']);
    const head = (await store.head()).position;
    const result = await importDocx(store, await directoryOf(store), await renderDocx(model), {
      actor: SYSTEM,
      at: '2024-02-01T00:00:00.000Z',
    });
    expect(result.changes).toMatchObject({ executors: { new: [] }, measures: { new: [] }, entries: { new: [] } });
    expect(result.changes.entries.present).toHaveLength(24);
    expect(result.findings.filter((f) => f.level !== 'note').map((f) => f.code)).toEqual(['measure_differs']);
    expect(result.result).toMatchObject({ applied: 0, refused: [] });
    expect((await store.head()).position).toBe(head);
  });
});
