// Nothing a client may write stops the views: the reproduction that used to (sixteen
// 10,000-character entries on one measure), a thousand of the longest entries on one
// measure, and generated sequences of valid commands at the limits.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandPath } from '../../shared/commands/command-path';
import { type DomainCommand, measureStreamId } from '../../shared/domain';
import {
  MAX_COUNT,
  MAX_NAME_LENGTH,
  MAX_REASON_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_TITLE_LENGTH,
} from '../../shared/domain/limits';
import { AppError } from '../../shared/errors';
import { MemoryViewStore } from '../../shared/projections/memory-view-store';
import { catchUp } from '../../shared/projections/projector';
import { MAX_VIEW_DOC_BYTES } from '../../shared/projections/view-store';
import { buildReportModel } from '../../shared/report/build-model';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { getEntries, getMeasure } from '../../shared/views/queries';
import { type Harness, harness, importSeed, PLAN } from '../http/support';

const SYSTEM = { keyId: 'system', role: 'system' as const };
const AT = '2024-02-01T10:00:00.000Z';
/** The longest entry text allowed, in Cyrillic (two bytes a character in UTF-8). */
const longest = (seed: string) => `${seed} ${'ж'.repeat(MAX_TEXT_LENGTH - seed.length - 1)}`;

function largestDoc(views: MemoryViewStore): number {
  let largest = 0;
  for (const items of Object.values(views.snapshot())) {
    for (const doc of Object.values(items)) largest = Math.max(largest, Buffer.byteLength(JSON.stringify(doc)));
  }
  return largest;
}

describe('the reproduction: long entries from one agency key', () => {
  let h: Harness;
  let sport: string;
  beforeAll(async () => {
    h = await harness('unbounded');
    await importSeed(h);
    sport = await h.key('agency', 'smolensk-sport-office');
  });
  afterAll(() => h.close());

  it('accepts sixteen 10,000-character entries on 9.1 and every view, the report and /health carry on', async () => {
    // Eight in 2022 and eight in 2023: the sport office, alone on 9.1, may fill half a year's
    // characters (100,000), and 2023 already holds its 8 seed entries.
    for (let i = 0; i < 16; i++) {
      const res = await h.call('POST', `/v1/plans/${PLAN}/measures/9.1/executions`, sport, {
        period: { kind: 'day', date: i < 8 ? '2022-08-01' : '2023-08-01' },
        text: longest(`Запись ${i}`),
      });
      expect(res.status).toBe(201);
    }
    await h.project();
    const head = (await h.system.store.head()).position;
    expect((await (await h.system.views()).checkpoint()).position).toBe(head);
    const health = await h.call('GET', '/health', null);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', views: { lag: 0 } });
    const plan = await h.call('GET', `/v1/plans/${PLAN}?minPosition=${head}`, sport);
    expect(plan.status).toBe(200);
    const report = await h.call('GET', `/v1/plans/${PLAN}/reports/2023?format=csv`, sport);
    expect(report.status).toBe(200);
    expect(await report.text()).toContain(longest('Запись 15'));
  });
});

describe('a thousand of the longest entries on one measure', () => {
  it('projects them all, keeps every document far below the item limit, and reports them', async () => {
    const store = new MemoryEventStore();
    const path = new CommandPath(store);
    const run = (command: DomainCommand, id: string) =>
      path.execute(command, { commandId: id, fingerprint: id, recordedAt: AT });
    await run(
      {
        type: 'RegisterExecutor',
        executorId: 'sport',
        fullName: 'Спорт',
        party: 'Смоленская область',
        actor: SYSTEM,
        at: AT,
      },
      'e',
    );
    await run(
      {
        type: 'CreatePlan',
        planId: 'p',
        title: 'План',
        reportTitle: 'Плана',
        parties: ['Смоленская область'],
        fromYear: 2021,
        toYear: 2023,
        actor: SYSTEM,
        at: AT,
      },
      'p',
    );
    await run({ type: 'AddSection', planId: 'p', number: '9', title: 'Спорт', actor: SYSTEM, at: AT }, 's');
    await run(
      {
        type: 'AddMeasure',
        planId: 'p',
        number: '9.1',
        sectionNumber: '9',
        title: 'Соревнования',
        term: '2021-2023 годы',
        fromYear: 2021,
        toYear: 2023,
        executors: [{ executorId: 'sport' }],
        actor: SYSTEM,
        at: AT,
      },
      'm',
    );
    // A thousand of the longest entries in one year is far past the measure's budget for a
    // year (MAX_TEXT_PER_MEASURE_YEAR), which the command path now refuses: the log may still
    // hold them from before the budget, so they are appended as such a log would have them.
    const streamId = measureStreamId('p', '9.1');
    let version = await store.streamVersion(streamId);
    for (let i = 0; i < 1000; i++) {
      const data = {
        planId: 'p',
        number: '9.1',
        reportId: `r${i}`,
        executorId: 'sport',
        period: { kind: 'day', date: '2023-05-01' },
        text: longest(`Запись ${i}`),
      };
      await store.append(streamId, [{ type: 'ExecutionReported', schemaVersion: 2, data }], {
        expectedVersion: version++,
        commandId: `r${i}`,
        actor: SYSTEM,
        recordedAt: AT,
      });
    }
    // The command path folds such a stream: it refuses growth and takes a withdrawal.
    const refused = await run(
      {
        type: 'ReportExecution',
        planId: 'p',
        number: '9.1',
        reportId: 'one-more',
        executorId: 'sport',
        period: { kind: 'day', date: '2023-05-02' },
        text: 'Ещё одна',
        actor: SYSTEM,
        at: AT,
      },
      'one-more',
    ).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'year_budget_exceeded', extras: { year: 2023, used: 1000 } });
    await run(
      {
        type: 'WithdrawExecution',
        planId: 'p',
        number: '9.1',
        reportId: 'r999',
        reason: 'дубль',
        actor: SYSTEM,
        at: AT,
      },
      'w',
    );
    expect(await store.streamVersion(streamId)).toBe(version + 1);
    const views = new MemoryViewStore();
    const result = await catchUp(store, views, ledgerProjection);
    expect(result.status).toBe('caught-up');
    expect(largestDoc(views)).toBeLessThan(MAX_VIEW_DOC_BYTES / 10);
    expect(await getMeasure(views, 'p', '9.1')).toMatchObject({ entryCount: 999, entriesByYear: { 2023: 999 } });
    // The entries' view keeps the withdrawn one, marked; the report leaves it out.
    const items = (await getEntries(views, 'p', '9.1', { limit: 1000 })).items;
    expect(items.filter((item) => item.withdrawn === null)).toHaveLength(999);
    const model = await buildReportModel(views, { planId: 'p', year: 2023, position: 1, chainHash: '0'.repeat(64) });
    expect(model.sections[0]?.measures[0]?.entries).toHaveLength(999);
  });
});

describe('generated sequences of valid commands at the limits', () => {
  const name = (tag: string) => `${tag} ${'Ё'.repeat(MAX_NAME_LENGTH - tag.length - 1)}`;
  const EXECUTORS = ['a', 'b', 'c', 'd'];
  const setup = (): DomainCommand[] => [
    ...EXECUTORS.map(
      (executorId): DomainCommand => ({
        type: 'RegisterExecutor',
        executorId,
        fullName: name(executorId),
        shortName: name(`${executorId}-short`),
        party: name('сторона'),
        actor: SYSTEM,
        at: AT,
      }),
    ),
    {
      type: 'CreatePlan',
      planId: 'p',
      title: 'П'.repeat(MAX_TITLE_LENGTH),
      reportTitle: 'О'.repeat(MAX_TITLE_LENGTH),
      parties: [name('одна'), name('другая')],
      fromYear: 2021,
      toYear: 2023,
      actor: SYSTEM,
      at: AT,
    },
    { type: 'AddSection', planId: 'p', number: '1', title: 'Р'.repeat(MAX_TITLE_LENGTH), actor: SYSTEM, at: AT },
    {
      type: 'AddMeasure',
      planId: 'p',
      number: '1.1',
      sectionNumber: '1',
      title: 'М'.repeat(MAX_TITLE_LENGTH),
      term: 'т'.repeat(200),
      fromYear: 2021,
      toYear: 2023,
      executors: EXECUTORS.map((executorId) => ({ executorId, nameInPlan: name(`в плане ${executorId}`) })),
      actor: SYSTEM,
      at: AT,
    },
  ];
  const text = fc.constantFrom(MAX_TEXT_LENGTH, 1).map((n) => 'ы'.repeat(n));
  const period = fc.oneof(
    fc.constant({ kind: 'range' as const, from: '2021-01-01', to: '2023-12-31' }),
    fc.constant({ kind: 'none' as const, year: 2022 }),
    fc.constant({ kind: 'month' as const, year: 2023, month: 2 }),
  );
  const section = fc.integer({ min: 1, max: 3 });
  // Most commands land on one measure: entries and corrections pile up where a view could grow.
  const measure = fc.oneof(
    { weight: 4, arbitrary: fc.constant('1.1') },
    { weight: 1, arbitrary: fc.tuple(section, fc.integer({ min: 1, max: 3 })).map(([s, m]) => `${s}.${m}`) },
  );
  const report = fc.integer({ min: 0, max: 150 }).map((n) => `r${n}`);
  const executor = fc.constantFrom(...EXECUTORS);
  const command: fc.Arbitrary<DomainCommand> = fc.oneof(
    {
      weight: 1,
      arbitrary: section.map((n) => ({
        type: 'AddSection' as const,
        planId: 'p',
        number: String(n),
        title: 'Р'.repeat(MAX_TITLE_LENGTH),
        actor: SYSTEM,
        at: AT,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(measure, fc.uniqueArray(executor, { minLength: 1, maxLength: 4 }))
        .map(([number, executors]) => ({
          type: 'AddMeasure' as const,
          planId: 'p',
          number,
          sectionNumber: number.split('.')[0]!,
          title: 'М'.repeat(MAX_TITLE_LENGTH),
          term: 'т'.repeat(200),
          fromYear: 2021,
          toYear: 2023,
          executors: executors.map((executorId) => ({ executorId, nameInPlan: name(`в плане ${executorId}`) })),
          actor: SYSTEM,
          at: AT,
        })),
    },
    {
      weight: 6,
      arbitrary: fc.tuple(measure, report, executor, period, text).map(([number, reportId, executorId, p, t]) => ({
        type: 'ReportExecution' as const,
        planId: 'p',
        number,
        reportId,
        executorId,
        period: p,
        text: t,
        place: 'м'.repeat(200),
        participants: MAX_COUNT,
        actor: SYSTEM,
        at: AT,
      })),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(measure, report, text, period).map(([number, reportId, t, p]) => ({
        type: 'CorrectExecution' as const,
        planId: 'p',
        number,
        reportId,
        text: `${t}!`.slice(-MAX_TEXT_LENGTH),
        period: p,
        reason: 'п'.repeat(MAX_REASON_LENGTH),
        actor: SYSTEM,
        at: AT,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(measure, report).map(([number, reportId]) => ({
        type: 'WithdrawExecution' as const,
        planId: 'p',
        number,
        reportId,
        reason: 'о'.repeat(MAX_REASON_LENGTH),
        actor: SYSTEM,
        at: AT,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(executor, fc.nat(1000)).map(([executorId, n]) => ({
        type: 'RenameExecutor' as const,
        executorId,
        newName: name(`новое ${n}`),
        effectiveDate: '2022-06-01',
        actor: SYSTEM,
        at: AT,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(executor, executor).map(([executorId, successorId]) => ({
        type: 'LiquidateExecutor' as const,
        executorId,
        successorId,
        effectiveDate: '2023-12-31',
        note: 'н'.repeat(MAX_REASON_LENGTH),
        actor: SYSTEM,
        at: AT,
      })),
    },
  );

  it('the projector applies every one of them, and no document nears the item limit', async () => {
    const written: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 100, maxLength: 160 }), async (commands) => {
        const store = new MemoryEventStore();
        const path = new CommandPath(store);
        let n = 0;
        for (const c of [...setup(), ...commands]) {
          const id = `c${n++}`;
          await path.execute(c, { commandId: id, fingerprint: id, recordedAt: AT }).catch((error: unknown) => {
            // Refusals are the rules at work; anything else is a bug.
            if (!(error instanceof AppError) || error.status >= 500) throw error;
          });
        }
        const views = new MemoryViewStore();
        const result = await catchUp(store, views, ledgerProjection);
        expect(result.status).toBe('caught-up');
        expect(largestDoc(views)).toBeLessThan(MAX_VIEW_DOC_BYTES);
        const onOneMeasure = await store.readStream(measureStreamId('p', '1.1'));
        written.push(Buffer.byteLength(JSON.stringify(onOneMeasure.map((e) => e.data))));
      }),
      { numRuns: 25, seed: 20261129 },
    );
    // The sequences did write: more onto one measure than one document could ever hold.
    expect(Math.max(...written)).toBeGreaterThan(MAX_VIEW_DOC_BYTES);
  });
});
