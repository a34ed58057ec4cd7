// An auditor key reads everything an audit needs and writes nothing: every write
// route of the app (taken from the app itself, so a new one cannot slip past) answers
// 403 forbidden_role to it, with a body that a coordinator's key gets through.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, docx, HEADER_ROW, p, tbl, tr } from '../import/docx-xml';
import {
  type AuditSystem,
  auditSystem,
  client,
  importSeed,
  issueKey,
  ROOT,
  SEED_AT,
  SEED_PLAN,
} from './support/system';

const PROBE = 'audit-probe';
const executions = `/v1/plans/${PROBE}/measures/1.1/executions`;

let t: AuditSystem;
let auditor: ReturnType<typeof client>;
let coordinator: ReturnType<typeof client>;
let spareKeyId: string;

/** One valid request per write route, in an order a coordinator can replay. */
const writes = (): [route: string, url: string, body: unknown][] => [
  [
    'POST /v1/executors',
    '/v1/executors',
    { executorId: PROBE, fullName: 'Проверочное учреждение', party: 'Смоленская область' },
  ],
  [
    'POST /v1/executors/{id}/rename',
    `/v1/executors/${PROBE}/rename`,
    { newName: 'Переименованное учреждение', effectiveDate: '2023-06-01' },
  ],
  [
    'POST /v1/plans',
    '/v1/plans',
    {
      planId: PROBE,
      title: 'Проверочный план',
      reportTitle: 'проверочного плана',
      parties: ['Санкт-Петербург'],
      fromYear: 2023,
      toYear: 2024,
    },
  ],
  ['POST /v1/plans/{planId}/sections', `/v1/plans/${PROBE}/sections`, { number: '1', title: 'Раздел' }],
  [
    'POST /v1/plans/{planId}/measures',
    `/v1/plans/${PROBE}/measures`,
    {
      number: '1.1',
      sectionNumber: '1',
      title: 'Мероприятие',
      term: '2023 год',
      fromYear: 2023,
      toYear: 2023,
      executors: [{ executorId: PROBE }],
    },
  ],
  [
    'PATCH /v1/plans/{planId}/measures/{number}',
    `/v1/plans/${PROBE}/measures/1.1`,
    { title: 'Мероприятие (уточнено)' },
  ],
  [
    'POST /v1/plans/{planId}/measures/{number}/executions',
    executions,
    { reportId: 'probe-1', executorId: PROBE, period: { kind: 'month', year: 2023, month: 7 }, text: 'Проведено.' },
  ],
  [
    'POST /v1/plans/{planId}/measures/{number}/executions/{reportId}/corrections',
    `${executions}/probe-1/corrections`,
    { text: 'Проведено дважды.', reason: 'Уточнение' },
  ],
  [
    'POST /v1/plans/{planId}/measures/{number}/executions/{reportId}/withdrawal',
    `${executions}/probe-1/withdrawal`,
    { reason: 'Ошибка' },
  ],
  ['POST /v1/executors/{id}/liquidate', `/v1/executors/${PROBE}/liquidate`, { effectiveDate: '2024-01-01' }],
  ['POST /v1/keys', '/v1/keys', { role: 'auditor', label: 'ещё один аудитор' }],
  ['POST /v1/keys/{keyId}/revoke', `/v1/keys/${spareKeyId}/revoke`, { reason: 'не нужен' }],
  ['POST /v1/import', '/v1/import', JSON.parse(fs.readFileSync(path.join(ROOT, 'shared/demo/seed-2023.json'), 'utf8'))],
  ['POST /v1/import/docx', '/v1/import/docx', wordReport()],
];

/** A one-measure Word report as a multipart upload (a dry run: the coordinator's answer is 200, nothing written). */
function wordReport(): FormData {
  const file = docx(
    p('Отчет об исполнении в 2023 году Плана между Санкт-Петербургом и Смоленской областью на 2023 год') +
      tbl(
        HEADER_ROW,
        tr(cell('1. В области проверки')),
        tr(
          cell('1.1.'),
          cell('Мероприятие'),
          cell('2023 год'),
          cell('Проверочное учреждение'),
          cell('В июле 2023 года проведено.'),
        ),
      ),
  );
  const form = new FormData();
  form.append('file', new Blob([file]), 'report.docx');
  form.append('dryRun', 'true');
  return form;
}

/** Every route of the app that is not a read, from the OpenAPI document and from the router. */
function writeRoutes(): string[] {
  const doc = t.app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'ledger', version: '1' } });
  const documented = Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
    Object.keys(item ?? {})
      .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${p}`),
  );
  // The API's routes; the pages (forms, not API) have their own role tests under test/pages.
  const routed = t.app.routes
    .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.path.startsWith('/v1/'))
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  return [...new Set([...documented, ...routed])].sort();
}

beforeAll(async () => {
  t = await auditSystem('access');
  await importSeed(t.system.store);
  auditor = client(t.app, (await issueKey(t.system.store, 'auditor', SEED_AT)).token);
  coordinator = client(t.app, (await issueKey(t.system.store, 'coordinator', SEED_AT)).token);
  spareKeyId = (await issueKey(t.system.store, 'agency', SEED_AT, 'smolensk-education-dept')).keyId;
});

afterAll(() => t.drop());

describe('an auditor key', () => {
  it('reads the log, its export, a stream, the verification, the changes, and every as-of view', async () => {
    const P = (await t.system.store.head()).position;
    const reads = [
      '/v1/events?from=1&limit=10',
      '/v1/events/export?from=1&to=10',
      `/v1/streams/plan-${SEED_PLAN}/events`,
      '/v1/audit/verify',
      `/v1/plans/${SEED_PLAN}/reports/2023/changes?toPosition=${P}`,
      `/v1/plans/${SEED_PLAN}/reports/2023?format=json&asOfPosition=${P}`,
      `/v1/plans/${SEED_PLAN}/reports/2023?format=docx&asOf=2030-01-01T00:00:00Z`,
      `/v1/plans/${SEED_PLAN}/reports/2023/published`,
      `/v1/plans/${SEED_PLAN}?asOfPosition=${P}`,
      `/v1/plans/${SEED_PLAN}/measures/2.1?asOfPosition=${P}`,
      `/v1/executors?asOfPosition=${P}`,
    ];
    for (const url of reads) expect((await auditor(url)).status, url).toBe(200);
    expect(((await (await auditor('/v1/audit/verify')).json()) as { ok: boolean }).ok).toBe(true);
    for (const url of reads.slice(0, 5)) expect((await t.app.request(url)).status, `${url} without a key`).toBe(401);
  });

  it('gets 403 forbidden_role on every write route, and nothing is written', async () => {
    const table = writes();
    expect(table.map(([route]) => route).sort()).toEqual(writeRoutes());
    for (const [route, url, body] of table) {
      const method = route.slice(0, route.indexOf(' '));
      const head = await t.system.store.head();
      const payload = body instanceof FormData ? body : JSON.stringify(body);
      const res = await auditor(url, { method, body: payload });
      expect(res.status, route).toBe(403);
      expect(((await res.json()) as { code: string }).code, route).toBe('forbidden_role');
      expect(await t.system.store.head(), `${route} wrote nothing`).toEqual(head);
      // The same request from a coordinator goes through: the 403 is the role, not the body.
      const ok = await coordinator(url, { method, body: payload });
      expect(ok.status, `${route} as coordinator: ${await ok.clone().text()}`).toBeLessThan(300);
    }
  });
});
