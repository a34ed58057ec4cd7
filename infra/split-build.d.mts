// Types of split-build.mjs (plain JavaScript, run by the stack's bundling with node).
import type { Metafile, Plugin } from 'esbuild';

export declare const ESBUILD_TARGET: string;
export declare const ESM_REQUIRE_SHIM: string;
export declare const zodEnglishOnly: Plugin;
export declare function splitBuild(options: {
  entry: string;
  outdir: string;
  metafile?: boolean;
  nodePaths?: string[];
}): Promise<Metafile | undefined>;
