// A client's mistakes are counted by code (the Refusals metric, split by `code` on the
// dashboard); answers that are not refusals are not counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingMetrics } from '../support/metrics';
import { type Harness, harness, PLAN } from './support';

const metrics = recordingMetrics();
let h: Harness;
let auditor: string;
let coordinator: string;

beforeAll(async () => {
  h = await harness('refusals', { metrics });
  auditor = await h.key('auditor');
  coordinator = await h.key('coordinator');
});
afterAll(() => h.close());

const refusals = () =>
  metrics.recorded.filter((r) => r.name === 'Refusals').map((r) => [r.kind, r.value, r.dimension?.value]);

describe('Refusals', () => {
  it('counts each refusal under its code', async () => {
    metrics.recorded.length = 0;
    expect((await h.call('GET', '/v1/plans', null)).status).toBe(401);
    expect((await h.call('GET', `/v1/plans/nope`, auditor)).status).toBe(404);
    expect((await h.call('GET', '/v1/nothing-here', auditor)).status).toBe(404);
    const forbidden = await h.call('POST', '/v1/executors', auditor, { executorId: 'x-1', fullName: 'X', party: 'Y' });
    expect(forbidden.status).toBe(403);
    // The role is checked before the media type: an auditor's write is 403 whatever it sends.
    expect((await h.call('POST', '/v1/executors', auditor, 'a=1', { 'content-type': 'text/plain' })).status).toBe(403);
    expect((await h.call('POST', '/v1/executors', coordinator, 'a=1', { 'content-type': 'text/plain' })).status).toBe(
      415,
    );
    expect((await h.call('GET', `/v1/plans/${PLAN}/reports/20x3`, auditor)).status).toBe(400);
    expect(refusals()).toEqual([
      ['count', 1, 'unauthorized'],
      ['count', 1, 'plan_not_found'],
      ['count', 1, 'route_not_found'],
      ['count', 1, 'forbidden_role'],
      ['count', 1, 'forbidden_role'],
      ['count', 1, 'unsupported_media_type'],
      ['count', 1, 'validation_failed'],
    ]);
  });

  it('counts nothing for an answer that is not a refusal', async () => {
    metrics.recorded.length = 0;
    expect((await h.call('GET', '/health', null)).status).toBe(200);
    expect((await h.call('GET', '/v1/plans', auditor)).status).toBe(200);
    expect(refusals()).toEqual([]);
  });
});
