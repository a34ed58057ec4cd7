// When the projector cannot get past an event, /health says so: degraded, 503, the views'
// position, the head, the lag and the event's error code; once past it, ok again. The same
// when it is DynamoDB that refuses the event's commit.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { METRIC } from '../../shared/config/observability';
import { AppError } from '../../shared/errors';
import type { Projection } from '../../shared/projections/projector';
import { wake } from '../../shared/projections/wake';
import { silentLogger } from '../../shared/runtime/logger';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { type Harness, harness, importSeed } from '../http/support';
import { recordingMetrics } from '../support/metrics';

class Broken extends AppError {
  readonly status = 500;
}

let h: Harness;
beforeAll(async () => {
  h = await harness('health');
  await importSeed(h);
});
afterAll(() => h.close());

it('reports a stuck projector as degraded with the event and its error, and ok once it is past it', async () => {
  const head = await h.system.store.head();
  const stuckAt = head.position - 3;
  const failing: Projection = {
    async apply(event, tx) {
      if (event.position === stuckAt) throw new Broken('simulated_defect', 'a defect in the projection code');
      await ledgerProjection.apply(event, tx);
    },
  };
  const run = (projection: Projection) =>
    wake({
      store: h.system.store,
      views: () => h.system.views(),
      projection,
      logger: silentLogger,
      now: () => new Date('2026-11-29T12:00:00.000Z'),
    });
  expect(await run(failing)).toMatchObject({ status: 'failed', failedAt: stuckAt });
  expect(await run(failing)).toMatchObject({ status: 'failed', failedAt: stuckAt });

  const degraded = await h.call('GET', '/health', null);
  expect(degraded.status).toBe(503);
  const event = (await h.system.store.readAll({ fromPosition: stuckAt, limit: 1 })).events[0]!;
  expect(await degraded.json()).toEqual({
    status: 'degraded',
    head: { position: head.position, hash: head.hash },
    views: { position: stuckAt - 1, lag: 4 },
    stuck: {
      position: stuckAt,
      type: event.type,
      streamId: event.streamId,
      code: 'simulated_defect',
      message: 'a defect in the projection code',
      since: '2026-11-29T12:00:00.000Z',
    },
  });

  expect(await run(ledgerProjection)).toMatchObject({ status: 'caught-up', applied: 4 });
  const healthy = await h.call('GET', '/health', null);
  expect(healthy.status).toBe(200);
  expect(await healthy.json()).toEqual({
    status: 'ok',
    head: { position: head.position, hash: head.hash },
    views: { position: head.position, lag: 0 },
  });
});

it('reports a commit DynamoDB refuses (not unavailability) as stuck at its event, not as a thrown error', async () => {
  await h.project();
  // Three events after the views; the second one's changes hold a key DynamoDB rejects (an empty sort key).
  for (let i = 0; i < 3; i++) await h.key('auditor');
  const head = await h.system.store.head();
  const stuckAt = head.position - 1;
  const refused: Projection = {
    async apply(event, tx) {
      await ledgerProjection.apply(event, tx);
      if (event.position === stuckAt) tx.put('defect', '', { note: 'an empty sort key' });
    },
  };
  const metrics = recordingMetrics();
  const run = (projection: Projection) =>
    wake({
      store: h.system.store,
      views: () => h.system.views(),
      projection,
      logger: silentLogger,
      metrics,
      now: () => new Date('2026-11-30T08:00:00.000Z'),
    });
  // The three went in one commit, which DynamoDB refused: again one at a time, the first is kept.
  expect(await run(refused)).toMatchObject({
    status: 'failed',
    failedAt: stuckAt,
    checkpoint: { position: stuckAt - 1 },
  });
  expect(metrics.values(METRIC.projectorFailed)).toEqual([1]);

  const degraded = await h.call('GET', '/health', null);
  expect(degraded.status).toBe(503);
  const event = (await h.system.store.readAll({ fromPosition: stuckAt, limit: 1 })).events[0]!;
  expect(await degraded.json()).toMatchObject({
    status: 'degraded',
    views: { position: stuckAt - 1, lag: 2 },
    stuck: { position: stuckAt, type: event.type, streamId: event.streamId, code: 'ValidationException' },
  });

  expect(await run(ledgerProjection)).toMatchObject({ status: 'caught-up', applied: 2 });
  expect((await h.call('GET', '/health', null)).status).toBe(200);
});
