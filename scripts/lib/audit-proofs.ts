// The Merkle commands of `npm run audit` (docs/MERKLE.md): a signed checkpoint of the
// tree, an inclusion or consistency proof, and checking them with docs/verify-proof.mjs,
// the same script an auditor runs. Locally the key is the one in .data/; a stack's key
// stays in the stack (its API signs: GET /v1/audit/checkpoint).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { signCheckpoint, verifierKeyOf } from '../../shared/merkle/checkpoint';
import { hashToHex } from '../../shared/merkle/hash';
import { proveConsistency, proveInclusion } from '../../shared/merkle/proof-documents';
import type { CheckpointSigner } from '../../shared/merkle/signer';
import type { System } from '../../shared/runtime/system';
import { ROOT } from './local-env';
import { loadOrCreateSigningKey, localOrigin, prefixOf, SIGNING_KEY_FILE } from './signing-key';

export const VERIFIER = path.join(ROOT, 'docs', 'verify-proof.mjs');

/** The local installation's signer (created on first use, as `npm start` does). */
export async function localSignerOf(system: System, dataDir: string): Promise<CheckpointSigner> {
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  return (await loadOrCreateSigningKey(file, localOrigin(prefixOf(system.tables.events)))).signer;
}

/** The signed checkpoint of `size` (the latest tree head when omitted). */
export async function checkpointOf(system: System, signer: CheckpointSigner, size?: number): Promise<string> {
  const head = await system.tree.head();
  const wanted = size ?? head.size;
  const rootHash = await system.tree.rootAt(wanted, head);
  return signCheckpoint({ origin: signer.keyName, size: wanted, rootHash }, signer);
}

/** The unsigned tree head, for a stack (whose key the CLI does not hold). */
export async function treeHeadText(system: System, size?: number): Promise<string> {
  const head = await system.tree.head();
  const wanted = size ?? head.size;
  const rootHash = await system.tree.rootAt(wanted, head);
  return `tree of ${wanted} events (the latest tree head has ${head.size}), root ${hashToHex(rootHash)}`;
}

export async function proofOf(
  system: System,
  wanted: { position?: number | undefined; from?: number | undefined; size?: number | undefined },
): Promise<object> {
  const head = await system.tree.head();
  const size = wanted.size ?? head.size;
  if (wanted.position !== undefined) return proveInclusion(system.tree, wanted.position, size, head);
  return proveConsistency(system.tree, wanted.from ?? 0, size, head);
}

export const verifierKeyText = (signer: CheckpointSigner) => verifierKeyOf(signer);

/**
 * Runs docs/verify-proof.mjs: `kind` and its files, the verifier key, then --event/--hash.
 * Answers its exit code; its one line goes to stdout.
 */
export function runVerifier(kind: string, files: string[], vkey: string, extra: string[]): number {
  for (const file of files) if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
  const out = spawnSync(process.execPath, [VERIFIER, kind, ...files, vkey, ...extra], { stdio: 'inherit' });
  return out.status ?? 1;
}
