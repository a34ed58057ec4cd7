// GET /v1/plans/{planId}/progress: per measure and executor, whether it has reported
// for the year and when last, for every party or one; built on the views, kept in step
// with reports, corrections and withdrawals, paged, bounded whatever is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { illustrativeSteps, loadIllustrative } from '../../scripts/lib/demo';
import { CommandPath } from '../../shared/commands/command-path';
import { runSteps } from '../../shared/commands/run-import';
import type { DomainCommand } from '../../shared/domain';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { planProgress } from '../../shared/views/progress';
import { replayViews } from '../../shared/views/replay';
import type { MeasureProgress } from '../../shared/views/responses';
import { type Harness, harness, importSeed, PLAN, SYSTEM } from './support';

const SPB = 'Санкт-Петербург';
const SMOLENSK = 'Смоленская область';
const SEED_AT = '2024-01-10T09:00:00.000Z';
const P = `/v1/plans/${PLAN}/progress`;

let h: Harness;
let coordinator: string;
let spbSport: string;

interface Progress {
  position: number;
  year: number;
  party: string | null;
  measures: MeasureProgress[];
  nextAfter: string | null;
}

async function progress(query: string, token = coordinator): Promise<Progress> {
  const res = await h.call('GET', `${P}?${query}`, token);
  expect(res.status).toBe(200);
  return (await res.json()) as Progress;
}
const measure = (p: Progress, number: string) => p.measures.find((m) => m.number === number);
const row = (p: Progress, number: string, executorId: string) =>
  measure(p, number)?.executors.find((x) => x.executorId === executorId);

beforeAll(async () => {
  h = await harness('http-progress');
  await importSeed(h);
  const envelope = { actor: SYSTEM, at: SEED_AT };
  await runSteps(h.system.store, illustrativeSteps(loadIllustrative(), envelope), envelope);
  coordinator = await h.key('coordinator');
  spbSport = await h.key('agency', 'spb-sport-committee');
  await h.project();
}, 60_000);
afterAll(() => h.close());

describe('progress for a year', () => {
  it('says per measure and executor whether it reported, how many entries, and when last', async () => {
    const p = await progress('year=2023');
    expect(p).toMatchObject({ year: 2023, party: null, nextAfter: null });
    expect(p.measures.map((m) => m.number)).toEqual([
      '2.1',
      '4.3',
      '7.1',
      '7.2',
      '7.3',
      '7.6',
      '8.2',
      '9.1',
      '11.1',
      '12.3',
      '12.5',
    ]);
    expect(measure(p, '9.1')).toMatchObject({ inTerm: true, reported: true, entries: 10, lastReportedAt: SEED_AT });
    expect(measure(p, '9.1')?.executors).toEqual([
      expect.objectContaining({
        executorId: 'smolensk-sport-office',
        party: SMOLENSK,
        named: true,
        reported: true,
        entries: 8,
      }),
      expect.objectContaining({
        executorId: 'spb-sport-committee',
        party: SPB,
        named: true,
        reported: true,
        entries: 2,
      }),
    ]);
    // The liquidated institution on 2.1 has not reported; its successor is named.
    expect(row(p, '2.1', 'smolensk-terem')).toMatchObject({
      named: true,
      reported: false,
      entries: 0,
      lastReportedAt: null,
      status: 'liquidated',
      successorId: 'smolensk-tourism-center',
    });
  });

  it("with ?party= lists that party's executors only, on the measures where it has one", async () => {
    const spb = await progress(`year=2023&party=${encodeURIComponent(SPB)}`);
    expect(spb.party).toBe(SPB);
    expect(spb.measures.map((m) => [m.number, m.executors.map((x) => x.executorId), m.entries])).toEqual([
      ['2.1', ['spb-tourism-committee'], 1],
      ['8.2', ['spb-culture-committee'], 2],
      ['9.1', ['spb-sport-committee'], 2],
    ]);
    const smolensk = await progress(`year=2022&party=${encodeURIComponent(SMOLENSK)}`);
    expect(smolensk.measures).toHaveLength(11);
    // 8.2's exhibitions ran from 2022 into 2023: they count for both years.
    expect(measure(smolensk, '8.2')).toMatchObject({ reported: true, entries: 3 });
    expect(measure(smolensk, '9.1')).toMatchObject({ reported: false, entries: 0, lastReportedAt: null });
  });

  it('follows reports, corrections and withdrawals', async () => {
    const before = row(await progress('year=2023'), '9.1', 'spb-sport-committee');
    const posted = await h.call('POST', `/v1/plans/${PLAN}/measures/9.1/executions`, spbSport, {
      period: { kind: 'day', date: '2023-12-01' },
      text: 'Декабрьский турнир',
    });
    expect(posted.status).toBe(201);
    const { ids, position } = (await posted.json()) as { ids: { reportId: string }; position: number };
    await h.project();
    const after = row(await progress(`year=2023&minPosition=${position}`), '9.1', 'spb-sport-committee');
    expect(after?.entries).toBe((before?.entries ?? 0) + 1);
    expect(after!.lastReportedAt! > before!.lastReportedAt!).toBe(true);

    // Moved to 2022 by a correction: it counts there now, and no longer in 2023.
    const E = `/v1/plans/${PLAN}/measures/9.1/executions/${ids.reportId}`;
    expect(
      (
        await h.call('POST', `${E}/corrections`, spbSport, {
          period: { kind: 'day', date: '2022-12-01' },
          reason: 'год',
        })
      ).status,
    ).toBe(201);
    await h.project();
    expect(row(await progress('year=2023'), '9.1', 'spb-sport-committee')?.entries).toBe(before?.entries);
    expect(row(await progress('year=2022'), '9.1', 'spb-sport-committee')).toMatchObject({
      reported: true,
      entries: 1,
      lastReportedAt: after?.lastReportedAt,
    });

    // Withdrawn: not reported any more for 2022; when it last reported stays.
    expect((await h.call('POST', `${E}/withdrawal`, spbSport, { reason: 'ошибка' })).status).toBe(201);
    await h.project();
    expect(row(await progress('year=2022'), '9.1', 'spb-sport-committee')).toMatchObject({
      reported: false,
      entries: 0,
      lastReportedAt: after?.lastReportedAt,
    });
  });

  it('lists a successor that reported for a liquidated executor as another reporter', async () => {
    const res = await h.call('POST', `/v1/plans/${PLAN}/measures/2.1/executions`, coordinator, {
      executorId: 'smolensk-tourism-center',
      period: { kind: 'month', year: 2023, month: 11 },
      text: 'В ноябре 2023 года — туристская выставка',
    });
    expect(res.status).toBe(201);
    await h.project();
    const p = await progress('year=2023');
    expect(measure(p, '2.1')?.executors.map((x) => [x.executorId, x.named, x.reported])).toEqual([
      ['smolensk-investment-dept', true, true],
      ['smolensk-terem', true, false],
      ['spb-tourism-committee', true, true],
      ['smolensk-tourism-center', false, true],
    ]);
  });

  it('pages through the measures, the progress of each page read as one range', async () => {
    const pages: string[][] = [];
    let after: string | null = null;
    do {
      const page: Progress = await progress(`year=2023&limit=3${after ? `&after=${after}` : ''}`);
      pages.push(page.measures.map((m) => `${m.number}:${m.entries}`));
      after = page.nextAfter;
    } while (after);
    const whole = await progress('year=2023');
    expect(pages.flat()).toEqual(whole.measures.map((m) => `${m.number}:${m.entries}`));
    expect(pages).toHaveLength(4);
  });

  it('answers as of a position, before the illustrative part was loaded', async () => {
    const seedEnd = (await h.system.store.readStream('executor-spb-tourism-committee'))[0]!.position - 1;
    const p = await progress(`year=2023&asOfPosition=${seedEnd}`);
    expect(measure(p, '9.1')?.executors.map((x) => x.executorId)).toEqual(['smolensk-sport-office']);
  });

  it('refuses a party the plan does not have, an unknown plan, a year out of range', async () => {
    const moscow = await h.call('GET', `${P}?party=${encodeURIComponent('Москва')}`, coordinator);
    expect(moscow.status).toBe(404);
    expect(await moscow.json()).toMatchObject({ code: 'party_not_found' });
    const plan = await h.call('GET', '/v1/plans/no-such-plan/progress', coordinator);
    expect(await plan.json()).toMatchObject({ status: 404, code: 'plan_not_found' });
    const year = await h.call('GET', `${P}?year=3000`, coordinator);
    expect(year.status).toBe(400);
    expect(await year.json()).toMatchObject({ errors: [expect.objectContaining({ path: 'query.year' })] });
  });

  it('is described in the OpenAPI document with its exact schema', async () => {
    const doc = (await (await h.call('GET', '/openapi.json', null)).json()) as {
      paths: Record<string, { get: { operationId: string; responses: Record<string, unknown> } }>;
    };
    const route = doc.paths['/v1/plans/{planId}/progress']!.get;
    expect(route.operationId).toBe('getPlanProgress');
    expect(Object.keys(route.responses).sort()).toEqual(['200', '400', '401', '403', '404', '500', '503']);
  });
});

describe('the progress documents', () => {
  it('stay small however many years and entries an executor reports', async () => {
    const store = new MemoryEventStore();
    const path = new CommandPath(store);
    const at = '2024-01-10T09:00:00.000Z';
    let n = 0;
    const run = (body: Record<string, unknown>) =>
      path.execute({ ...body, actor: SYSTEM, at } as DomainCommand, {
        commandId: `c${++n}`,
        fingerprint: `c${n}`,
        recordedAt: at,
      });
    await run({ type: 'RegisterExecutor', executorId: 'x', fullName: 'Исполнитель', party: SMOLENSK });
    await run({
      type: 'CreatePlan',
      planId: 'long',
      title: 'П',
      reportTitle: 'п',
      parties: [SMOLENSK],
      fromYear: 1990,
      toYear: 2100,
    });
    await run({ type: 'AddSection', planId: 'long', number: '1', title: 'Р' });
    await run({
      type: 'AddMeasure',
      planId: 'long',
      number: '1.1',
      sectionNumber: '1',
      title: 'М',
      term: 'все годы',
      fromYear: 1990,
      toYear: 2100,
      executors: [{ executorId: 'x' }],
    });
    for (let year = 1990; year <= 2100; year++) {
      for (let k = 0; k < 3; k++) {
        await run({
          type: 'ReportExecution',
          planId: 'long',
          number: '1.1',
          reportId: `r${year}-${k}`,
          executorId: 'x',
          period: { kind: 'none', year },
          text: 'т',
        });
      }
    }
    await run({
      type: 'ReportExecution',
      planId: 'long',
      number: '1.1',
      reportId: 'span',
      executorId: 'x',
      period: { kind: 'range', from: '1990-01-01', to: '2100-12-31' },
      text: 'т',
    });
    const state = await replayViews(store, {});
    const doc = await state.views.get('progress#long', '000001.000001#x');
    expect(Buffer.byteLength(JSON.stringify(doc))).toBeLessThan(12 * 1024);
    const p = await planProgress(state.views, 'long', { year: 2000, party: null });
    expect(p.measures[0]?.executors[0]).toMatchObject({ reported: true, entries: 4 });
  }, 60_000);
});
