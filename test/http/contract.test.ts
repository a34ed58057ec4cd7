// The contract check every HTTP test runs through (test/support/contract-setup.ts) holds
// answers to the OpenAPI document: it fails on what the document does not say.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../shared/http/app';
import { MemoryViewStore } from '../../shared/projections/memory-view-store';
import { MemoryArtifactStore } from '../../shared/report/artifact-store';
import { silentLogger } from '../../shared/runtime/logger';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { contractOf } from '../support/contract';

const app = createApp({
  store: new MemoryEventStore(),
  views: async () => new MemoryViewStore(),
  artifacts: new MemoryArtifactStore(),
  clock: () => new Date('2026-11-29T12:00:00.000Z'),
  newId: () => 'test-request',
  logger: silentLogger,
});

describe('the contract check', () => {
  it('passes what the document says and names what it does not', async () => {
    const contract = contractOf((await (await app.request('/openapi.json')).json()) as never);
    const json = (value: unknown) => async () => JSON.stringify(value);
    const problem = { type: 'x', title: 'Unauthorized', status: 401, code: 'unauthorized' };
    expect(await contract.check('GET', '/v1/plans', 401, 'application/problem+json', json(problem))).toEqual([]);
    expect(await contract.check('GET', '/v1/plans', 418, 'application/problem+json', json(problem))).toEqual([
      'GET /v1/plans: status 418 is not documented',
    ]);
    expect(await contract.check('GET', '/v1/plans', 200, 'text/plain', json({}))).toEqual([
      'GET /v1/plans 200: media type text/plain is not documented (application/json)',
    ]);
    const shape = await contract.check('GET', '/v1/plans', 200, 'application/json', json({ position: -1, plans: 'x' }));
    expect(shape.join('\n')).toMatch(/\/position must be >= 0/);
    expect(shape.join('\n')).toMatch(/\/plans must be array/);
    // Each status lists its codes: one the document does not list fails.
    const undocumented = await contract.check(
      'GET',
      '/v1/plans',
      401,
      'application/problem+json',
      json({ ...problem, code: 'key_expired' }),
    );
    expect(undocumented.join('\n')).toMatch(/\/code must be equal to one of the allowed values/);
    // A method the path does not take answers 401 to a caller without a key, before its 405.
    expect(await contract.check('PUT', '/v1/plans', 401, 'application/problem+json', json(problem))).toEqual([]);
    // GETs do not answer 409, 412, 413 or 415: the document does not say they do.
    expect(await contract.check('GET', '/v1/plans/p', 409, 'application/problem+json', json(problem))).toEqual([
      'GET /v1/plans/{planId}: status 409 is not documented',
    ]);
  });

  it('is applied to every app the tests make: an answer the document does not have fails the request', async () => {
    await expect(app.request('/docs')).resolves.toMatchObject({ status: 200 });
    const broken = createApp({
      store: new MemoryEventStore(),
      views: async () => {
        throw Object.assign(new Error('teapot'), { status: 418 });
      },
      artifacts: new MemoryArtifactStore(),
      clock: () => new Date(),
      newId: () => 'test-request',
      logger: silentLogger,
    });
    // /health documents 200 and 503; an unexpected failure answers 500, which it does not document.
    await expect(broken.request('/health')).rejects.toThrow(/status 500 is not documented/);
  });

  it('every operation has an operationId, a tag, and documents only the statuses it answers', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      servers: unknown[];
      paths: Record<
        string,
        Record<string, { operationId?: string; tags?: string[]; responses: Record<string, unknown> }>
      >;
    };
    expect(doc.servers.length).toBeGreaterThan(0);
    const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([m, op]) => ({ path, m, op })),
    );
    expect(ops.length).toBeGreaterThan(30);
    for (const { path, m, op } of ops) {
      expect(op.operationId, `${m} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.tags?.length, `${m} ${path}`).toBeGreaterThan(0);
      if (m === 'get') expect(Object.keys(op.responses), `${m} ${path}`).not.toContain('415');
    }
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
  });
});
