// The read API over the views: what coordinators, agencies and auditors see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness, importSeed, PLAN } from './support';

let h: Harness;
let coordinator: string;
let tourism: string;

beforeAll(async () => {
  h = await harness('http-read', { minPositionWaitMs: 300 });
  await importSeed(h);
  coordinator = await h.key('coordinator');
  tourism = await h.key('agency', 'smolensk-tourism-center');
  await h.project();
});
afterAll(() => h.close());

type Json = Record<string, any>;

describe('plan and measure views', () => {
  it('shows the plan with sections and measures in natural order, executors as named and as they are now', async () => {
    const res = await h.call('GET', `/v1/plans/${PLAN}`, coordinator);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    const head = await h.system.store.head();
    expect(res.headers.get('x-position')).toBe(String(head.position));
    expect(body.position).toBe(head.position);
    expect(body.sections.map((s: Json) => s.number)).toEqual(['2', '4', '7', '8', '9', '11', '12']);
    expect(body.sections.flatMap((s: Json) => s.measures.map((m: Json) => m.number))).toEqual([
      '2.1',
      '4.3',
      '7.1',
      '7.2',
      '7.3',
      '7.6',
      '8.2',
      '9.1',
      '11.1',
      '12.3',
      '12.5',
    ]);
    const terem = body.sections[0].measures[0].executors[1];
    expect(terem).toMatchObject({
      executorId: 'smolensk-terem',
      nameInPlan: 'СОГБУ «Смоленский областной информационный центр туризма «Смоленский терем»',
      status: 'liquidated',
      successorId: 'smolensk-tourism-center',
    });
    expect(body.sections.flatMap((s: Json) => s.measures.map((m: Json) => m.entryCount))).toEqual([
      1, 1, 1, 1, 1, 1, 7, 8, 1, 1, 1,
    ]);
    expect(body.nextAfter).toBeNull();
    const page = (await (await h.call('GET', `/v1/plans/${PLAN}?limit=4&after=4.3`, coordinator)).json()) as Json;
    expect(page.sections.flatMap((s: Json) => s.measures.map((m: Json) => m.number))).toEqual([
      '7.1',
      '7.2',
      '7.3',
      '7.6',
    ]);
    expect(page.nextAfter).toBe('7.6');
  });

  it('shows one measure with its full history: every event, who, when', async () => {
    const body = (await (await h.call('GET', `/v1/plans/${PLAN}/measures/8.2`, coordinator)).json()) as Json;
    expect(body.entries).toHaveLength(7);
    const firstTwo = (await (
      await h.call('GET', `/v1/plans/${PLAN}/measures/8.2?limit=2`, coordinator)
    ).json()) as Json;
    expect(firstTwo.entries.map((e: Json) => e.reportId)).toEqual(
      body.entries.slice(0, 2).map((e: Json) => e.reportId),
    );
    const rest = (await (
      await h.call('GET', `/v1/plans/${PLAN}/measures/8.2?after=${firstTwo.nextAfter}`, coordinator)
    ).json()) as Json;
    expect(rest.entries.map((e: Json) => e.reportId)).toEqual(body.entries.slice(2).map((e: Json) => e.reportId));
    const history = (await (await h.call('GET', `/v1/plans/${PLAN}/measures/8.2/history`, coordinator)).json()) as Json;
    expect(history.events.map((e: Json) => e.type)).toEqual(['MeasureAdded', ...Array(7).fill('ExecutionReported')]);
    expect(history.events[1]).toMatchObject({
      actor: { keyId: 'system', role: 'system' },
      recordedAt: '2024-01-10T09:00:00.000Z',
    });
  });

  it('lists executors, and shows a liquidated one with its successor chain', async () => {
    const list = (await (await h.call('GET', '/v1/executors', coordinator)).json()) as Json;
    expect(list.executors).toHaveLength(11);
    const terem = (await (await h.call('GET', '/v1/executors/smolensk-terem', coordinator)).json()) as Json;
    expect(terem).toMatchObject({
      status: 'liquidated',
      liquidation: { effectiveDate: '2022-03-14', successorId: 'smolensk-tourism-center' },
    });
    expect(terem.successorChain).toEqual([
      {
        executorId: 'smolensk-tourism-center',
        fullName: expect.stringContaining('Центр развития туризма'),
        status: 'active',
      },
    ]);
    expect((await h.call('GET', '/v1/executors/nobody', coordinator)).status).toBe(404);
  });
});

describe("an agency's worklist", () => {
  it('includes the measures it inherited as a successor, with entries per year and the gaps', async () => {
    const body = (await (await h.call('GET', '/v1/me/measures?year=2023', tourism)).json()) as Json;
    expect(body.measures).toEqual([
      expect.objectContaining({
        number: '2.1',
        via: { kind: 'successor', of: 'smolensk-terem' },
        entriesByYear: { '2023': 1 },
        missingForYear: false,
      }),
    ]);
    const in2022 = (await (await h.call('GET', '/v1/me/measures?year=2022', tourism)).json()) as Json;
    expect(in2022.missing).toEqual([{ planId: PLAN, number: '2.1' }]);
    expect((await h.call('GET', '/v1/me/measures', coordinator)).status).toBe(403);
  });
});

describe('reading your own writes', () => {
  it('waits for X-Min-Position, then answers 503 with Retry-After when the views stay behind', async () => {
    const write = await h.call('POST', `/v1/plans/${PLAN}/measures/2.1/executions`, tourism, {
      period: { kind: 'month', year: 2023, month: 11 },
      text: 'Презентация турпродуктов',
    });
    const { position } = (await write.json()) as Json;
    const behind = await h.call('GET', `/v1/plans/${PLAN}/measures/2.1`, tourism, undefined, {
      'x-min-position': String(position),
    });
    expect(behind.status).toBe(503);
    expect(behind.headers.get('retry-after')).toBeTruthy();
    await h.project();
    const caughtUp = await h.call('GET', `/v1/plans/${PLAN}/measures/2.1?minPosition=${position}`, tourism);
    expect(caughtUp.status).toBe(200);
    expect(((await caughtUp.json()) as Json).entries.map((e: Json) => e.text)).toContain('Презентация турпродуктов');
  });

  it('answers as of an earlier position by replaying the log', async () => {
    const history = (await (await h.call('GET', `/v1/plans/${PLAN}/measures/9.1/history`, coordinator)).json()) as Json;
    const addedAt = history.events[0].position;
    const asOf = await h.call('GET', `/v1/plans/${PLAN}/measures/9.1?asOfPosition=${addedAt}`, coordinator);
    expect(asOf.headers.get('x-position')).toBe(String(addedAt));
    expect(((await asOf.json()) as Json).entries).toEqual([]);
    expect((await h.call('GET', `/v1/plans/${PLAN}?asOfPosition=999999`, coordinator)).status).toBe(400);
  });
});
