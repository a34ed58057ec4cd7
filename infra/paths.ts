// Where the repository is, so infra/ can point at handlers by path and never import them.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The lock file NodejsFunction hashes and installs from; also fixes the project root. */
export const LOCK_FILE = resolve(PROJECT_ROOT, 'package-lock.json');

/** Absolute path of a handler module, given relative to the repository root. */
export function entryPath(relative: string): string {
  return resolve(PROJECT_ROOT, relative);
}
