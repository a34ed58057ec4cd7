// The command path under concurrency, against DynamoDB Local: bursts on one measure
// from one process and from two, revocations and liquidations made by another process
// while this one holds the old state in its cache, and the cost of a write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcess } from '../../scripts/lib/api-process';
import { measureStreamId } from '../../shared/domain';
import { createApp } from '../../shared/http/app';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { silentLogger } from '../../shared/runtime/logger';
import { apiDeps, createSystem } from '../../shared/runtime/system';
import { iterateAll } from '../../shared/store/event-store';
import { verifyChain } from '../../shared/store/verify-chain';
import { type Harness, harness, importSeed, PLAN } from '../http/support';

let h: Harness;
let coordinator: string;
let sport: string;
/** A second process's API: its own client, store, cache and turn on the head. */
let other: ReturnType<typeof createApp>;

const M = `/v1/plans/${PLAN}/measures`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const entry = (text: string, date = '2023-07-01') => ({ period: { kind: 'day', date }, text });
async function callOther(method: string, url: string, token: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return other.request(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

async function chainOk() {
  const events = [];
  for await (const e of iterateAll(h.system.store)) events.push(e);
  return verifyChain(events);
}

beforeAll(async () => {
  h = await harness('concurrency');
  await importSeed(h);
  coordinator = await h.key('coordinator');
  sport = await h.key('agency', 'smolensk-sport-office');
  const client = createDynamoClient({ endpoint: h.tables.endpoint });
  other = createApp(apiDeps(createSystem(client, h.tables.names), silentLogger));
});
afterAll(() => h.close());

describe('the command path under concurrency', () => {
  it('writes all of 32 parallel entries on one measure from one process, in one gapless chained log', async () => {
    const streamId = measureStreamId(PLAN, '9.1');
    const before = await h.system.store.streamVersion(streamId);
    const responses = await Promise.all(
      range(32).map((i) =>
        h.call('POST', `${M}/9.1/executions`, sport, entry(`Одна служба, запись ${i}`), {
          'idempotency-key': `burst-one-${i}`,
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(range(32).map(() => 201));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { version: number; position: number }[];
    expect(new Set(bodies.map((b) => b.version)).size).toBe(32);
    const written = await h.system.store.readStream(streamId, { fromVersion: before + 1 });
    expect(written.map((e) => e.data.text).sort()).toEqual(
      range(32)
        .map((i) => `Одна служба, запись ${i}`)
        .sort(),
    );
    expect(written.map((e) => e.version)).toEqual(range(32).map((i) => before + 1 + i));
    expect(await chainOk()).toMatchObject({ ok: true });
  });

  it('writes all of 32 parallel entries on one measure sent to two API processes', async () => {
    const streamId = measureStreamId(PLAN, '9.1');
    const before = await h.system.store.streamVersion(streamId);
    const target = { endpoint: h.tables.endpoint, eventsTable: h.tables.names.events };
    const processes = await Promise.all([startApiProcess(target), startApiProcess(target)]);
    try {
      const responses = await Promise.all(
        range(32).map((i) =>
          fetch(`${processes[i % 2]!.url}${M}/9.1/executions`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${sport}`,
              'content-type': 'application/json',
              'idempotency-key': `burst-two-${i}`,
            },
            body: JSON.stringify(entry(`Два процесса, запись ${i}`)),
          }),
        ),
      );
      const statuses = await Promise.all(responses.map(async (r) => (r.status === 201 ? 201 : await r.text())));
      expect(statuses).toEqual(range(32).map(() => 201));
    } finally {
      await Promise.all(processes.map((p) => p.stop()));
    }
    const written = await h.system.store.readStream(streamId, { fromVersion: before + 1 });
    expect(written.map((e) => e.data.text).sort()).toEqual(
      range(32)
        .map((i) => `Два процесса, запись ${i}`)
        .sort(),
    );
    expect(await chainOk()).toMatchObject({ ok: true });
  });

  it('refuses a revoked key on the very next write, though this process still has it cached as valid', async () => {
    const key = await h.key('agency', 'smolensk-sport-office');
    expect((await h.call('POST', `${M}/9.1/executions`, key, entry('до отзыва ключа'))).status).toBe(201);
    const keyId = key.split('_')[1]!;
    const revoked = await callOther('POST', `/v1/keys/${keyId}/revoke`, coordinator, { reason: 'сотрудник уволился' });
    expect(revoked.status).toBe(201);
    const head = (await h.system.store.head()).position;
    const refused = await h.call('POST', `${M}/9.1/executions`, key, entry('после отзыва ключа'));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'unauthorized' });
    expect((await h.system.store.head()).position).toBe(head);
  });

  it('decides again when an executor was liquidated by another process after this one cached it', async () => {
    const created = await h.call('POST', '/v1/executors', coordinator, {
      executorId: 'smolensk-youth-centre',
      fullName: 'Молодежный центр',
      party: 'Смоленская область',
    });
    expect(created.status).toBe(201);
    const added = await h.call('POST', `${M}`, coordinator, {
      number: '9.90',
      sectionNumber: '9',
      title: 'Молодежные форумы',
      term: '2021-2023 годы',
      fromYear: 2021,
      toYear: 2023,
      executors: [{ executorId: 'smolensk-youth-centre' }],
    });
    expect(added.status).toBe(201);
    const youth = await h.key('agency', 'smolensk-youth-centre');
    // This process now holds the executor, live, in its cache.
    expect((await h.call('POST', `${M}/9.90/executions`, youth, entry('Форум в мае', '2023-05-20'))).status).toBe(201);
    const liquidated = await callOther('POST', '/v1/executors/smolensk-youth-centre/liquidate', coordinator, {
      effectiveDate: '2023-06-01',
    });
    expect(liquidated.status).toBe(201);
    const version = await h.system.store.streamVersion(measureStreamId(PLAN, '9.90'));
    const late = await h.call('POST', `${M}/9.90/executions`, youth, entry('Форум в июле', '2023-07-10'));
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'period_after_liquidation' });
    expect(await h.system.store.streamVersion(measureStreamId(PLAN, '9.90'))).toBe(version);
  });

  it('does not refuse on a stale cache: a section another process added is there for this one', async () => {
    // This process caches the plan (without section 20) by adding a measure to it.
    expect(
      (
        await h.call('POST', `${M}`, coordinator, {
          number: '9.91',
          sectionNumber: '9',
          title: 'Спартакиада',
          term: '2023 год',
          fromYear: 2023,
          toYear: 2023,
          executors: [{ executorId: 'smolensk-sport-office' }],
        })
      ).status,
    ).toBe(201);
    const section = await callOther('POST', `/v1/plans/${PLAN}/sections`, coordinator, {
      number: '20',
      title: 'В области молодежной политики',
    });
    expect(section.status).toBe(201);
    const measure = await h.call('POST', `${M}`, coordinator, {
      number: '20.1',
      sectionNumber: '20',
      title: 'Обмен делегациями',
      term: '2023 год',
      fromYear: 2023,
      toYear: 2023,
      executors: [{ executorId: 'smolensk-sport-office' }],
    });
    expect(measure.status).toBe(201);
  });

  it('costs one DynamoDB call per write once the states it needs are cached', async () => {
    const calls = recordCalls();
    try {
      await h.call('POST', `${M}/9.1/executions`, sport, entry('прогрев'));
      calls.splice(0);
      for (const i of range(10)) {
        const res = await h.call('POST', `${M}/9.1/executions`, sport, entry(`обычная запись ${i}`));
        expect(res.status).toBe(201);
      }
      expect(calls).toEqual(range(10).map(() => 'TransactWriteItemsCommand'));
    } finally {
      calls.detach();
    }
  });

  it('does not hold an assigned executor’s entry to its co-executors: one renamed elsewhere costs it no retry', async () => {
    const social = await h.key('agency', 'smolensk-social-dept');
    // This process caches measure 7.1 and both its executors.
    expect((await h.call('POST', `${M}/7.1/executions`, social, entry('Ярмарка вакансий'))).status).toBe(201);
    const renamed = await callOther('POST', '/v1/executors/smolensk-employment-dept/rename', coordinator, {
      newName: 'Департамент труда',
      effectiveDate: '2023-08-01',
    });
    expect(renamed.status).toBe(201);
    const calls = recordCalls();
    try {
      const res = await h.call('POST', `${M}/7.1/executions`, social, entry('Вторая ярмарка вакансий'));
      expect(res.status).toBe(201);
      // The other process moved the log's head: the first try fails on it and brings the
      // head back, so the second goes at once. The co-executor's stream moved too, but the
      // entry never rested on it: nothing of it is read, and the entry is not decided again.
      expect(calls).toEqual(['TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
    } finally {
      calls.detach();
    }
  });
});

/** The DynamoDB commands the harness's client sends from now on, by name, until `detach()`. */
function recordCalls(): string[] & { detach: () => void } {
  const calls = [] as unknown as string[] & { detach: () => void };
  // Not enumerable, so the list still equals a plain array of names.
  Object.defineProperty(calls, 'detach', {
    value: () => h.system.client.middlewareStack.remove('recordCallsForTest'),
  });
  h.system.client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCallsForTest' },
  );
  return calls;
}
