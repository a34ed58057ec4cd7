// Every answer names its request in X-Request-Id: a written entry, a problem, a page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness, importSeed, PLAN } from './support';

let h: Harness;
let coordinator: string;

const ENTRIES = `/v1/plans/${PLAN}/measures/9.1/executions`;
const entry = { executorId: 'smolensk-sport-office', period: { kind: 'day', date: '2023-06-01' }, text: 'Совещание' };

beforeAll(async () => {
  h = await harness('http-request-id');
  await importSeed(h);
  coordinator = await h.key('coordinator');
});
afterAll(() => h.close());

describe('X-Request-Id', () => {
  it('comes back on a written entry, the client’s own or a fresh one', async () => {
    const own = await h.call('POST', ENTRIES, coordinator, entry, { 'x-request-id': 'client-1' });
    expect(own.status).toBe(201);
    expect(own.headers.get('x-request-id')).toBe('client-1');
    // The write's own headers are still there beside it.
    expect(own.headers.get('etag')).toMatch(/^"\d+"$/);
    expect(own.headers.get('content-type')).toContain('application/json');
    const fresh = await h.call('POST', ENTRIES, coordinator, { ...entry, text: 'Второе совещание' });
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('comes back on problems, whoever answered them', async () => {
    const invalid = await h.call('POST', ENTRIES, coordinator, { ...entry, text: '' }, { 'x-request-id': 'client-2' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('x-request-id')).toBe('client-2');
    expect(await invalid.json()).toMatchObject({ requestId: 'client-2' });
    const refused = await h.call(
      'POST',
      ENTRIES,
      coordinator,
      { ...entry, executorId: 'nobody' },
      { 'x-request-id': 'client-3' },
    );
    expect(refused.status).toBe(404); // executor_not_found, a refusal of the rules
    expect(refused.headers.get('x-request-id')).toBe('client-3');
    const unknown = await h.call('GET', '/v1/nothing-here', coordinator, undefined, { 'x-request-id': 'client-4' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-request-id')).toBe('client-4');
    const anonymous = await h.call('GET', '/v1/plans', null, undefined, { 'x-request-id': 'client-5' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('x-request-id')).toBe('client-5');
  });

  it('comes back on a page and on the health check', async () => {
    const page = await h.call('GET', '/', null, undefined, { 'x-request-id': 'client-6' });
    expect(page.headers.get('x-request-id')).toBe('client-6');
    const health = await h.call('GET', '/health', null, undefined, { 'x-request-id': 'client-7' });
    expect(health.headers.get('x-request-id')).toBe('client-7');
  });
});
