// The 1 February check: which plans lack last year's reports (the joint one and each
// party's), in Moscow time, only for years inside a plan's period.
import { beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../shared/commands/run-import';
import { MemoryArtifactStore } from '../../shared/report/artifact-store';
import { checkPublications, reportDue } from '../../shared/report/publication-check';
import { publishReport } from '../../shared/report/publish';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { PLAN, SYSTEM, seedFixture } from '../http/support';

let store: MemoryEventStore;

beforeAll(async () => {
  store = new MemoryEventStore();
  const report = await runImport(store, seedFixture(), { actor: SYSTEM, at: '2024-01-10T09:00:00.000Z' });
  expect(report.refused).toEqual([]);
});

describe('reportDue', () => {
  it('turns to overdue at midnight of 1 February in Moscow, not in UTC', () => {
    expect(reportDue(new Date('2024-01-31T20:59:59Z'))).toEqual({ year: 2023, overdue: false });
    expect(reportDue(new Date('2024-01-31T21:00:00Z'))).toEqual({ year: 2023, overdue: true });
    expect(reportDue(new Date('2024-12-31T20:59:59Z'))).toEqual({ year: 2023, overdue: true });
    expect(reportDue(new Date('2024-12-31T21:00:00Z'))).toEqual({ year: 2024, overdue: false });
  });
});

describe('checkPublications', () => {
  it('says nothing is due in January, and names the report missing from 1 February on', async () => {
    expect(await checkPublications(store, [PLAN], new Date('2024-01-20T06:00:00Z'))).toEqual([
      { planId: PLAN, status: 'not-due', year: 2023 },
    ]);
    expect(await checkPublications(store, [PLAN, 'no-such-plan'], new Date('2024-02-01T06:00:00Z'))).toEqual([
      { planId: PLAN, status: 'missing', year: 2023, missing: [null, 'Санкт-Петербург', 'Смоленская область'] },
      { planId: 'no-such-plan', status: 'no-plan', year: 2023 },
    ]);
    expect(await checkPublications(store, [PLAN], new Date('2022-02-01T06:00:00Z'))).toEqual([
      { planId: PLAN, status: 'missing', year: 2021, missing: [null, 'Санкт-Петербург', 'Смоленская область'] },
    ]);
  });

  it("finds the publications once the joint report and each party's are in, and expects none after the plan ends", async () => {
    const publish = (party: string | null) =>
      publishReport(store, new MemoryArtifactStore(), {
        planId: PLAN,
        year: 2023,
        party,
        trigger: 'on-demand',
        actor: SYSTEM,
        at: '2024-02-02T08:00:00.000Z',
      });
    await publish(null);
    expect(await checkPublications(store, [PLAN], new Date('2024-02-03T06:00:00Z'))).toEqual([
      { planId: PLAN, status: 'missing', year: 2023, missing: ['Санкт-Петербург', 'Смоленская область'] },
    ]);
    await publish('Санкт-Петербург');
    await publish('Смоленская область');
    expect(await checkPublications(store, [PLAN], new Date('2024-02-03T06:00:00Z'))).toEqual([
      { planId: PLAN, status: 'published', year: 2023, revisions: 3 },
    ]);
    expect(await checkPublications(store, [PLAN], new Date('2025-02-03T06:00:00Z'))).toEqual([
      { planId: PLAN, status: 'not-due', year: 2024 },
    ]);
  });
});
