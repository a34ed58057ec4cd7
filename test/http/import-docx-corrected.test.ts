// Word reports the API rendered, uploaded again through POST /v1/import/docx (against
// DynamoDB Local, the views the API reads), over the demo data: the joint report and each
// party's find everything present; one printed before an entry was corrected finds the
// entry by the text it had, and nothing is added beside its corrected version (the same
// for a file printed between two corrections).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { illustrativeSteps, loadIllustrative } from '../../scripts/lib/demo';
import { runSteps } from '../../shared/commands/run-import';
import { type Harness, harness, importSeed, PLAN, SYSTEM } from './support';

const SMOLENSK = encodeURIComponent('Смоленская область');
const EXECUTIONS = `/v1/plans/${PLAN}/measures/4.3/executions/2023-4.3-01`;
const FIRST = 'Исправленный текст записи о выставке-форуме в г. Смоленске';
const SECOND = 'Дважды исправленный текст записи о выставке-форуме в г. Смоленске';

let h: Harness;
let coordinator: string;

beforeAll(async () => {
  h = await harness('http-import-docx-corrected');
  await importSeed(h);
  const envelope = { actor: SYSTEM, at: '2024-01-10T09:00:00.000Z' };
  expect((await runSteps(h.system.store, illustrativeSteps(loadIllustrative(), envelope), envelope)).refused).toEqual(
    [],
  );
  coordinator = await h.key('coordinator');
  await h.project();
}, 60_000);
afterAll(() => h.close());

async function smolenskDocx(): Promise<Uint8Array> {
  const res = await h.call('GET', `/v1/plans/${PLAN}/reports/2023?format=docx&party=${SMOLENSK}`, coordinator);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

async function upload(file: Uint8Array, dryRun: boolean): Promise<any> {
  const form = new FormData();
  form.append('file', new Blob([file]), 'report.docx');
  form.append('dryRun', String(dryRun));
  const res = await h.app.request('/v1/import/docx', {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${coordinator}` },
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function correct(text: string): Promise<void> {
  const res = await h.call('POST', `${EXECUTIONS}/corrections`, coordinator, { text, reason: 'опечатка' });
  expect(res.status).toBe(201);
  await h.project();
}

const entryTexts = async (): Promise<string[]> => {
  const res = await h.call('GET', `/v1/plans/${PLAN}/reports/2023`, coordinator);
  const model = (await res.json()) as any;
  return model.sections.flatMap((s: any) =>
    s.measures.filter((m: any) => m.number === '4.3').flatMap((m: any) => m.entries.map((e: any) => e.text)),
  );
};

describe('the joint report and each party report, uploaded back', () => {
  it.each([
    ['joint', '', 29],
    ['Saint Petersburg', `&party=${encodeURIComponent('Санкт-Петербург')}`, 5],
    ['Smolensk', `&party=${SMOLENSK}`, 24],
  ])(
    'the %s report: no new executor or entry, every entry present, no finding above a note',
    async (_n, query, count) => {
      const res = await h.call('GET', `/v1/plans/${PLAN}/reports/2023?format=docx${query}`, coordinator);
      const dry = await upload(new Uint8Array(await res.arrayBuffer()), true);
      expect(dry.changes.executors.new).toEqual([]);
      expect(dry.changes.entries.new).toEqual([]);
      expect(dry.changes.entries.present).toHaveLength(count);
      expect(dry.findings.filter((f: any) => f.level !== 'note')).toEqual([]);
    },
  );
});

describe('a Word report printed before a correction, imported again', () => {
  let before: Uint8Array;
  let between: Uint8Array;
  let original: string;

  it('finds every entry of the fresh file present', async () => {
    before = await smolenskDocx();
    original = (await entryTexts())[0]!;
    const dry = await upload(before, true);
    expect(dry.changes.entries.new).toEqual([]);
    expect(dry.changes.entries.present).toHaveLength(24);
  });

  it('after a correction, lists the old row as the corrected entry, present; a note says so', async () => {
    await correct(FIRST);
    const dry = await upload(before, true);
    expect(dry.changes.entries.new).toEqual([]);
    expect(dry.changes.entries.present).toHaveLength(24);
    expect(dry.changes.entries.present).toContainEqual(
      expect.objectContaining({ measure: '4.3', reportId: '2023-4.3-01' }),
    );
    expect(dry.findings).toContainEqual(
      expect.objectContaining({
        level: 'note',
        code: 'entry_corrected',
        excerpt: expect.stringContaining('25 октября'),
      }),
    );
    expect(dry.findings.filter((f: any) => f.level !== 'note')).toEqual([]);
  });

  it('imported for real, writes nothing: the report keeps the corrected text alone', async () => {
    const head = (await h.system.store.head()).position;
    const result = await upload(before, false);
    expect(result.result).toMatchObject({ applied: 0, refused: [] });
    expect((await h.system.store.head()).position).toBe(head);
    await h.project();
    expect(await entryTexts()).toEqual([FIRST]);
    expect(original).not.toBe(FIRST);
  });

  it('after a second correction, both the first file and the one printed in between find it present', async () => {
    between = await smolenskDocx();
    await correct(SECOND);
    for (const file of [before, between, await smolenskDocx()]) {
      const dry = await upload(file, true);
      expect(dry.changes.entries.new).toEqual([]);
      expect(dry.changes.entries.present).toContainEqual(expect.objectContaining({ reportId: '2023-4.3-01' }));
    }
    expect(await entryTexts()).toEqual([SECOND]);
  });
});
