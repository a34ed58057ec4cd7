// The report rebuilt offline from an export (no DynamoDB) is byte-identical to the
// live one at the same position — replayed as of that position, or from the views
// when they stand there — and to the published artifacts; a tampered artifact, a
// tampered export or a rewritten history fails the publication check.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPublication, loadExport, openExportFile, renderReportAt } from '../../shared/audit';
import { catchUp } from '../../shared/projections/projector';
import { REPORT_FORMATS, type ReportFormat } from '../../shared/report/model';
import { type Publication, publishReport } from '../../shared/report/publish';
import type { MemoryEventStore } from '../../shared/store/memory-event-store';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import {
  type AuditSystem,
  auditSystem,
  client,
  importSeed,
  issueKey,
  runAuditCli,
  SEED_AT,
  SEED_PLAN,
  tempDir,
} from './support/system';
import { alterOneByte, joinLines, linesOf, rewriteHistory } from './support/tamper';

const OFFLINE = { DYNAMODB_ENDPOINT: 'http://127.0.0.1:9', AWS_REGION: 'nowhere-1' };
const base = `/v1/plans/${SEED_PLAN}/reports/2023`;

let t: AuditSystem;
let read: ReturnType<typeof client>;
let dir: string;
let exportPath: string;
let lines: string[];
let offline: MemoryEventStore;
let publication: Publication;
let published: Record<ReportFormat, Uint8Array>;

const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());
const write = (name: string, content: string | Uint8Array) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};
const checkArgs = (file: string) => [
  'report',
  '--file',
  file,
  '--plan',
  SEED_PLAN,
  '--year',
  '2023',
  '--check-publication',
  '1',
];

beforeAll(async () => {
  t = await auditSystem('report');
  dir = tempDir();
  await importSeed(t.system.store);
  const agency = await issueKey(t.system.store, 'agency', SEED_AT, 'smolensk-education-dept');
  read = client(t.app, (await issueKey(t.system.store, 'auditor', SEED_AT)).token);
  const correct = async (at: string, text: string) => {
    t.setClock(at);
    const url = `/v1/plans/${SEED_PLAN}/measures/4.3/executions/2023-4.3-01/corrections`;
    const res = await client(t.app, agency.token)(url, {
      method: 'POST',
      body: JSON.stringify({ text, reason: 'Уточнение' }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  };
  await correct('2024-03-01T10:00:00.000Z', 'Первая редакция записи.');
  publication = await publishReport(t.system.store, t.system.artifacts, {
    planId: SEED_PLAN,
    year: 2023,
    trigger: 'on-demand',
    actor: { keyId: 'on-demand', role: 'system' },
    at: '2024-03-02T00:00:00.000Z',
  });
  await correct('2024-03-10T10:00:00.000Z', 'Вторая редакция записи, после публикации.');
  published = {} as Record<ReportFormat, Uint8Array>;
  for (const a of publication.artifacts) published[a.format] = (await t.system.artifacts.get(a.key))!.body;

  const res = await read('/v1/events/export');
  exportPath = write('export.ndjson', await res.text());
  lines = linesOf(fs.readFileSync(exportPath, 'utf8'));
  const loaded = await loadExport(openExportFile(exportPath).lines);
  expect(loaded.verdict.ok).toBe(true);
  offline = loaded.store;
});

afterAll(async () => {
  await t.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the offline report', () => {
  it('is byte-identical to the live report as of the same position, in every format', async () => {
    const P = publication.position;
    expect(P).toBeLessThan((await t.system.store.head()).position - 1);
    for (const format of REPORT_FORMATS) {
      const { rendered } = await renderReportAt(offline, { planId: SEED_PLAN, year: 2023, position: P, format });
      const live = await read(`${base}?format=${format}&asOfPosition=${P}`);
      expect(live.headers.get('x-position')).toBe(String(P));
      expect((await bytes(live)).equals(Buffer.from(rendered.body)), format).toBe(true);
    }
  });

  it('is byte-identical to the live report from the views when they stand at that position', async () => {
    const P = publication.position;
    const result = await catchUp(t.system.store, await t.system.views(), ledgerProjection, { toPosition: P });
    expect(result.checkpoint.position).toBe(P);
    const live = await read(`${base}?format=docx`);
    expect(live.headers.get('x-position')).toBe(String(P));
    const { rendered } = await renderReportAt(offline, { planId: SEED_PLAN, year: 2023, position: P, format: 'docx' });
    expect((await bytes(live)).equals(Buffer.from(rendered.body))).toBe(true);
  });

  it('comes out of the CLI from the export alone, the same bytes as the API serves', async () => {
    const out = path.join(dir, 'offline.docx');
    const cli = await runAuditCli(
      [
        'report',
        '--file',
        exportPath,
        '--plan',
        SEED_PLAN,
        '--year',
        '2023',
        '--format',
        'docx',
        '--position',
        String(publication.position),
        '--out',
        out,
      ],
      OFFLINE,
    );
    expect(cli.code, cli.stderr).toBe(0);
    const live = await bytes(await read(`${base}?format=docx&asOfPosition=${publication.position}`));
    expect(fs.readFileSync(out).equals(live)).toBe(true);
  });
});

describe('checking a publication against the export', () => {
  it('passes: the chain hash at the recorded position and every format hash match, and so do the published files', async () => {
    const check = await checkPublication(offline, { planId: SEED_PLAN, year: 2023, revision: 1, artifacts: published });
    expect(check).toMatchObject({
      ok: true,
      chainOk: true,
      position: publication.position,
      recordedChainHash: publication.chainHash,
    });
    expect(check.formats.map((f) => [f.format, f.ok, f.supplied?.ok])).toEqual(
      REPORT_FORMATS.map((f) => [f, true, true]),
    );
    const args = [
      ...checkArgs(exportPath),
      ...REPORT_FORMATS.flatMap((f) => ['--artifact', write(`published.${f}`, published[f])]),
    ];
    const cli = await runAuditCli(args, OFFLINE);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('verdict: REPRODUCED');
  });

  it('fails for a tampered published file, naming its format', async () => {
    const html = Buffer.from(published.html);
    const at = html.indexOf('</table>') - 10;
    html[at] = html[at]! ^ 0x01;
    const check = await checkPublication(offline, {
      planId: SEED_PLAN,
      year: 2023,
      revision: 1,
      artifacts: { ...published, html },
    });
    expect(check.ok).toBe(false);
    expect(check.formats.filter((f) => f.supplied?.ok === false).map((f) => f.format)).toEqual(['html']);
    const cli = await runAuditCli([...checkArgs(exportPath), '--artifact', write('tampered.html', html)], OFFLINE);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/MISMATCH html supplied file sha256/);
    expect(cli.stdout).toContain('verdict: NOT REPRODUCED — html differ');
  });

  it('refuses to build from an export with one byte altered, naming the position', async () => {
    const at = lines.findIndex((line) => line.includes('"type":"ExecutionReported"')) + 1;
    const file = write('altered.ndjson', joinLines(lines.map((line, i) => (i + 1 === at ? alterOneByte(line) : line))));
    const cli = await runAuditCli(checkArgs(file), OFFLINE);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`hash_mismatch at position ${at}`);
    expect(cli.stderr).toContain('refusing to build a report from an export that does not verify');
  });

  it('fails for a rewritten history that was re-chained to verify on its own', async () => {
    const at = lines.findIndex((line) => line.includes('"type":"ExecutionReported"')) + 1;
    const forged = rewriteHistory(lines, at, (text) => `${text} (дописано)`);
    const loaded = await loadExport(
      (async function* () {
        yield* forged;
      })(),
    );
    expect(loaded.verdict.ok).toBe(true);
    expect(loaded.verdict.ok && loaded.verdict.headHash).not.toBe((await t.system.store.head()).hash);
    const check = await checkPublication(loaded.store, { planId: SEED_PLAN, year: 2023, revision: 1 });
    expect(check.chainOk).toBe(false);
    expect(check.formats.every((f) => !f.ok)).toBe(true);
    const cli = await runAuditCli(checkArgs(write('forged.ndjson', joinLines(forged))), OFFLINE);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('verdict: NOT REPRODUCED — chain hash, json, html, docx, csv differ');
  });
});
