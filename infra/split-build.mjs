// The split build of a function (README, "Cold start"): `index.mjs`, the handler, and the
// chunks it imports on first use, in one directory. One function, run by the stack's
// bundling (after NodejsFunction's own build, which writes one file) and imported by the
// bundle test and the bundle bench, so what is tested and measured is what is deployed.
// Plain JavaScript: bundling runs it with `node`, without TypeScript tooling.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Runtime and esbuild target move together (LEDGER_RUNTIME in constructs/ledger-function.ts). */
export const ESBUILD_TARGET = 'node24';

/** ESM bundles have no `require`; CommonJS dependencies bundled into them still call it. */
export const ESM_REQUIRE_SHIM =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * zod exports every locale it ships as `z.locales` (about 260 KB of the bundle, half of
 * what zod adds to a first request), and nothing here uses one: zod registers English
 * itself, from `locales/en.js`. Inside zod, `locales/index.js` becomes English alone, so a
 * cold first request parses and runs 260 KB less (about 20 ms on a laptop-class core).
 */
export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!args.importer.split(path.sep).includes('zod')) return undefined;
      return { path: path.join(path.dirname(args.importer), '../locales/en.js'), namespace: 'zod-english-only' };
    });
    builder.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * Builds `entry` into `outdir` split into chunks, with the options the stack deploys.
 * Returns esbuild's metafile when asked for one; `nodePaths` resolves the packages of an
 * entry outside the project (the bundle bench's baseline).
 */
export async function splitBuild({ entry, outdir, metafile = false, nodePaths = [] }) {
  const result = await build({
    entryPoints: { index: entry },
    outdir,
    nodePaths,
    bundle: true,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    target: ESBUILD_TARGET,
    platform: 'node',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    charset: 'utf8',
    logLevel: 'warning',
    banner: { js: ESM_REQUIRE_SHIM },
    plugins: [zodEnglishOnly],
    metafile,
  });
  return result.metafile;
}

// `node infra/split-build.mjs <entry> <outdir>`: what the stack's bundling runs.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, outdir] = process.argv.slice(2);
  if (!entry || !outdir) {
    console.error('usage: node infra/split-build.mjs <entry> <outdir>');
    process.exit(2);
  }
  await splitBuild({ entry, outdir });
}
