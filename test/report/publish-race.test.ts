// Two publications of one report started at one moment (the schedule and a coordinator, two
// tabs, two coordinators): both are built at the same position, and the second would be the
// first's files again. One revision is recorded; both publishers answer with it.
import { describe, expect, it } from 'vitest';
import { runImport } from '../../shared/commands/run-import';
import { MemoryArtifactStore } from '../../shared/report/artifact-store';
import { listPublications, publishReport } from '../../shared/report/publish';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { PLAN, SYSTEM, seedFixture } from '../http/support';

async function seeded() {
  const store = new MemoryEventStore();
  const report = await runImport(store, seedFixture(), { actor: SYSTEM, at: '2024-01-10T09:00:00.000Z' });
  expect(report.refused).toEqual([]);
  return store;
}

const publish = (
  store: MemoryEventStore,
  at: string,
  extra: { party?: string | null; includeAppendix?: boolean; trigger?: 'on-demand' | 'schedule' } = {},
) =>
  publishReport(store, new MemoryArtifactStore(), {
    planId: PLAN,
    year: 2023,
    party: extra.party ?? null,
    trigger: extra.trigger ?? 'on-demand',
    ...(extra.includeAppendix !== undefined ? { includeAppendix: extra.includeAppendix } : {}),
    actor: SYSTEM,
    at,
  });

describe('publications started at one moment', () => {
  it('record one revision, and both publishers answer with it', async () => {
    const store = await seeded();
    const [scheduled, manual] = await Promise.all([
      publish(store, '2024-01-15T03:00:00.000Z', { trigger: 'schedule' }),
      publish(store, '2024-01-15T03:00:00.001Z'),
    ]);
    expect(scheduled.revision).toBe(1);
    expect(manual).toEqual(scheduled);
    expect(await listPublications(store, PLAN, 2023)).toHaveLength(1);
  });

  it('still publish each kind of report built at that position: a party’s, and with the appendix', async () => {
    const store = await seeded();
    const [joint, party, appendix] = await Promise.all([
      publish(store, '2024-01-15T03:00:00.000Z'),
      publish(store, '2024-01-15T03:00:00.001Z', { party: 'Смоленская область' }),
      publish(store, '2024-01-15T03:00:00.002Z', { includeAppendix: true }),
    ]);
    expect(new Set([joint.position, party.position, appendix.position]).size).toBe(1);
    expect([joint.revision, party.revision, appendix.revision].sort()).toEqual([1, 2, 3]);
  });

  it('publish again once the log has moved on: a later revision of the same report', async () => {
    const store = await seeded();
    const first = await publish(store, '2024-01-15T03:00:00.000Z');
    const second = await publish(store, '2024-01-16T03:00:00.000Z');
    expect(second.revision).toBe(2);
    expect(second.position).toBeGreaterThan(first.position); // the first's own event is in it
  });
});
