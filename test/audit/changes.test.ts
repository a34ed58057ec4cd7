// State as of a moment, and what changed between two: the 2023 report before a
// correction shows the old text and after it the new one; the changes endpoint
// lists the correction (and the withdrawal and the new entry) with who and when.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportChanges } from '../../shared/audit';
import type { ReportModel } from '../../shared/report/model';
import { type AuditSystem, auditSystem, client, importSeed, issueKey, SEED_AT, SEED_PLAN } from './support/system';

const CORRECTED_AT = '2024-03-01T10:00:00.000Z';
const WITHDRAWN_AT = '2024-03-05T10:00:00.000Z';
const REPORTED_AT = '2024-03-06T10:00:00.000Z';
const BEFORE = '2024-02-01T00:00:00Z';
const BETWEEN = '2024-03-02T00:00:00+00:00';
const ADDENDUM = ' Исправлено 1 марта 2024 года.';

let t: AuditSystem;
let read: ReturnType<typeof client>;
let agency: { token: string; keyId: string };
let coordinator: { token: string; keyId: string };
let oldText: string;

const base = `/v1/plans/${SEED_PLAN}/reports/2023`;
const entryText = (model: ReportModel, reportId: string) =>
  model.sections.flatMap((s) => s.measures.flatMap((m) => m.entries)).find((e) => e.reportId === reportId)?.text;

async function changes(query: string): Promise<ReportChanges> {
  const res = await read(`${base}/changes?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ReportChanges;
}

beforeAll(async () => {
  t = await auditSystem('changes');
  await importSeed(t.system.store);
  coordinator = await issueKey(t.system.store, 'coordinator', SEED_AT);
  agency = await issueKey(t.system.store, 'agency', SEED_AT, 'smolensk-education-dept');
  read = client(t.app, (await issueKey(t.system.store, 'auditor', SEED_AT)).token);
  const measure = (await (
    await read(`/v1/plans/${SEED_PLAN}/measures/4.3?asOfPosition=${(await t.system.store.head()).position}`)
  ).json()) as { entries: { reportId: string; text: string }[] };
  oldText = measure.entries.find((e) => e.reportId === '2023-4.3-01')!.text;

  const write = async (token: string, url: string, body: object) => {
    const res = await client(t.app, token)(url, { method: 'POST', body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(201);
  };
  const executions = (n: string) => `/v1/plans/${SEED_PLAN}/measures/${n}/executions`;
  t.setClock(CORRECTED_AT);
  await write(agency.token, `${executions('4.3')}/2023-4.3-01/corrections`, {
    text: oldText + ADDENDUM,
    reason: 'Уточнение по итогам проверки',
  });
  t.setClock(WITHDRAWN_AT);
  await write(coordinator.token, `${executions('2.1')}/2023-2.1-01/withdrawal`, {
    reason: 'Мероприятие не относится к Плану',
  });
  t.setClock(REPORTED_AT);
  await write(agency.token, executions('4.3'), {
    reportId: 'late-2023',
    period: { kind: 'day', date: '2023-12-01' },
    text: 'Поздняя запись за 2023 год.',
  });
  await write(agency.token, executions('4.3'), {
    reportId: 'late-2022',
    period: { kind: 'day', date: '2022-05-01' },
    text: 'Поздняя запись за 2022 год.',
  });
});

afterAll(() => t.drop());

describe('the 2023 report as of a moment', () => {
  it('before the correction shows the old text, after it the new one (JSON, HTML, CSV)', async () => {
    const asJson = async (asOf: string) =>
      (await (await read(`${base}?format=json&asOf=${encodeURIComponent(asOf)}`)).json()) as ReportModel;
    expect(entryText(await asJson(BEFORE), '2023-4.3-01')).toBe(oldText);
    expect(entryText(await asJson(BETWEEN), '2023-4.3-01')).toBe(oldText + ADDENDUM);
    for (const format of ['html', 'csv']) {
      const file = async (asOf: string) =>
        (await read(`${base}?format=${format}&asOf=${encodeURIComponent(asOf)}`)).text();
      expect(await file(BEFORE)).not.toContain(ADDENDUM.trim());
      expect(await file(BETWEEN)).toContain(ADDENDUM.trim());
    }
  });

  it('says which position it reflects', async () => {
    const res = await read(`${base}?format=csv&asOf=${encodeURIComponent(BETWEEN)}`);
    const events = (await (await read('/v1/events?limit=1000')).json()) as {
      events: { position: number; recordedAt: string }[];
    };
    const correction = events.events.find((e) => e.recordedAt === CORRECTED_AT)!;
    expect(res.headers.get('x-position')).toBe(String(correction.position));
  });
});

describe('GET /v1/plans/{planId}/reports/{year}/changes', () => {
  it('lists the correction between two moments, with its actor, time, before and after, and reason', async () => {
    const window = await changes(`from=${encodeURIComponent(BEFORE)}&to=${encodeURIComponent(BETWEEN)}`);
    expect(window.changes).toEqual([
      {
        kind: 'corrected',
        position: window.to.position,
        recordedAt: CORRECTED_AT,
        actor: { keyId: agency.keyId, role: 'agency', executorId: 'smolensk-education-dept' },
        number: '4.3',
        reportId: '2023-4.3-01',
        reason: 'Уточнение по итогам проверки',
        changes: [{ field: 'text', before: oldText, after: oldText + ADDENDUM }],
      },
    ]);
    expect(window.from.position).toBe(window.to.position - 1);
  });

  it('from a moment to the head: the correction, the withdrawal and the new 2023 entry, not the 2022 one', async () => {
    const all = await changes(`from=${encodeURIComponent(BEFORE)}`);
    expect(all.changes.map((c) => [c.kind, 'reportId' in c ? c.reportId : null, c.actor.keyId, c.recordedAt])).toEqual([
      ['corrected', '2023-4.3-01', agency.keyId, CORRECTED_AT],
      ['withdrawn', '2023-2.1-01', coordinator.keyId, WITHDRAWN_AT],
      ['added', 'late-2023', agency.keyId, REPORTED_AT],
    ]);
    const withdrawn = all.changes[1]!;
    expect(withdrawn.kind === 'withdrawn' && withdrawn.reason).toBe('Мероприятие не относится к Плану');
    expect(withdrawn.kind === 'withdrawn' && withdrawn.entry.period).toEqual({
      kind: 'range',
      from: '2023-02-28',
      to: '2023-03-01',
    });
    expect(all.to).toEqual(await t.system.store.head());

    const byPosition = await changes(`fromPosition=${all.from.position}&toPosition=${all.to.position}`);
    expect(byPosition).toEqual(all);
    const of2022 = await read(`/v1/plans/${SEED_PLAN}/reports/2022/changes?from=${encodeURIComponent(BEFORE)}`);
    expect(((await of2022.json()) as ReportChanges).changes.map((c) => ('reportId' in c ? c.reportId : null))).toEqual([
      'late-2022',
    ]);
  });

  it('also lists what changes the rows: a measure amended, a named executor renamed (not others)', async () => {
    const from = (await t.system.store.head()).position;
    const post = (token: string, method: string, url: string, body: object) =>
      client(t.app, token)(url, { method, body: JSON.stringify(body) });
    t.setClock('2024-03-01T10:00:00.000Z');
    expect(
      (
        await post(coordinator.token, 'PATCH', `/v1/plans/${SEED_PLAN}/measures/4.3`, {
          term: '2021–2023 годы (ежегодно)',
          reason: 'уточнение срока',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await post(coordinator.token, 'POST', '/v1/executors/smolensk-education-dept/rename', {
          newName: 'Министерство образования и науки Смоленской области',
          effectiveDate: '2024-03-01',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await post(coordinator.token, 'POST', '/v1/executors', {
          executorId: 'unrelated',
          fullName: 'Посторонний',
          party: 'Санкт-Петербург',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await post(coordinator.token, 'POST', '/v1/executors/unrelated/rename', {
          newName: 'Посторонний-2',
          effectiveDate: '2024-03-01',
        })
      ).status,
    ).toBe(201);
    const window = await changes(`fromPosition=${from}`);
    expect(window.changes).toEqual([
      expect.objectContaining({
        kind: 'measure-amended',
        number: '4.3',
        reason: 'уточнение срока',
        changes: [{ field: 'term', before: '2021-2023 годы', after: '2021–2023 годы (ежегодно)' }],
      }),
      expect.objectContaining({
        kind: 'executor-renamed',
        executorId: 'smolensk-education-dept',
        after: 'Министерство образования и науки Смоленской области',
        actor: expect.objectContaining({ keyId: coordinator.keyId }),
      }),
    ]);
  });

  it('refuses a window given twice or reversed, and a plan that does not exist', async () => {
    expect((await read(`${base}/changes?from=${encodeURIComponent(BEFORE)}&fromPosition=3`)).status).toBe(400);
    expect((await read(`${base}/changes?fromPosition=20&toPosition=10`)).status).toBe(400);
    const missing = await read('/v1/plans/no-such-plan/reports/2023/changes');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('plan_not_found');
  });
});
