// The API function as `cdk deploy` ships it: built by the stack's own split build
// (infra/split-build.mjs), loaded in a fresh Node process with
// the environment Lambda gives it (active tracing, source maps), and sent the events API
// Gateway sends, against DynamoDB Local. What module init reads is checked from the
// build's metafile: the app, zod and the X-Ray SDK come with the first request.
import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitBuild } from '../../infra/split-build.mjs';
import { ensureCoordinatorKey } from '../../scripts/lib/bootstrap';
import { httpApiEvent, staticClosure } from '../../scripts/lib/lambda-bundle';
import { loadSeedFixture } from '../../scripts/lib/seed';
import { runImport } from '../../shared/commands/run-import';
import { createApp } from '../../shared/http/app';
import { catchUp } from '../../shared/projections/projector';
import { silentLogger } from '../../shared/runtime/logger';
import { apiDeps, createSystem } from '../../shared/runtime/system';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { createTestTables, type TestTables } from '../support/dynamo';

const root = path.resolve(__dirname, '../..');
let outDir = '';
const PLAN = 'spb-smolensk-2021-2023';
let tables: TestTables;
let token = '';
let metafile: Metafile;
let daemon: dgram.Socket;
const segments: any[] = [];

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-bundle-'));
  metafile = (await splitBuild({
    entry: path.join(root, 'functions/api.ts'),
    outdir: path.join(outDir, 'out'),
    metafile: true,
  }))!;

  tables = await createTestTables('bundle');
  const system = createSystem(tables.client, tables.names);
  const at = new Date().toISOString();
  await runImport(system.store, loadSeedFixture(), { actor: { keyId: 'system', role: 'system' }, at });
  const key = await ensureCoordinatorKey(system.store, undefined, at);
  token = key.token ?? '';
  await catchUp(system.store, await system.views(), ledgerProjection);

  // Stands in for the X-Ray daemon: what the function's tracer sends over UDP.
  daemon = dgram.createSocket('udp4');
  daemon.on('message', (message) => segments.push(JSON.parse(message.toString().split('\n')[1]!)));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', () => resolve()));
}, 120_000);

afterAll(async () => {
  try {
    daemon?.close();
    await tables?.drop();
  } finally {
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  }
});

const RESULT = 'bundle-result:';
const INVALID_ENTRY = JSON.stringify({
  executorId: 'smolensk-sport-office',
  period: { kind: 'day', date: '2023-02-30' },
  text: 7,
  participants: -3,
});

describe('the API function as deployed (split bundle)', () => {
  it('module init reads neither the app, zod nor the X-Ray SDK', () => {
    const entry = Object.keys(metafile.outputs).find((file) => file.endsWith('/out/index.mjs'));
    expect(entry).toBeDefined();
    const inputs = staticClosure(metafile, entry!).flatMap((file) => Object.keys(metafile.outputs[file]!.inputs));
    expect(inputs.some((input) => input.includes('node_modules/@aws-sdk/client-dynamodb/'))).toBe(true);
    for (const late of ['node_modules/zod/', 'node_modules/aws-xray-sdk-core/', 'shared/commands/', 'shared/http/'])
      expect(inputs.filter((input) => input.includes(late))).toEqual([]);
  });

  it("bundles zod's English locale alone (zod ships some fifty)", () => {
    // Inputs are named relative to the checkout (`../main/node_modules/…` where node_modules is a link).
    const locales = Object.keys(metafile.inputs).filter((input) =>
      /^(\.\.\/)*[^:]*node_modules\/zod\/v4\/locales\//.test(input),
    );
    expect(locales.map((input) => input.slice(input.indexOf('zod/')))).toEqual(['zod/v4/locales/en.js']);
  });

  it('answers a write and a read in a fresh process with Lambda tracing on, and traces the DynamoDB calls', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const events = [
      httpApiEvent(
        {
          method: 'POST',
          path: `/v1/plans/${PLAN}/measures/9.1/executions`,
          headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'bundle-1' },
          body: JSON.stringify({
            executorId: 'smolensk-sport-office',
            period: { kind: 'day', date: '2023-07-01' },
            text: 'Проведено совещание рабочей группы (проверка сборки).',
          }),
        },
        'bundle-write',
      ),
      httpApiEvent({ method: 'GET', path: `/v1/plans/${PLAN}/measures/9.1`, headers: auth }, 'bundle-read'),
      httpApiEvent(
        {
          method: 'POST',
          path: `/v1/plans/${PLAN}/measures/9.1/executions`,
          headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'bundle-2' },
          body: INVALID_ENTRY,
        },
        'bundle-invalid',
      ),
    ];
    const script = [
      `const m = await import(${JSON.stringify(pathToFileURL(path.join(outDir, 'out/index.mjs')).href)});`,
      `const events = ${JSON.stringify(events)};`,
      'const out = [];',
      'for (const [i, event] of events.entries()) {',
      "  const res = await m.handler(event, { awsRequestId: 'req-' + i, functionName: 'Api', getRemainingTimeInMillis: () => 29000 });",
      '  out.push({ status: res.statusCode, body: res.body });',
      '}',
      `process.stdout.write('\\n' + ${JSON.stringify(RESULT)} + JSON.stringify(out) + '\\n');`,
    ].join('\n');
    const { port } = daemon.address();
    // Killed, not left behind, if it ever hangs.
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
      killSignal: 'SIGKILL',
      env: {
        PATH: process.env.PATH,
        NODE_OPTIONS: '--enable-source-maps',
        AWS_REGION: 'eu-central-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        DYNAMODB_ENDPOINT: tables.endpoint,
        EVENTS_TABLE: tables.names.events,
        VIEWS_TABLE: tables.names.views,
        ARTIFACTS_TABLE: tables.names.artifacts,
        LOG_LEVEL: 'error',
        POWERTOOLS_SERVICE_NAME: 'BundleTest',
        PAGES_SESSION_SECRET: 'bundle-test-pages-secret-at-least-32-bytes',
        LAMBDA_TASK_ROOT: '/var/task',
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
        AWS_LAMBDA_FUNCTION_NAME: 'RoadmapLedger-Api',
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        _HANDLER: 'index.handler',
        _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${port}`,
        AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
      },
    });
    const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT));
    if (!line) throw new Error(`the function printed no result: ${child.stderr.slice(-2000)}`);
    const [write, read, invalid] = JSON.parse(line.slice(RESULT.length)) as { status: number; body: string }[];
    expect(write!.status, write!.body).toBe(201);
    expect(read!.status, read!.body).toBe(200);
    expect(JSON.parse(read!.body)).toMatchObject({ number: '9.1' });
    // zod's messages come from its English locale, the only one bundled: the same as the source's.
    const source = await createApp(apiDeps(createSystem(tables.client, tables.names), silentLogger)).request(
      `/v1/plans/${PLAN}/measures/9.1/executions`,
      {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'bundle-3' },
        body: INVALID_ENTRY,
      },
    );
    expect(invalid!.status, invalid!.body).toBe(400);
    const { errors } = JSON.parse(invalid!.body) as { errors: { path: string; message: string }[] };
    expect(errors.length).toBeGreaterThan(1);
    expect(errors).toEqual(((await source.json()) as { errors: unknown }).errors);

    for (let i = 0; i < 50 && !segments.some((s) => s.aws?.operation === 'TransactWriteItems'); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const calls = segments.filter((s) => s.name === 'DynamoDB').map((s) => s.aws?.operation);
    expect(calls).toContain('TransactWriteItems');
    const invocations = segments.filter((s) => s.name === '## index.handler');
    expect(invocations.map((s) => s.annotations?.ColdStart)).toEqual([true, false, false]);
  });
});
