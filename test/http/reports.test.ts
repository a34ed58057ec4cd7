// The yearly report through the API, and its publications.

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Publication } from '../../shared/report/publish';
import { runYearlyReport } from '../../shared/report/yearly-report-job';
import { silentLogger } from '../../shared/runtime/logger';
import { type Harness, harness, importSeed, PLAN } from './support';

let h: Harness;
let auditor: string;
let coordinator: string;
const R = `/v1/plans/${PLAN}/reports/2023`;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

beforeAll(async () => {
  h = await harness('http-report');
  await importSeed(h);
  auditor = await h.key('auditor');
  coordinator = await h.key('coordinator');
  await h.project();
});
afterAll(() => h.close());

describe('the live report', () => {
  it('comes as JSON by default, with the position it reflects', async () => {
    const res = await h.call('GET', R, auditor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const model = (await res.json()) as { heading: string; position: number; footnotes: { text: string }[] };
    expect(model.heading).toMatch(/^Отчет об исполнении в 2023 году Плана мероприятий/);
    expect(res.headers.get('x-position')).toBe(String(model.position));
    expect(model.footnotes[0]!.text).toContain('ликвидировано с 14.03.2022 года');
  });

  it('comes as HTML, CSV and DOCX by ?format= or by Accept', async () => {
    const html = await h.call('GET', `${R}?format=html`, auditor);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('9-13 мая 2023 года на стадионе Спортивного Клуба Армии');
    const csv = await h.call('GET', R, auditor, undefined, { accept: 'text/csv' });
    const csvBytes = await bytes(csv);
    expect([...csvBytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(Buffer.from(csvBytes).toString('utf8')).toContain('Турбизнес Смоленск');
    const docx = await h.call('GET', R, auditor, undefined, {
      accept: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    expect(docx.headers.get('content-disposition')).toContain(`report-${PLAN}-2023.docx`);
    expect(
      Buffer.from(await bytes(docx))
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    expect((await h.call('GET', R, auditor, undefined, { accept: 'image/png' })).status).toBe(406);
  });

  it('adds measures without information in an appendix when asked', async () => {
    await h.call('POST', `/v1/plans/${PLAN}/measures`, coordinator, {
      number: '12.7',
      sectionNumber: '12',
      title: 'Молодежные обмены',
      term: '2021-2023 годы',
      fromYear: 2021,
      toYear: 2023,
      executors: [{ executorId: 'smolensk-youth-office' }],
    });
    await h.project();
    const plain = (await (await h.call('GET', R, auditor)).json()) as {
      appendix: unknown;
      sections: { measures: { number: string }[] }[];
    };
    expect(plain.appendix).toBeNull();
    expect(plain.sections.flatMap((s) => s.measures.map((m) => m.number))).not.toContain('12.7');
    const withAppendix = (await (await h.call('GET', `${R}?appendix=true`, auditor)).json()) as {
      appendix: { title: string; sections: { measures: { number: string }[] }[] };
    };
    expect(withAppendix.appendix.sections.flatMap((s) => s.measures.map((m) => m.number))).toEqual(['12.7']);
  });

  it('is byte-identical when built twice at the same position, live or replayed', async () => {
    const live = await h.call('GET', `${R}?format=docx`, auditor);
    const position = live.headers.get('x-position');
    const again = await h.call('GET', `${R}?format=docx`, auditor);
    const replayed = await h.call('GET', `${R}?format=docx&asOfPosition=${position}`, auditor);
    const a = await bytes(live);
    expect(sha(await bytes(again))).toBe(sha(a));
    expect(sha(await bytes(replayed))).toBe(sha(a));
  });
});

describe('publication', () => {
  it('publishes every format, lists revisions and serves each file byte-identical to its recorded hash', async () => {
    const deps = { store: h.system.store, artifacts: h.system.artifacts, logger: silentLogger, now: () => new Date() };
    const [first] = (await runYearlyReport(deps, { planId: PLAN, year: 2023 })) as [Publication];
    expect(first.party).toBeNull();
    expect(first.revision).toBe(1);
    expect(first.artifacts.map((a) => a.format)).toEqual(['json', 'html', 'docx', 'csv']);
    const list = (await (await h.call('GET', `${R}/published`, auditor)).json()) as {
      revisions: { revision: number; position: number; chainHash: string }[];
    };
    expect(list.revisions).toHaveLength(1);
    const recordedHead = (await h.system.store.readAll({ fromPosition: first.position, toPosition: first.position }))
      .events[0]!;
    expect(list.revisions[0]).toMatchObject({ revision: 1, position: first.position, chainHash: recordedHead.hash });
    for (const artifact of first.artifacts) {
      const res = await h.call('GET', `${R}/published/1?format=${artifact.format}`, auditor);
      expect(res.status).toBe(200);
      expect(sha(await bytes(res))).toBe(artifact.sha256);
    }
    const liveAtSamePosition = await h.call('GET', `${R}?format=docx&asOfPosition=${first.position}`, auditor);
    expect(sha(await bytes(liveAtSamePosition))).toBe(first.artifacts.find((a) => a.format === 'docx')!.sha256);
    expect((await h.call('GET', `${R}/published/9`, auditor)).status).toBe(404);
  });

  it('makes a new revision when published again, and a retried scheduled run returns the first', async () => {
    const deps = { store: h.system.store, artifacts: h.system.artifacts, logger: silentLogger, now: () => new Date() };
    const scheduled = { planId: PLAN, year: 'previous', scheduledTime: '2024-01-15T03:00:00Z' };
    const [run] = (await runYearlyReport(deps, scheduled)) as [Publication];
    const [retry] = (await runYearlyReport(deps, scheduled)) as [Publication];
    expect(run.year).toBe(2023);
    expect(run.trigger).toBe('schedule');
    expect(retry.revision).toBe(run.revision);
    const list = (await (await h.call('GET', `${R}/published`, auditor)).json()) as { revisions: unknown[] };
    expect(list.revisions).toHaveLength(run.revision);
    await expect(runYearlyReport(deps, { planId: PLAN })).rejects.toMatchObject({ status: 400 });
  });
});
