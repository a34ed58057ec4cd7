// The write API end to end: HTTP → Hono → domain → DynamoDB Local, and back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness, importSeed, PLAN } from './support';

let h: Harness;
let coordinator: string;
let sport: string; // agency key of Главное управление спорта
let culture: string;
let tourism: string; // the successor of «Смоленский терем»
let auditor: string;

const M = `/v1/plans/${PLAN}/measures`;
const report = (text: string, extra: Record<string, unknown> = {}) => ({
  period: { kind: 'day', date: '2023-06-01' },
  text,
  ...extra,
});

beforeAll(async () => {
  h = await harness('http-cmd');
  await importSeed(h);
  coordinator = await h.key('coordinator');
  sport = await h.key('agency', 'smolensk-sport-office');
  culture = await h.key('agency', 'smolensk-culture-dept');
  tourism = await h.key('agency', 'smolensk-tourism-center');
  auditor = await h.key('auditor');
});
afterAll(() => h.close());

const headPosition = async () => (await h.system.store.head()).position;

describe('write routes', () => {
  it('registers, renames and liquidates an executor, and creates a plan with sections and measures', async () => {
    const reg = await h.call('POST', '/v1/executors', coordinator, {
      executorId: 'spb-culture',
      fullName: 'Комитет по культуре Санкт-Петербурга',
      party: 'Санкт-Петербург',
    });
    expect(reg.status).toBe(201);
    expect(await reg.json()).toMatchObject({
      streamId: 'executor-spb-culture',
      version: 1,
      ids: { executorId: 'spb-culture' },
      duplicate: false,
    });
    await h.call('POST', '/v1/executors', coordinator, {
      executorId: 'spb-culture-2',
      fullName: 'Новый комитет',
      party: 'Санкт-Петербург',
    });
    expect(
      (
        await h.call('POST', '/v1/executors/spb-culture/rename', coordinator, {
          newName: 'Комитет по культуре',
          effectiveDate: '2023-02-01',
        })
      ).status,
    ).toBe(201);

    const plan = await h.call('POST', '/v1/plans', coordinator, {
      planId: 'p2',
      title: 'План 2',
      reportTitle: 'Плана 2 (далее – План)',
      parties: ['Санкт-Петербург', 'Смоленская область'],
      fromYear: 2024,
      toYear: 2026,
    });
    expect(plan.status).toBe(201);
    const section = await h.call('POST', '/v1/plans/p2/sections', coordinator, {
      number: '3',
      title: 'В области культуры',
    });
    expect(await section.json()).toMatchObject({ streamId: 'plan-p2', version: 2 });
    const measure = await h.call('POST', '/v1/plans/p2/measures', coordinator, {
      number: '3.10',
      sectionNumber: '3',
      title: 'Обмен выставками',
      term: '2024-2026 годы',
      fromYear: 2024,
      toYear: 2026,
      executors: [{ executorId: 'spb-culture' }],
    });
    expect(measure.status).toBe(201);
    const measureBody = (await measure.json()) as { position: number; version: number };
    expect(measure.headers.get('etag')).toBe('"1"');
    expect(measure.headers.get('x-position')).toBe(String(measureBody.position));
    const amend = await h.call(
      'PATCH',
      '/v1/plans/p2/measures/3.10',
      coordinator,
      { title: 'Обмен выставками музеев' },
      { 'if-match': '"1"' },
    );
    expect(amend.status).toBe(201);
    expect(
      (
        await h.call('POST', '/v1/executors/spb-culture/liquidate', coordinator, {
          effectiveDate: '2024-05-01',
          successorId: 'spb-culture-2',
        })
      ).status,
    ).toBe(201);
  });

  it('lets an agency report on its own measure, correct and withdraw its entry', async () => {
    const created = await h.call(
      'POST',
      `${M}/9.1/executions`,
      sport,
      report('Турнир по самбо в г. Смоленске', { participants: 120, regions: 6 }),
      { 'idempotency-key': 'sport-1' },
    );
    expect(created.status).toBe(201);
    const body = (await created.json()) as { ids: { reportId: string }; version: number };
    const id = body.ids.reportId;
    const corrected = await h.call('POST', `${M}/9.1/executions/${id}/corrections`, sport, {
      text: 'Турнир по самбо и дзюдо в г. Смоленске',
      reason: 'опечатка',
    });
    expect(corrected.status).toBe(201);
    const withdrawn = await h.call('POST', `${M}/9.1/executions/${id}/withdrawal`, coordinator, { reason: 'дубль' });
    expect(withdrawn.status).toBe(201);
    expect(
      (await h.call('POST', `${M}/9.1/executions/${id}/corrections`, sport, { text: 'x', reason: 'y' })).status,
    ).toBe(409);
  });

  it('lets the successor of a liquidated executor report on its measure', async () => {
    const res = await h.call(
      'POST',
      `${M}/2.1/executions`,
      tourism,
      report('Инфотур для туроператоров Санкт-Петербурга'),
    );
    expect(res.status).toBe(201);
  });
});

describe('idempotency and concurrency', () => {
  it('answers a retry with the first result and writes nothing', async () => {
    const first = await h.call('POST', `${M}/9.1/executions`, sport, report('Кубок по шахматам'), {
      'idempotency-key': 'chess-2023',
    });
    const firstBody = await first.json();
    const head = await headPosition();
    const retry = await h.call('POST', `${M}/9.1/executions`, sport, report('Кубок по шахматам'), {
      'idempotency-key': 'chess-2023',
    });
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual({ ...(firstBody as object), duplicate: true });
    expect(await headPosition()).toBe(head);
  });

  it('refuses the same Idempotency-Key with another body', async () => {
    await h.call('POST', `${M}/9.1/executions`, sport, report('Первый текст'), { 'idempotency-key': 'reuse-1' });
    const head = await headPosition();
    const res = await h.call('POST', `${M}/9.1/executions`, sport, report('Другой текст'), {
      'idempotency-key': 'reuse-1',
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await headPosition()).toBe(head);
  });

  it('answers 412 when If-Match names a version the stream is no longer at', async () => {
    const res = await h.call('PATCH', `${M}/9.1`, coordinator, { title: 'Новое название' }, { 'if-match': '"1"' });
    expect(res.status).toBe(412);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'version_mismatch', currentVersion: expect.any(Number) });
  });

  it('re-decides on a version conflict when the client did not pin a version', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => h.call('POST', `${M}/8.2/executions`, culture, report(`Выставка ${i}`))),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
  });
});

describe('access', () => {
  it('answers 401 without a key, with an unknown key and with a revoked key', async () => {
    expect((await h.call('GET', '/v1/plans', null)).status).toBe(401);
    expect(
      (await h.call('GET', '/v1/plans', 'rl_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status,
    ).toBe(401);
    const issued = await h.call('POST', '/v1/keys', coordinator, { role: 'auditor', label: 'временный аудитор' });
    expect(issued.status).toBe(201);
    const { token, ids } = (await issued.json()) as { token: string; ids: { keyId: string } };
    expect((await h.call('GET', '/v1/me', token)).status).toBe(200);
    expect(
      (await h.call('POST', `/v1/keys/${ids.keyId}/revoke`, coordinator, { reason: 'проверка завершена' })).status,
    ).toBe(201);
    const revoked = await h.call('GET', '/v1/me', token);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'unauthorized', detail: expect.stringContaining('revoked') });
  });

  it('shows auditors who had access when, without secrets', async () => {
    const issued = (await (
      await h.call('POST', '/v1/keys', coordinator, {
        role: 'agency',
        executorId: 'smolensk-culture-dept',
        label: 'музей',
      })
    ).json()) as { ids: { keyId: string }; position: number };
    const revoked = (await (
      await h.call('POST', `/v1/keys/${issued.ids.keyId}/revoke`, coordinator, { reason: 'сотрудник уволился' })
    ).json()) as { position: number };
    await h.project();
    type KeyDoc = {
      keyId: string;
      revoked: { reason: string; by: { role: string } } | null;
      issuedBy: { role: string };
    };
    const now = (await (await h.call('GET', '/v1/keys', auditor)).json()) as { keys: KeyDoc[] };
    const key = now.keys.find((k) => k.keyId === issued.ids.keyId);
    expect(key).toMatchObject({
      issuedBy: { role: 'coordinator' },
      revoked: { reason: 'сотрудник уволился', by: { role: 'coordinator' } },
    });
    expect(JSON.stringify(now)).not.toMatch(/secretHash|rl_/);
    const before = (await (await h.call('GET', `/v1/keys?asOfPosition=${revoked.position - 1}`, auditor)).json()) as {
      keys: KeyDoc[];
    };
    expect(before.keys.find((k) => k.keyId === issued.ids.keyId)?.revoked).toBeNull();
    expect((await h.call('GET', '/v1/keys', sport)).status).toBe(403);
  });

  it("refuses an agency writing for another agency's measure, and writes nothing", async () => {
    const head = await headPosition();
    const asOther = await h.call('POST', `${M}/8.2/executions`, sport, report('Чужое мероприятие'));
    expect(asOther.status).toBe(403);
    const spoofed = await h.call(
      'POST',
      `${M}/8.2/executions`,
      sport,
      report('Чужое мероприятие', { executorId: 'smolensk-culture-dept' }),
    );
    expect(spoofed.status).toBe(403);
    expect(await headPosition()).toBe(head);
  });

  it('refuses plan changes from an agency and every write from an auditor', async () => {
    expect(
      (await h.call('POST', `/v1/plans/${PLAN}/sections`, sport, { number: '20', title: 'Новый раздел' })).status,
    ).toBe(403);
    const res = await h.call('POST', '/v1/executors', auditor, { executorId: 'x-1', fullName: 'X', party: 'Y' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'forbidden_role' });
  });
});

describe('bad input gets a clear problem and writes nothing', () => {
  it('400 with every failing field path', async () => {
    const head = await headPosition();
    const res = await h.call('POST', `${M}/9.1/executions`, sport, {
      period: { kind: 'range', from: '2023-02-30', to: '2023-01-01' },
      text: '',
      participants: -1,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; errors: { path: string }[] };
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['text', 'participants']));
    expect(await headPosition()).toBe(head);
  });

  it('400 for a period outside the rules, naming the field', async () => {
    const res = await h.call(
      'POST',
      `${M}/9.1/executions`,
      sport,
      report('x', { period: { kind: 'range', from: '2023-02-28', to: '2023-02-30' } }),
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('period');
  });

  it('400 for malformed JSON, 415 for another media type, 413 for a body over the limit', async () => {
    const malformed = await h.call('POST', '/v1/executors', coordinator, '{"executorId": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'malformed_request' });
    const form = await h.call('POST', '/v1/executors', coordinator, 'executorId=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    const huge = await h.call('POST', `${M}/9.1/executions`, sport, report('я'.repeat(70_000)));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'body_too_large' });
  });

  it('404 for an unknown measure or route, 409 for a duplicate', async () => {
    expect((await h.call('POST', `${M}/9.99/executions`, sport, report('x'))).status).toBe(404);
    expect((await h.call('GET', '/v1/nothing', coordinator)).status).toBe(404);
    const dup = await h.call('POST', '/v1/executors', coordinator, {
      executorId: 'smolensk-sport-office',
      fullName: 'Дубль',
      party: 'Смоленская область',
    });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({
      code: 'executor_exists',
      status: 409,
      type: expect.stringContaining('executor_exists'),
    });
  });

  it('never answers with a stack trace', async () => {
    const res = await h.call('POST', `${M}/9.1/executions`, sport, '[1,2,3]');
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  });
});

describe('a store that cannot be reached', () => {
  it('answers 503 with Retry-After, not 500', async () => {
    const { createDynamoClient } = await import('../../shared/runtime/dynamo');
    const { createSystem, apiDeps } = await import('../../shared/runtime/system');
    const { createApp } = await import('../../shared/http/app');
    const { silentLogger } = await import('../../shared/runtime/logger');
    const { freePort } = await import('../../scripts/lib/dynamo-local');
    const dead = createDynamoClient({ endpoint: `http://127.0.0.1:${await freePort()}`, maxAttempts: 1 });
    const app = createApp(apiDeps(createSystem(dead, h.tables.names), silentLogger));
    const res = await app.request('/v1/plans', { headers: { authorization: `Bearer ${coordinator}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(await res.json()).toMatchObject({ code: 'store_unavailable' });
    dead.destroy();
  });
});

describe('documentation', () => {
  it('serves the OpenAPI 3.1 document generated from the schemas, and an offline reference page', async () => {
    const doc = (await (await h.call('GET', '/openapi.json', null)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/executors',
        '/v1/plans/{planId}/measures/{number}/executions',
        '/v1/plans/{planId}/reports/{year}',
      ]),
    );
    const page = await (await h.call('GET', '/docs', null)).text();
    expect(page).toContain('/v1/plans/{planId}/measures/{number}/executions');
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/);
  });
});

describe('the read-only (streaming) deployment', () => {
  it('answers writes with 405 and writes nothing, and still reads', async () => {
    const { createApp } = await import('../../shared/http/app');
    const { apiDeps } = await import('../../shared/runtime/system');
    const { silentLogger } = await import('../../shared/runtime/logger');
    const app = createApp(apiDeps(h.system, silentLogger, { readOnly: true }));
    const head = await headPosition();
    const res = await app.request('/v1/executors', {
      method: 'POST',
      headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ executorId: 'ro-1', fullName: 'X', party: 'Y' }),
    });
    expect(res.status).toBe(405);
    expect(await res.json()).toMatchObject({ code: 'read_only_endpoint' });
    expect(await headPosition()).toBe(head);
    expect(
      (await app.request('/v1/events?limit=1', { headers: { authorization: `Bearer ${coordinator}` } })).status,
    ).toBe(200);
  });
});
