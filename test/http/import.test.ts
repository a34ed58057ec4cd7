// POST /v1/import: a whole plan from one document, as ordinary commands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness, seedFixture } from './support';

let h: Harness;
let coordinator: string;

beforeAll(async () => {
  h = await harness('http-import');
  coordinator = await h.key('coordinator');
});
afterAll(() => h.close());

describe('import', () => {
  it('imports the seed fixture cleanly, and a second import changes nothing', async () => {
    const first = await h.call('POST', '/v1/import', coordinator, seedFixture());
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ steps: 55, applied: 55, unchanged: 0, refused: [] });
    const head = (await h.system.store.head()).position;
    const again = await h.call('POST', '/v1/import', coordinator, seedFixture());
    expect(await again.json()).toMatchObject({ applied: 0, unchanged: 55, refused: [] });
    expect((await h.system.store.head()).position).toBe(head);
  });

  it('reports what the rules refused, and applies the rest', async () => {
    // A second plan naming «Смоленский терем», which by now is liquidated.
    const doc = seedFixture();
    doc.plan.planId = 'second-plan';
    const measure = doc.sections[0].measures[0];
    measure.reports = [
      {
        reportId: 'late',
        executorId: 'smolensk-terem',
        period: { kind: 'day', date: '2023-05-01' },
        text: 'Отчет ликвидированного учреждения',
      },
    ];
    doc.sections = [doc.sections[0]];
    const res = await h.call('POST', '/v1/import', coordinator, doc);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { applied: number; refused: { label: string; code: string }[] };
    expect(body.refused.map((r) => [r.label, r.code])).toEqual([
      ['measure 2.1', 'executor_liquidated'],
      ['report 2.1/late', 'measure_not_found'],
    ]);
    expect(body.applied).toBeGreaterThan(0);
  });

  it('refuses a malformed document with field paths, and an agency', async () => {
    const doc = seedFixture();
    doc.sections[1].measures[0].reports[0].period = { kind: 'month', year: 2023, month: 13 };
    delete doc.plan.title;
    const res = await h.call('POST', '/v1/import', coordinator, doc);
    expect(res.status).toBe(400);
    const paths = ((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['plan.title', 'sections[1].measures[0].reports[0].period.month']));
    const agency = await h.key('agency', 'smolensk-sport-office');
    expect((await h.call('POST', '/v1/import', agency, seedFixture())).status).toBe(403);
  });
});
