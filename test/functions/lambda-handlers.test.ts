// The Lambda entry points, bundled the way the stack bundles them (esbuild, ESM,
// minified, AWS SDK inside) and invoked with the events AWS sends, against
// DynamoDB Local: the wiring from environment to handler works.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { runImport } from '../../shared/commands/run-import';
import type { YearlyReportPublished } from '../../shared/domain';
import { newApiKey } from '../../shared/http/api-keys';
import { openCheckpoint, verifierKeyOf } from '../../shared/merkle/checkpoint';
import { localSigner } from '../../shared/merkle/signer';
import { createSystem } from '../../shared/runtime/system';
import { createTestTables, type TestTables } from '../support/dynamo';

const root = path.resolve(__dirname, '../..');
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-'));
let tables: TestTables;
type Handler = (event: unknown, context?: unknown) => Promise<any>;
let token = '';
const handlers: Record<string, Handler> = {};
const SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:000000000000:secret:lambda-test-checkpoint';
const SECRET = 'lambda-test-checkpoint-secret';
const ORIGIN = 'roadmap-ledger.aws/LambdaTest';
let extension: Server;

/** The AWS Parameters and Secrets Lambda Extension's one call the functions make, on localhost. */
function secretsExtension(): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const ok =
      url.pathname === '/secretsmanager/get' &&
      url.searchParams.get('secretId') === SECRET_ARN &&
      request.headers['x-aws-parameters-secrets-token'] === process.env.AWS_SESSION_TOKEN;
    response.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
    response.end(ok ? JSON.stringify({ ARN: SECRET_ARN, SecretString: SECRET }) : '{}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  tables = await createTestTables('lambda');
  process.env.EVENTS_TABLE = tables.names.events;
  process.env.VIEWS_TABLE = tables.names.views;
  process.env.ARTIFACTS_TABLE = tables.names.artifacts;
  process.env.DYNAMODB_ENDPOINT = tables.endpoint;
  process.env.LOG_LEVEL = 'error';
  process.env.PLAN_IDS = 'spb-smolensk-2021-2023, lambda-plan';
  process.env.POWERTOOLS_SERVICE_NAME = 'LambdaTest';
  process.env.PAGES_SESSION_SECRET = 'lambda-test-pages-secret-at-least-32-bytes';
  // The checkpoint signing secret, served as the Parameters and Secrets extension serves it.
  extension = await secretsExtension();
  process.env.CHECKPOINT_SECRET_ARN = SECRET_ARN;
  process.env.CHECKPOINT_ORIGIN = ORIGIN;
  process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String((extension.address() as AddressInfo).port);
  process.env.AWS_SESSION_TOKEN = 'lambda-test-session';
  const seed = JSON.parse(fs.readFileSync(path.join(root, 'shared/demo/seed-2023.json'), 'utf8'));
  const { store } = createSystem(tables.client, tables.names);
  await runImport(store, seed, { actor: { keyId: 'system', role: 'system' }, at: '2024-01-10T09:00:00.000Z' });
  const key = newApiKey();
  const at = new Date().toISOString();
  await executeCommand(
    store,
    {
      type: 'IssueApiKey',
      keyId: key.keyId,
      role: 'auditor',
      label: 'lambda test',
      secretHash: key.secretHash,
      actor: { keyId: 'system', role: 'system' },
      at,
    },
    { commandId: `k-${key.keyId}`, fingerprint: key.keyId, recordedAt: at },
  );
  token = key.token;
  await executeCommand(
    store,
    {
      type: 'CreatePlan',
      planId: 'lambda-plan',
      title: 'План для проверки публикации',
      reportTitle: 'плана для проверки',
      parties: ['Смоленская область'],
      fromYear: 2022,
      toYear: 2024,
      actor: { keyId: 'system', role: 'system' },
      at,
    },
    { commandId: 'lambda-plan', fingerprint: 'lambda-plan', recordedAt: at },
  );
  for (const name of ['api', 'projector', 'yearly-report', 'publication-check']) {
    const outfile = path.join(outDir, `${name}.mjs`);
    await build({
      entryPoints: [path.join(root, 'functions', `${name}.ts`)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      minify: true,
      outfile,
      banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    handlers[name] = ((await import(pathToFileURL(outfile).href)) as { handler: Handler }).handler;
  }
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => extension.close(resolve));
  await tables.drop();
  fs.rmSync(outDir, { recursive: true, force: true });
});

/** The EMF metric lines a call writes to stdout (what CloudWatch turns into metrics). */
async function metricLines<T>(call: () => Promise<T>): Promise<{ out: T; emf: Record<string, any>[] }> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    const out = await call();
    return { out, emf: lines.map((l) => JSON.parse(l)).filter((e) => e._aws) };
  } finally {
    spy.mockRestore();
  }
}

const httpEvent = (method: string, rawPath: string, rawQueryString = '', headers: Record<string, string> = {}) => ({
  version: '2.0',
  routeKey: '$default',
  rawPath,
  rawQueryString,
  headers: { host: 'api.example', 'x-forwarded-proto': 'https', ...headers },
  requestContext: {
    http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
    requestId: 'r1',
    routeKey: '$default',
    stage: '$default',
  },
  isBase64Encoded: false,
});

describe('Lambda handlers, bundled', () => {
  it('the projector catches the views up on a Streams batch, and reports it as metrics', async () => {
    const { out, emf } = await metricLines(() =>
      handlers.projector!({ Records: [{ eventName: 'INSERT', dynamodb: { SequenceNumber: '1', Keys: {} } }] }),
    );
    expect(out).toEqual({ batchItemFailures: [] });
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ service: 'LambdaTest', ProjectorLag: 0 });
    expect(emf[0]!.ProjectorBatch).toBeGreaterThan(50);
  });

  it("the projector takes the schedule's wake, which carries no stream records", async () => {
    const { out, emf } = await metricLines(() => handlers.projector!({ task: 'wake' }));
    expect(out).toEqual({ batchItemFailures: [] });
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ service: 'LambdaTest', ProjectorLag: 0 });
  });

  it('the API answers through API Gateway (HTTP API, payload 2.0)', async () => {
    const health = await handlers.api!(httpEvent('GET', '/health'), {});
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', views: { lag: 0 } });
    const { out: unauthorized, emf } = await metricLines(() => handlers.api!(httpEvent('GET', '/v1/plans'), {}));
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.headers['content-type']).toContain('application/problem+json');
    // API Gateway's request id names the request everywhere, unless the client sent its own.
    expect(unauthorized.headers['x-request-id']).toBe('r1');
    expect(JSON.parse(unauthorized.body).requestId).toBe('r1');
    expect(emf).toEqual([expect.objectContaining({ Refusals: 1, code: 'unauthorized' })]);
    const own = await handlers.api!(httpEvent('GET', '/health', '', { 'x-request-id': 'client-7' }), {});
    expect(own.headers['x-request-id']).toBe('client-7');
  });

  it('the API serves the pages: sign in over HTTPS gives a Secure __Host- session cookie that opens them', async () => {
    const start = await handlers.api!(httpEvent('GET', '/'), {});
    expect(start.statusCode).toBe(303);
    expect(start.headers.location).toBe('/sign-in');
    const form = await handlers.api!(httpEvent('GET', '/sign-in'), {});
    expect(form.statusCode).toBe(200);
    expect(form.headers['content-security-policy']).toContain("script-src 'self'");
    const presign = (form.cookies as string[]).find((c) => c.startsWith('__Host-rl_presign='))!;
    expect(presign).toMatch(/; Secure/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const signIn = {
      ...httpEvent('POST', '/sign-in', '', {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://api.example',
      }),
      cookies: [presign.split(';')[0]!],
      body: new URLSearchParams({ _csrf: csrf, key: token }).toString(),
    };
    const signedIn = await handlers.api!(signIn, {});
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/audit/events');
    const session = (signedIn.cookies as string[]).find((c) => c.startsWith('__Host-rl_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    expect(session).toMatch(/; Secure/);
    const log = await handlers.api!({ ...httpEvent('GET', '/audit/events'), cookies: [session.split(';')[0]!] }, {});
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('Журнал событий');
  });

  it('the API returns the DOCX report base64-encoded, as API Gateway needs binary bodies', async () => {
    const res = await handlers.api!(
      httpEvent('GET', '/v1/plans/spb-smolensk-2021-2023/reports/2023', 'format=docx', {
        authorization: `Bearer ${token}`,
      }),
      {},
    );
    expect(res.statusCode).toBe(200);
    expect(res.isBase64Encoded).toBe(true);
    expect(Buffer.from(res.body, 'base64').subarray(0, 2).toString()).toBe('PK');
    const html = await handlers.api!(
      httpEvent('GET', '/v1/plans/spb-smolensk-2021-2023/reports/2023', 'format=html', {
        authorization: `Bearer ${token}`,
      }),
      {},
    );
    expect(html.isBase64Encoded).toBe(false);
    expect(html.body).toContain('Отчет об исполнении в 2023 году');
  });

  it('the API reads a Word report uploaded base64-encoded, as API Gateway passes multipart bodies', async () => {
    const coordinator = newApiKey();
    const at = new Date().toISOString();
    await executeCommand(
      createSystem(tables.client, tables.names).store,
      {
        type: 'IssueApiKey',
        keyId: coordinator.keyId,
        role: 'coordinator',
        label: 'lambda upload',
        secretHash: coordinator.secretHash,
        actor: { keyId: 'system', role: 'system' },
        at,
      },
      { commandId: `k-${coordinator.keyId}`, fingerprint: coordinator.keyId, recordedAt: at },
    );
    const report = await handlers.api!(
      httpEvent('GET', '/v1/plans/spb-smolensk-2021-2023/reports/2023', 'format=docx', {
        authorization: `Bearer ${token}`,
      }),
      {},
    );
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(report.body, 'base64')]), 'report-2023.docx');
    form.append('dryRun', 'true');
    const multipart = new Response(form);
    const event = {
      ...httpEvent('POST', '/v1/import/docx', '', {
        authorization: `Bearer ${coordinator.token}`,
        'content-type': multipart.headers.get('content-type')!,
      }),
      body: Buffer.from(await multipart.arrayBuffer()).toString('base64'),
      isBase64Encoded: true,
    };
    const res = await handlers.api!(event, {});
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ dryRun: true, planId: 'spb-smolensk-2021-2023', year: 2023 });
    expect(body.changes.entries.present).toHaveLength(24);
  });

  it("the yearly report publishes the joint report and each party's for the previous year of the scheduled time, and times it", async () => {
    const { out, emf } = await metricLines(() =>
      handlers['yearly-report']!({
        planId: 'spb-smolensk-2021-2023',
        year: 'previous',
        eachParty: true,
        scheduledTime: '2024-01-15T03:00:00Z',
      }),
    );
    expect(emf).toHaveLength(1);
    expect(emf[0]!.ReportBuildMs).toBeGreaterThan(0);
    expect(out).toMatchObject({
      year: 2023,
      publications: [
        { party: null, revision: 1 },
        { party: 'Санкт-Петербург', revision: 2 },
        { party: 'Смоленская область', revision: 3 },
      ],
    });
    expect(out.publications[0].artifacts.map((a: { format: string }) => a.format)).toEqual([
      'json',
      'html',
      'docx',
      'csv',
    ]);
    // Each report carries the checkpoint of the log it was built from, signed with the stack's secret.
    const vkey = verifierKeyOf(localSigner(ORIGIN, createHash('sha256').update(SECRET).digest()));
    const { store } = createSystem(tables.client, tables.names);
    const events = await store.readStream('report-spb-smolensk-2021-2023-2023');
    expect(events).toHaveLength(3);
    for (const event of events) {
      const data = event.data as YearlyReportPublished;
      expect(data.checkpoint, `revision ${data.revision}`).toMatchObject({ origin: ORIGIN, size: data.position });
      expect(openCheckpoint(data.checkpoint!.note, vkey).size).toBe(data.position);
    }
    // And the checkpoint recorded after them includes them.
    expect(out.checkpoint.size).toBeGreaterThanOrEqual(events.at(-1)!.position);
  });

  it('the publication check counts the plans whose report is missing', async () => {
    // On 5 February 2024 the 2023 reports are due: the seed plan's was published above.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2024-02-05T06:00:00Z') });
    try {
      const { out, emf } = await metricLines(() => handlers['publication-check']!({}));
      expect(out.statuses).toEqual([
        { planId: 'spb-smolensk-2021-2023', status: 'published', year: 2023, revisions: 3 },
        { planId: 'lambda-plan', status: 'missing', year: 2023, missing: [null, 'Смоленская область'] },
      ]);
      expect(emf).toEqual([expect.objectContaining({ ReportsMissing: 1, service: 'LambdaTest' })]);
    } finally {
      vi.useRealTimers();
    }
  });
});
