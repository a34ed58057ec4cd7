// docs/verify-proof.mjs run as an auditor runs it (`node docs/verify-proof.mjs …`), on
// files written to a folder of the test's own.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const VERIFY_PROOF = path.resolve(__dirname, '../../../docs/verify-proof.mjs');

/** Its exit code and what it printed, as one trimmed line. */
export function runVerifier(...args: string[]) {
  const out = spawnSync(process.execPath, [VERIFY_PROOF, ...args], { encoding: 'utf8' });
  return { code: out.status, line: `${out.stdout}${out.stderr}`.trim() };
}

/** Writes a note (text) or an API answer (JSON) into `dir`; its path. */
export function writeInput(dir: string, name: string, content: string | object, indent?: number): string {
  const at = path.join(dir, name);
  fs.writeFileSync(at, typeof content === 'string' ? content : JSON.stringify(content, null, indent));
  return at;
}
