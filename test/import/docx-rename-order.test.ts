// A report whose footnote holds a rename the rules would refuse — earlier than one the
// ledger has recorded since (rename_out_of_order), or of an executor the ledger has
// liquidated: the dry run warns of it and does not list it among the facts to write, and
// applying skips it, refusing nothing.
import { describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { importDocx } from '../../shared/import/docx';
import { renderDocx } from '../../shared/report/render-docx';
import type { EventStore } from '../../shared/store/event-store';
import { AT, directoryOf, reportOf, SEED_PLAN, SYSTEM, seededStore, seedFixture } from './support';

const CULTURE = 'smolensk-culture-dept';
const JUNE = { effectiveDate: '2023-06-01', newName: 'Министерство культуры Смоленской области' };
const SEPTEMBER = { effectiveDate: '2023-09-01', newName: 'Министерство культуры и туризма Смоленской области' };

async function rename(store: EventStore, to: { effectiveDate: string; newName: string }) {
  const id = `rename-${to.effectiveDate}`;
  await executeCommand(
    store,
    { type: 'RenameExecutor', executorId: CULTURE, ...to, actor: SYSTEM, at: AT },
    { commandId: id, fingerprint: id, recordedAt: AT },
  );
}

const namesOf = async (store: EventStore) =>
  (await directoryOf(store)).executors
    .find((x) => x.executorId === CULTURE)!
    .names.map((name) => [name.effectiveDate, name.name]);

describe('a footnote rename earlier than the latest one in the ledger', () => {
  it.each([
    ['the June rename only', [JUNE]],
    ['the June and the September renames', [JUNE, SEPTEMBER]],
  ])('a file printing %s: warned, not listed, skipped on apply', async (_name, renames) => {
    const source = await seededStore();
    for (const to of renames) await rename(source, to);
    const file = await renderDocx(await reportOf(source, SEED_PLAN, 2023));
    const store = await seededStore();
    await rename(store, SEPTEMBER);
    const before = await namesOf(store);

    const dry = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT, dryRun: true });
    expect(dry.changes.executors.facts).toEqual([]);
    const warned = dry.findings.filter((f) => f.code === 'rename_out_of_order');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ level: 'warning' });
    expect(warned[0]!.message).toContain('2023-06-01');
    expect(dry.document!.executors.find((x) => x.executorId === CULTURE)?.renames).toBeUndefined();

    const head = (await store.head()).position;
    const applied = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT });
    expect(applied.result).toMatchObject({ applied: 0, refused: [] });
    expect(applied.findings.map((f) => f.code)).toContain('rename_out_of_order');
    expect((await store.head()).position).toBe(head);
    expect(await namesOf(store)).toEqual(before);
  });

  it('a rename after the latest one is still imported', async () => {
    const source = await seededStore();
    await rename(source, JUNE);
    await rename(source, SEPTEMBER);
    const file = await renderDocx(await reportOf(source, SEED_PLAN, 2023));
    const store = await seededStore();
    await rename(store, JUNE);
    const dry = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT, dryRun: true });
    expect(dry.findings.map((f) => f.code)).not.toContain('rename_out_of_order');
    expect(dry.changes.executors.facts).toEqual([`rename of ${CULTURE} on 2023-09-01 to «${SEPTEMBER.newName}»`]);
    const applied = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT });
    expect(applied.result).toMatchObject({ applied: 1, refused: [] });
    expect((await namesOf(store)).at(-1)).toEqual(['2023-09-01', SEPTEMBER.newName]);
  });
});

describe('a footnote rename of an executor the ledger holds as liquidated', () => {
  it('warned, not listed, skipped on apply; the liquidation is kept', async () => {
    const doc = seedFixture();
    const terem = doc.executors.find((x: any) => x.executorId === 'smolensk-terem');
    terem.renames = [{ newName: 'СОГБУ «Смоленский терем»', effectiveDate: '2022-01-10' }];
    const file = await renderDocx(await reportOf(await seededStore(doc), SEED_PLAN, 2023));
    const store = await seededStore();
    const dry = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT, dryRun: true });
    expect(dry.changes.executors.facts).toEqual([]);
    expect(dry.findings.filter((f) => f.code === 'rename_of_liquidated')).toEqual([
      expect.objectContaining({ level: 'warning', message: expect.stringContaining('2022-01-10') }),
    ]);
    const head = (await store.head()).position;
    const applied = await importDocx(store, await directoryOf(store), file, { actor: SYSTEM, at: AT });
    expect(applied.result).toMatchObject({ applied: 0, refused: [] });
    expect((await store.head()).position).toBe(head);
  });
});
