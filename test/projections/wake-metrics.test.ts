// What a projector wake reports: how many events it applied, how far the views
// still are behind the head afterwards, and that it is stuck when a projection fails.
import { describe, expect, it } from 'vitest';
import { MemoryViewStore } from '../../shared/projections/memory-view-store';
import type { Projection } from '../../shared/projections/projector';
import { wake } from '../../shared/projections/wake';
import { silentLogger } from '../../shared/runtime/logger';
import type { EventStore } from '../../shared/store/event-store';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { recordingMetrics } from '../support/metrics';

async function logOf(n: number) {
  const store = new MemoryEventStore();
  for (let i = 1; i <= n; i++) {
    await store.append(`s-${i}`, [{ type: 'Noted', schemaVersion: 1, data: { n: i } }], {
      expectedVersion: 'no-stream',
      commandId: `c-${i}`,
      actor: { keyId: 'k', role: 'system' },
      recordedAt: '2026-01-01T00:00:00.000Z',
    });
  }
  return store;
}

const counting: Projection = {
  async apply(event, tx) {
    tx.put('notes', String(event.position).padStart(6, '0'), { n: event.position } as never);
  },
};
const failingAt = (position: number): Projection => ({
  async apply(event, tx) {
    if (event.position === position) throw new Error(`cannot project ${position}`);
    await counting.apply(event, tx);
  },
});

describe('wake metrics', () => {
  it('reports the batch applied and no lag once caught up', async () => {
    const store = await logOf(7);
    const views = new MemoryViewStore();
    const metrics = recordingMetrics();
    await wake({ store, views: async () => views, projection: counting, logger: silentLogger, metrics });
    expect(metrics.values('ProjectorBatch')).toEqual([7]);
    expect(metrics.values('ProjectorLag')).toEqual([0]);
    expect(metrics.values('ProjectorFailed')).toEqual([]);
    await wake({ store, views: async () => views, projection: counting, logger: silentLogger, metrics });
    expect(metrics.values('ProjectorBatch')).toEqual([7, 0]);
  });

  it('counts a failed wake and reports how many events wait behind the failing one', async () => {
    const store = await logOf(10);
    const views = new MemoryViewStore();
    const metrics = recordingMetrics();
    const result = await wake({
      store,
      views: async () => views,
      projection: failingAt(4),
      logger: silentLogger,
      metrics,
    });
    expect(result.status).toBe('failed');
    expect(metrics.recorded).toContainEqual({ kind: 'count', name: 'ProjectorFailed', value: 1 });
    expect(metrics.values('ProjectorBatch')).toEqual([3]);
    expect(metrics.values('ProjectorLag')).toEqual([7]);
  });

  it('still wakes when the head cannot be read for the lag', async () => {
    const store = await logOf(2);
    let heads = 0;
    const flaky: EventStore = Object.assign(Object.create(store), {
      head: async () => {
        heads++;
        throw new Error('throttled');
      },
    });
    const metrics = recordingMetrics();
    const result = await wake({
      store: flaky,
      views: async () => new MemoryViewStore(),
      projection: counting,
      logger: silentLogger,
      metrics,
    });
    expect(result).toMatchObject({ status: 'caught-up', applied: 2 });
    expect(heads).toBe(1);
    expect(metrics.values('ProjectorLag')).toEqual([]);
  });
});
