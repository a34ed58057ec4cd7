// The API Lambda as the stack bundles it (infra/constructs/ledger-function.ts: ESM,
// node24, minified, AWS SDK bundled), against a bundle of bare Hono and the DynamoDB
// client built the same way: sizes, the largest parts, and module init time, each
// measured in a fresh Node process with the options Lambda gives it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { percentile, record, say } from './report';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

async function bundle(entry: string | { contents: string }, outfile: string): Promise<Metafile> {
  const out = await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'ts' as const } }),
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    charset: 'utf8',
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'silent',
  });
  return out.metafile;
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

/** Wall time of importing a bundle in a fresh Node process (what a cold start pays for the module). */
function importMs(file: string, nodeOptions: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); process.stdout.write(String(performance.now() - t));`;
  const env = { ...process.env, ...ENV, NODE_OPTIONS: nodeOptions };
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`importing ${file} failed: ${out.stderr}`);
  return Number(out.stdout);
}

/**
 * The two bundles imported in turns, A then B, `runs` times: on a shared machine both see the
 * same load, and the median of the pairs' ratios says more than a ratio of medians.
 */
function initRatio(api: string, base: string, runs: number, nodeOptions: string) {
  const pairs: { api: number; base: number }[] = [];
  for (let i = 0; i < runs; i++) pairs.push({ api: importMs(api, nodeOptions), base: importMs(base, nodeOptions) });
  return {
    api: percentile(
      pairs.map((p) => p.api),
      50,
    ),
    base: percentile(
      pairs.map((p) => p.base),
      50,
    ),
    ratio: percentile(
      pairs.map((p) => p.api / p.base),
      50,
    ),
  };
}

function largestParts(metafile: Metafile, output: string, count: number) {
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[output]?.inputs ?? {})) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const name = match ? match[1]! : input.startsWith('shared/') ? 'shared/ (this project)' : input;
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  return [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}

export async function bundleBenchmarks(runs = 15) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bundle-'));
  try {
    const baselineEntry = {
      contents: [
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { Hono } from 'hono';",
        "import { handle } from 'hono/aws-lambda';",
        'const client = new DynamoDBClient({});',
        "const app = new Hono().get('/', (c) => c.json({ ok: client !== undefined }));",
        'export const handler = handle(app);',
      ].join('\n'),
    };
    const apiOut = path.join(dir, 'api.mjs');
    const baseOut = path.join(dir, 'baseline.mjs');
    const apiMeta = await bundle(path.join(ROOT, 'functions/api.ts'), apiOut);
    await bundle(baselineEntry, baseOut);
    const apiBytes = fs.statSync(apiOut).size;
    const baseBytes = fs.statSync(baseOut).size;
    record(
      'apiBundleKb',
      'API bundle size',
      apiBytes / 1024,
      'KB',
      `bare Hono + DynamoDB client: ${(baseBytes / 1024).toFixed(0)} KB`,
    );
    const parts = largestParts(apiMeta, path.relative(process.cwd(), apiOut), Number(process.env.BENCH_PARTS ?? 6));
    record(
      'apiBundleLargestKb',
      'API bundle, largest part',
      (parts[0]?.[1] ?? 0) / 1024,
      'KB',
      parts.map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KB`).join(', '),
    );
    const plain = initRatio(apiOut, baseOut, runs, '');
    record('apiInitMs', 'API module init, median', plain.api, 'ms', `${runs} fresh processes each, in turns`);
    record('baselineInitMs', 'bare Hono + DynamoDB client init, median', plain.base, 'ms');
    record('apiInitRatio', 'API init ÷ bare init', plain.ratio, 'x', 'median of paired runs; target ≤ 1.3');
    const mapped = initRatio(apiOut, baseOut, runs, '--enable-source-maps');
    record(
      'apiInitRatioSourceMaps',
      'the same with --enable-source-maps',
      mapped.ratio,
      'x',
      `API ${mapped.api.toFixed(0)} ms, bare ${mapped.base.toFixed(0)} ms: what Lambda's NODE_OPTIONS adds`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./report');
  say('Bundling the API as the stack does…');
  await bundleBenchmarks();
  printTable();
}
