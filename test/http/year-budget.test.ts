// A measure's budget for a report year, as an agency meets it over HTTP (DynamoDB Local):
// the entry that would pass it is refused with 409 `year_budget_exceeded`, a detail naming
// the measure, the year, the limit and what is used, and nothing is written; an agency's half
// of it likewise, whether the measure names one agency or several; an import meets the same
// rule in the same decider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../shared/commands/run-import';
import { MAX_TEXT_LENGTH, MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR, MAX_TEXT_PER_MEASURE_YEAR } from '../../shared/domain';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { type Harness, harness, importSeed, PLAN, SYSTEM, seedFixture } from './support';

let h: Harness;
let sport: string;
let coordinator: string;
const executions = `/v1/plans/${PLAN}/measures/9.1/executions`;
const FULL = MAX_TEXT_PER_MEASURE_YEAR / MAX_TEXT_LENGTH;

beforeAll(async () => {
  h = await harness('year-budget');
  await importSeed(h);
  sport = await h.key('agency', 'smolensk-sport-office');
  coordinator = await h.key('coordinator');
});
afterAll(() => h.close());

const entry = (i: number, text = `${i} ${'ж'.repeat(MAX_TEXT_LENGTH)}`.slice(0, MAX_TEXT_LENGTH)) => ({
  period: { kind: 'day', date: `2022-06-${String(i + 1).padStart(2, '0')}` },
  text,
});

describe('the budget of a measure for a report year', () => {
  it('refuses the entry past it with 409 year_budget_exceeded, writing nothing; a withdrawal makes room', async () => {
    // 7.6 names three departments: 2022 filled with the longest entries, each below its half
    // (7, 7 and 6 of them): exactly the characters allowed.
    const on76 = `/v1/plans/${PLAN}/measures/7.6/executions`;
    const agencies = await Promise.all(
      ['smolensk-social-dept', 'smolensk-internal-policy-dept', 'smolensk-youth-office'].map((id) =>
        h.key('agency', id),
      ),
    );
    const youth = agencies[2]!;
    const ids: string[] = [];
    for (let i = 0; i < FULL; i++) {
      const res = await h.call('POST', on76, agencies[i % 3]!, entry(i), { 'idempotency-key': `fill-${i}` });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { ids: { reportId: string } }).ids.reportId);
    }
    const before = await h.system.store.head();

    const refused = await h.call('POST', on76, youth, entry(FULL, 'Турнир по самбо'), {
      'idempotency-key': 'one-more',
    });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await refused.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({
      status: 409,
      code: 'year_budget_exceeded',
      measure: '7.6',
      year: 2022,
      budget: 'characters',
      limit: MAX_TEXT_PER_MEASURE_YEAR,
      used: MAX_TEXT_PER_MEASURE_YEAR,
    });
    expect(problem.detail).toBe(
      `Measure 7.6 would hold ${MAX_TEXT_PER_MEASURE_YEAR + 15} characters of entry text and place in 2022; a measure may hold at most ${MAX_TEXT_PER_MEASURE_YEAR} in a year, and ${MAX_TEXT_PER_MEASURE_YEAR} are used`,
    );
    expect(await h.system.store.head()).toEqual(before);
    // The same request again is refused again (no guard was recorded for it), and 2023 is open.
    expect(
      (await h.call('POST', on76, youth, entry(FULL, 'Турнир по самбо'), { 'idempotency-key': 'one-more' })).status,
    ).toBe(409);
    expect(
      (await h.call('POST', on76, youth, { ...entry(0, 'Турнир'), period: { kind: 'none', year: 2023 } })).status,
    ).toBe(201);

    // The youth office withdraws one of its own (the third entry).
    const withdrawn = await h.call('POST', `${on76}/${ids[2]}/withdrawal`, youth, { reason: 'дубль' });
    expect(withdrawn.status).toBe(201);
    const again = await h.call('POST', on76, youth, entry(FULL, 'Турнир по самбо'), {
      'idempotency-key': 'one-more',
    });
    expect(again.status).toBe(201);
    // Live entries: one withdrawn, one added.
    await h.project();
    const measure = await h.call('GET', `/v1/plans/${PLAN}/measures/7.6`, youth);
    expect(await measure.json()).toMatchObject({ entriesByYear: { 2022: FULL } });
  });

  it('stops an agency alone on its measure at its half, so an agency named beside it later has the other', async () => {
    // 9.1 names the sport office alone: half of 2021's characters is all it may fill.
    const in2021 = (i: number) => ({
      ...entry(i),
      period: { kind: 'day', date: `2021-06-${String(i + 1).padStart(2, '0')}` },
    });
    for (let i = 0; i < FULL / 2; i++) {
      expect((await h.call('POST', executions, sport, in2021(i))).status).toBe(201);
    }
    const before = await h.system.store.head();
    const refused = await h.call('POST', executions, sport, in2021(FULL / 2));
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      code: 'year_budget_exceeded',
      measure: '9.1',
      year: 2021,
      budget: 'executor_characters',
      executorId: 'smolensk-sport-office',
      limit: MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR,
      used: MAX_TEXT_PER_EXECUTOR_MEASURE_YEAR,
    });
    expect(await h.system.store.head()).toEqual(before);
    // The coordinator names the youth office beside it: its entries of 2021 are written.
    const amended = await h.call('PATCH', `/v1/plans/${PLAN}/measures/9.1`, coordinator, {
      executors: [{ executorId: 'smolensk-sport-office' }, { executorId: 'smolensk-youth-office' }],
      reason: 'Соисполнитель',
    });
    expect(amended.status).toBe(201);
    const youth = await h.key('agency', 'smolensk-youth-office');
    expect((await h.call('POST', executions, youth, in2021(FULL / 2))).status).toBe(201);
  });

  it('on a shared measure, refuses an agency past its half, naming it, and its co-executor still reports', async () => {
    // 7.1: the employment and the social departments.
    const on71 = `/v1/plans/${PLAN}/measures/7.1/executions`;
    const social = await h.key('agency', 'smolensk-social-dept');
    const employment = await h.key('agency', 'smolensk-employment-dept');
    for (let i = 0; i < FULL / 2; i++) {
      expect((await h.call('POST', on71, social, entry(i))).status).toBe(201);
    }
    const before = await h.system.store.head();
    const refused = await h.call('POST', on71, social, entry(FULL, 'Ярмарка вакансий'));
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      status: 409,
      code: 'year_budget_exceeded',
      measure: '7.1',
      year: 2022,
      budget: 'executor_characters',
      executorId: 'smolensk-social-dept',
      limit: MAX_TEXT_PER_MEASURE_YEAR / 2,
      used: MAX_TEXT_PER_MEASURE_YEAR / 2,
      requested: 'Ярмарка вакансий'.length,
    });
    expect(await h.system.store.head()).toEqual(before);
    expect((await h.call('POST', on71, employment, entry(FULL, 'Ярмарка вакансий'))).status).toBe(201);
  });

  it('holds for an import too: the step past it is refused with its code, the others apply', async () => {
    const doc = seedFixture() as {
      sections: { measures: { number: string; reports?: Record<string, unknown>[] }[] }[];
    };
    const sport = doc.sections.flatMap((section) => section.measures).find((m) => m.number === '9.1')!;
    // Half the year's characters and one entry more, by the sport office alone on 9.1.
    const extra = Array.from({ length: FULL / 2 + 1 }, (_, i) => ({
      reportId: `import-2022-${i}`,
      executorId: 'smolensk-sport-office',
      ...entry(i),
    }));
    sport.reports = [...(sport.reports ?? []), ...extra];
    const store = new MemoryEventStore();
    const report = await runImport(store, doc, { actor: SYSTEM, at: '2024-01-10T09:00:00.000Z' });
    expect(report.refused).toEqual([
      expect.objectContaining({
        code: 'year_budget_exceeded',
        message: expect.stringContaining(
          "Measure 9.1 would hold 110000 characters of text and place in entries of executor smolensk-sport-office's",
        ),
      }),
    ]);
    // Importing it again changes nothing and is refused the same way.
    const again = await runImport(store, doc, { actor: SYSTEM, at: '2024-01-10T09:00:00.000Z' });
    expect(again.applied).toBe(0);
    expect(again.refused.map((r) => r.code)).toEqual(['year_budget_exceeded']);
  });
});
