// Who has reported for a year, per measure and executor, derived from the views: what
// the coordinator's page shows (and what GET /v1/plans/{planId}/progress will answer).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { planProgress } from '../../shared/views/progress';
import { type Harness, harness, importSeed, PLAN, SYSTEM } from '../http/support';

let h: Harness;

beforeAll(async () => {
  h = await harness('progress');
  await importSeed(h);
  const at = '2024-02-01T10:00:00.000Z';
  const command = (reportId: string, executorId: string, number: string, date: string) => ({
    type: 'ReportExecution' as const,
    planId: PLAN,
    number,
    reportId,
    executorId,
    period: { kind: 'day' as const, date },
    text: `Сведения ${reportId}`,
    actor: SYSTEM,
    at,
  });
  for (const [id, executor, number, date] of [
    ['by-successor', 'smolensk-tourism-center', '2.1', '2022-05-01'],
    ['youth-2022', 'smolensk-youth-office', '7.6', '2022-09-01'],
  ] as const) {
    await executeCommand(h.system.store, command(id, executor, number, date), {
      commandId: id,
      fingerprint: id,
      recordedAt: at,
    });
  }
  await h.project();
});
afterAll(() => h.close());

const byNumber = (progress: Awaited<ReturnType<typeof planProgress>>, number: string) =>
  progress.measures.find((m) => m.number === number)!;

describe('planProgress', () => {
  it('says per executor whether it reported for the year, how often and when last', async () => {
    const progress = await planProgress(await h.system.views(), PLAN, 2023);
    expect(progress.measures).toHaveLength(11);
    const m76 = byNumber(progress, '7.6');
    expect(m76.due).toBe(true);
    expect(m76.entries).toBe(1);
    expect(m76.executors.map((x) => [x.executorId, x.entries])).toEqual([
      ['smolensk-social-dept', 1],
      ['smolensk-internal-policy-dept', 0],
      ['smolensk-youth-office', 0],
    ]);
    expect(m76.executors[0]!.lastReportedAt).toBe('2024-01-10T09:00:00.000Z');
    expect(m76.executors[1]!.lastReportedAt).toBeNull();
  });

  it('counts entries whose period only touches the year, and a successor’s for the liquidated executor', async () => {
    const progress = await planProgress(await h.system.views(), PLAN, 2022);
    // 8.2 has three entries running from 2022 into 2023.
    expect(byNumber(progress, '8.2').entries).toBe(3);
    const m21 = byNumber(progress, '2.1');
    expect(m21.executors.find((x) => x.executorId === 'smolensk-terem')).toMatchObject({
      status: 'liquidated',
      entries: 1,
    });
    expect(m21.executors.find((x) => x.executorId === 'smolensk-investment-dept')?.entries).toBe(0);
    expect(byNumber(progress, '7.6').executors.find((x) => x.executorId === 'smolensk-youth-office')?.entries).toBe(1);
    expect(byNumber(progress, '9.1').entries).toBe(0);
  });

  it('marks a year outside a measure’s term as not due', async () => {
    const progress = await planProgress(await h.system.views(), PLAN, 2024);
    expect(progress.measures.every((m) => !m.due)).toBe(true);
  });

  it('keeps to one party’s executors, leaving out measures without any', async () => {
    const views = await h.system.views();
    expect((await planProgress(views, PLAN, 2023, { party: 'Смоленская область' })).measures).toHaveLength(11);
    expect((await planProgress(views, PLAN, 2023, { party: 'Санкт-Петербург' })).measures).toHaveLength(0);
  });

  it('pages through the measures in natural order', async () => {
    const views = await h.system.views();
    const first = await planProgress(views, PLAN, 2023, { limit: 4 });
    expect(first.measures.map((m) => m.number)).toEqual(['2.1', '4.3', '7.1', '7.2']);
    const second = await planProgress(views, PLAN, 2023, { after: first.next!, limit: 4 });
    expect(second.measures.map((m) => m.number)).toEqual(['7.3', '7.6', '8.2', '9.1']);
  });

  it('answers 404 for a plan that does not exist', async () => {
    await expect(planProgress(await h.system.views(), 'no-such-plan', 2023)).rejects.toMatchObject({
      code: 'plan_not_found',
    });
  });
});
