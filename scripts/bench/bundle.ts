// The API Lambda as the stack bundles it (infra/constructs/ledger-function.ts: ESM,
// node24, minified, AWS SDK bundled, split into chunks), against a bundle of bare Hono and
// the DynamoDB client built the same way: sizes, the largest parts, module init time, and
// init plus a first request (a read and a write against DynamoDB Local, against bare init
// plus one raw GetItem), each measured in a fresh Node process with the options Lambda gives it.
// BENCH_API_ENTRY=<file> measures another entry the same way (e.g. an earlier functions/api.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Metafile } from 'esbuild';
import { splitBuild } from '../../infra/split-build.mjs';
import { runImport } from '../../shared/commands/run-import';
import { tableNames } from '../../shared/config/tables';
import { ROUTE_MANIFEST } from '../../shared/http/route-manifest';
import { routeTable } from '../../shared/http/route-table';
import { catchUp } from '../../shared/projections/projector';
import { createSystem } from '../../shared/runtime/system';
import { ensureTables } from '../../shared/store/tables-admin';
import { ledgerProjection } from '../../shared/views/ledger-projection';
import { ensureCoordinatorKey } from '../lib/bootstrap';
import { httpApiEvent, type HttpRequest as Request, staticClosure } from '../lib/lambda-bundle';
import { loadSeedFixture } from '../lib/seed';
import { heading, percentile, record, say } from './report';
import { targets } from './write-path';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Bundles into `outdir/index.mjs` plus the chunks it imports (statically or on first use), as the stack does (infra/split-build.mjs). */
async function bundle(entry: string | { contents: string }, outdir: string): Promise<Metafile> {
  // The baseline is a file too, so that it is split the same way; its packages resolve from here.
  const file = typeof entry === 'string' ? entry : path.join(outdir, '..', 'baseline-entry.ts');
  if (typeof entry !== 'string') fs.writeFileSync(file, entry.contents);
  const metafile = await splitBuild({
    entry: file,
    outdir,
    metafile: true,
    nodePaths: [path.join(ROOT, 'node_modules')],
  });
  if (!metafile) throw new Error('esbuild returned no metafile');
  return metafile;
}

const ENV = {
  EVENTS_TABLE: 'bench-events',
  VIEWS_TABLE: 'bench-views',
  ARTIFACTS_TABLE: 'bench-artifacts',
  AWS_REGION: 'eu-central-1',
  POWERTOOLS_SERVICE_NAME: 'bench',
  LOG_LEVEL: 'error',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

const BASELINE = {
  contents: [
    "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
    "import { Hono } from 'hono';",
    "import { handle } from 'hono/aws-lambda';",
    "const client = new DynamoDBClient(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {});",
    "const app = new Hono().get('/', async (c) => {",
    "  const out = await client.send(new GetItemCommand({ TableName: process.env.EVENTS_TABLE, Key: { pk: { S: 'head' }, sk: { N: '0' } }, ConsistentRead: true }));",
    '  return c.json({ found: out.Item !== undefined });',
    '});',
    'export const handler = handle(app);',
  ].join('\n'),
};

const RESULT = 'bench-result:';

/**
 * In a fresh Node process: the wall time of importing a bundle (what a cold start pays for
 * the module) and, with a request, of importing it and answering that one event.
 */
function coldRun(file: string, nodeOptions: string, request?: Request, env: Record<string, string> = {}) {
  const event = request ? JSON.stringify(httpApiEvent(request, `bench-${Math.random().toString(36).slice(2)}`)) : '';
  const script = [
    `const RESULT = ${JSON.stringify(RESULT)};`,
    'const t = performance.now();',
    `const m = await import(${JSON.stringify(`file://${file}`)});`,
    'const init = performance.now() - t;',
    request
      ? `const res = await m.handler(${event}, { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 30000 });`
      : 'const res = { statusCode: 0 };',
    // The function logs and flushes metrics to stdout too: the figures go on a line of their own.
    "process.stdout.write('\\n' + RESULT + JSON.stringify({ init, total: performance.now() - t, status: res.statusCode }) + '\\n');",
  ].join('\n');
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...ENV, ...env, NODE_OPTIONS: nodeOptions },
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`running ${file} failed: ${out.stderr}`);
  const line = out.stdout.split('\n').find((l) => l.startsWith(RESULT));
  if (!line) throw new Error(`running ${file} printed no result: ${out.stdout.slice(-500)}`);
  return JSON.parse(line.slice(RESULT.length)) as { init: number; total: number; status: number };
}

/**
 * The two bundles run in turns, A then B, `runs` times: on a shared machine both see the
 * same load, and the median of the pairs' ratios says more than a ratio of medians.
 */
function paired(runs: number, a: () => number, b: () => number) {
  const pairs: { a: number; b: number }[] = [];
  for (let i = 0; i < runs; i++) pairs.push({ a: a(), b: b() });
  const median = (values: number[]) => percentile(values, 50);
  return {
    api: median(pairs.map((p) => p.a)),
    base: median(pairs.map((p) => p.b)),
    ratio: median(pairs.map((p) => p.a / p.b)),
  };
}

function largestParts(metafile: Metafile, outputs: string[], count: number) {
  const byPackage = new Map<string, number>();
  for (const output of outputs) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[output]?.inputs ?? {})) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const name = match ? match[1]! : input.startsWith('shared/') ? 'shared/ (this project)' : input;
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const describe = (parts: [string, number][]) => parts.map(([name, bytes]) => `${name} ${kb(bytes)}`).join(', ');

export interface ColdTarget {
  endpoint: string;
  tables: { events: string; views: string; artifacts: string };
  token: string;
  read: Request;
  write: (i: number) => Request;
}

/** Seeded tables, a coordinator key, and the read and the write each fresh process sends once. */
export async function coldTarget(client: DynamoDBClient, endpoint: string): Promise<ColdTarget> {
  const tables = tableNames('bench-cold');
  await ensureTables(client, tables);
  const system = createSystem(client, tables);
  const at = new Date().toISOString();
  await runImport(system.store, loadSeedFixture(), { actor: { keyId: 'system', role: 'system' }, at });
  const { token } = await ensureCoordinatorKey(system.store, undefined, at);
  if (!token) throw new Error('the bench needs a fresh coordinator key');
  await catchUp(system.store, await system.views(), ledgerProjection);
  const plan = 'spb-smolensk-2021-2023';
  const [target] = targets();
  if (!target) throw new Error('the seed has no measure to write to');
  const auth = { authorization: `Bearer ${token}` };
  return {
    endpoint,
    tables,
    token,
    read: { method: 'GET', path: `/v1/plans/${plan}/measures/${target.number}`, headers: auth },
    write: (i) => ({
      method: 'POST',
      path: `/v1/plans/${plan}/measures/${target.number}/executions`,
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': `bench-cold-${i}` },
      body: JSON.stringify({
        executorId: target.executorId,
        period: { kind: 'day', date: '2023-07-01' },
        text: `Проведено совещание рабочей группы (холодный старт ${i}).`,
      }),
    }),
  };
}

export async function bundleBenchmarks(runs = 15, cold?: ColdTarget) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bundle-'));
  try {
    const apiDir = path.join(dir, 'api');
    const baseDir = path.join(dir, 'baseline');
    const apiMeta = await bundle(path.join(ROOT, process.env.BENCH_API_ENTRY ?? 'functions/api.ts'), apiDir);
    const baseMeta = await bundle(BASELINE, baseDir);
    const apiOut = path.join(apiDir, 'index.mjs');
    const baseOut = path.join(baseDir, 'index.mjs');
    const code = (meta: Metafile) => Object.keys(meta.outputs).filter((file) => file.endsWith('.mjs'));
    const bytes = (meta: Metafile, files: string[]) => files.reduce((sum, f) => sum + (meta.outputs[f]?.bytes ?? 0), 0);
    const entry = path.relative(process.cwd(), apiOut);
    const atInit = staticClosure(apiMeta, entry);
    const all = code(apiMeta);
    // What a first request adds: the app's chunk, its area's (named after the route file) and the tracer's.
    const firstRequestAdds = (request: Request | undefined) => {
      const route =
        request && routeTable(ROUTE_MANIFEST).find((r) => r.method === request.method && r.pattern.test(request.path));
      const area = route && ROUTE_MANIFEST.find((r) => r.path === route.path && r.method === route.method)?.area;
      const file = area?.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      // The tracer (with the X-Ray SDK) is loaded by the first invocation too (functions/lib/observability.ts).
      const roots = all.filter(
        (f) =>
          /\/api-app-[^/]+\.mjs$/.test(f) ||
          (file !== undefined && new RegExp(`/${file}-[^/]+\\.mjs$`).test(f)) ||
          apiMeta.outputs[f]?.entryPoint?.includes('@aws-lambda-powertools/tracer'),
      );
      return [...new Set(roots.flatMap((f) => staticClosure(apiMeta, f)))].filter((f) => !atInit.includes(f));
    };
    const parts = Number(process.env.BENCH_PARTS ?? 6);
    heading('API function bundle and cold start');
    record(
      'apiBundleKb',
      'API bundle size, all chunks',
      bytes(apiMeta, all) / 1024,
      'KB',
      `${all.length} files; bare Hono + DynamoDB client: ${kb(bytes(baseMeta, code(baseMeta)))}`,
    );
    record(
      'apiInitKb',
      'API code read at module init',
      bytes(apiMeta, atInit) / 1024,
      'KB',
      describe(largestParts(apiMeta, atInit, parts)),
    );
    for (const [key, what, request] of [
      ['apiFirstReadKb', 'API code added by a first read', cold?.read],
      ['apiFirstWriteKb', 'API code added by a first write', cold?.write(0)],
    ] as const) {
      const added = firstRequestAdds(request);
      record(key, what, bytes(apiMeta, added) / 1024, 'KB', describe(largestParts(apiMeta, added, parts)));
    }
    const parts0 = largestParts(apiMeta, all, parts);
    record('apiBundleLargestKb', 'API bundle, largest part', (parts0[0]?.[1] ?? 0) / 1024, 'KB', describe(parts0));
    const init = (file: string, options: string) => () => coldRun(file, options).init;
    const plain = paired(runs, init(apiOut, ''), init(baseOut, ''));
    record('apiInitMs', 'API module init, median', plain.api, 'ms', `${runs} fresh processes each, in turns`);
    record('baselineInitMs', 'bare Hono + DynamoDB client init, median', plain.base, 'ms');
    record('apiInitRatio', 'API init ÷ bare init', plain.ratio, 'x', 'median of paired runs; target ≤ 1.3');
    const mapped = paired(runs, init(apiOut, '--enable-source-maps'), init(baseOut, '--enable-source-maps'));
    record(
      'apiInitRatioSourceMaps',
      'the same with --enable-source-maps',
      mapped.ratio,
      'x',
      `API ${mapped.api.toFixed(0)} ms, bare ${mapped.base.toFixed(0)} ms: what Lambda's NODE_OPTIONS adds`,
    );
    if (!cold) return;
    // Init and the first event together: cost moved from init into the first request shows here.
    const env = {
      DYNAMODB_ENDPOINT: cold.endpoint,
      EVENTS_TABLE: cold.tables.events,
      VIEWS_TABLE: cold.tables.views,
      ARTIFACTS_TABLE: cold.tables.artifacts,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    };
    const baseRequest: Request = { method: 'GET', path: '/' };
    const firstRequest = (file: string, request: Request, expected: number) => () => {
      const run = coldRun(file, '--enable-source-maps', request, env);
      if (run.status !== expected) throw new Error(`${request.method} ${request.path} answered ${run.status}`);
      return run.total;
    };
    const read = paired(runs, firstRequest(apiOut, cold.read, 200), firstRequest(baseOut, baseRequest, 200));
    record(
      'apiColdReadRatio',
      'init + first read ÷ bare init + one GetItem',
      read.ratio,
      'x',
      `GET …/measures/{number}: API ${read.api.toFixed(0)} ms, bare ${read.base.toFixed(0)} ms (source maps on)`,
    );
    let i = 0;
    const write = paired(
      runs,
      () => firstRequest(apiOut, cold.write(i++), 201)(),
      firstRequest(baseOut, baseRequest, 200),
    );
    record(
      'apiColdWriteRatio',
      'init + first write ÷ bare init + one GetItem',
      write.ratio,
      'x',
      `POST …/executions: API ${write.api.toFixed(0)} ms, bare ${write.base.toFixed(0)} ms (source maps on)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./report');
  say('Bundling the API as the stack does…');
  await bundleBenchmarks(Number(process.env.BENCH_RUNS ?? 15));
  printTable();
}
