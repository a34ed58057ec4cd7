// POST /v1/import/docx: a Word report uploaded as multipart/form-data, against
// DynamoDB Local. A dry run writes nothing; the import goes through the command path
// and a second one changes nothing; a bad upload gets a problem document, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DOCX_BODY_BYTES } from '../../shared/http/routes/import-docx';
import { seedReportDocx } from '../import/support';
import { type Harness, harness } from './support';

let h: Harness;
let coordinator: string;
let report: Uint8Array;

beforeAll(async () => {
  h = await harness('http-import-docx');
  coordinator = await h.key('coordinator');
  report = await seedReportDocx();
});
afterAll(() => h.close());

function upload(token: string | null, fields: Record<string, string | string[] | Uint8Array>): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value instanceof Uint8Array) form.append(name, new Blob([value]), 'report.docx');
    else for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
  }
  return Promise.resolve(
    h.app.request('/v1/import/docx', {
      method: 'POST',
      body: form,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    }),
  );
}

const head = async () => (await h.system.store.head()).position;

describe('POST /v1/import/docx', () => {
  it('dry run: the import document and what it would change, nothing written', async () => {
    const before = await head();
    const res = await upload(coordinator, { file: report, dryRun: 'true' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ dryRun: true, year: 2023, document: { format: 'roadmap-ledger/import@1' } });
    expect(body.changes.entries.new).toHaveLength(24);
    expect(body.changes.executors.new).toHaveLength(11);
    expect(body.result).toBeUndefined();
    expect(await head()).toBe(before);
  });

  it('imports the rendered 2023 report into an empty ledger; the report read back holds its 24 entries; again, nothing changes', async () => {
    const res = await upload(coordinator, { file: report, plan: 'spb-smolensk-2021-2023' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.result).toMatchObject({ refused: [], unchanged: 0 });
    expect(res.headers.get('x-position')).toBe(String(body.result.lastPosition));
    await h.project();
    const rebuilt = (await (
      await h.call('GET', '/v1/plans/spb-smolensk-2021-2023/reports/2023', coordinator)
    ).json()) as any;
    expect(rebuilt.sections.flatMap((s: any) => s.measures.flatMap((m: any) => m.entries))).toHaveLength(24);
    expect(rebuilt.footnotes.map((f: any) => f.text)).toEqual([
      'ликвидировано с 14.03.2022 года, создан АНО «Центр развития туризма Смоленской области»',
    ]);
    const before = await head();
    const again = (await (await upload(coordinator, { file: report })).json()) as any;
    expect(again.planId).toBe('spb-smolensk-2021-2023');
    expect(again.result).toMatchObject({ applied: 0, refused: [] });
    expect(again.changes.entries.present).toHaveLength(24);
    expect(await head()).toBe(before);
  });

  it('answers a file that is not a report with 400 and a code', async () => {
    const text = await upload(coordinator, { file: new TextEncoder().encode('Отчет об исполнении') });
    expect(text.status).toBe(400);
    expect(text.headers.get('content-type')).toContain('application/problem+json');
    expect(await text.json()).toMatchObject({
      status: 400,
      code: 'not_a_docx',
      detail: expect.stringContaining('not a Word document'),
    });
  });

  it('answers a missing file, a bad field or a broken body with 400, naming the field', async () => {
    const missing = await upload(coordinator, { plan: 'x' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'file' }] });
    const dry = await upload(coordinator, { file: report, dryRun: 'maybe' });
    expect(await dry.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'dryRun' }] });
    const map = await upload(coordinator, { file: report, map: ['Главное управление=nobody'] });
    expect(await map.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'map[0]' }] });
    const broken = await h.app.request('/v1/import/docx', {
      method: 'POST',
      body: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nno closing boundary',
      headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'multipart/form-data; boundary=x' },
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 'malformed_request' });
  });

  it('415 for JSON, 413 past the limit, 401 without a key, 403 for an agency or auditor', async () => {
    const json = await h.call('POST', '/v1/import/docx', coordinator, { file: 'x' });
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({
      code: 'unsupported_media_type',
      detail: expect.stringContaining('multipart/form-data'),
    });
    const elsewhere = await h.app.request('/v1/import', {
      method: 'POST',
      body: new FormData(),
      headers: { authorization: `Bearer ${coordinator}` },
    });
    expect(elsewhere.status).toBe(415);
    const huge = await upload(coordinator, { file: new Uint8Array(MAX_DOCX_BODY_BYTES + 1) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'body_too_large', limit: MAX_DOCX_BODY_BYTES });
    expect((await upload(null, { file: report })).status).toBe(401);
    expect(
      (await upload(await h.key('agency', 'glavnoe-upravlenie-sporta-smolenskoy-oblasti'), { file: report })).status,
    ).toBe(403);
    expect((await upload(await h.key('auditor'), { file: report })).status).toBe(403);
  });
});

describe('the API reference', () => {
  it('documents the upload as multipart/form-data with a binary file field', async () => {
    const doc = (await (await h.call('GET', '/openapi.json', null)).json()) as any;
    const body = doc.paths['/v1/import/docx'].post.requestBody.content['multipart/form-data'].schema;
    expect(body).toMatchObject({ required: ['file'], properties: { file: { type: 'string', format: 'binary' } } });
  });
});
