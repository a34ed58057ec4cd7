// The checkpoint signing key of a local installation: an Ed25519 private key in the
// data directory (PKCS#8 PEM, or a raw 32-byte seed), created on first start and
// readable by its owner only. Never overwritten: checkpoints signed with it are out
// in the world, and a new key would make them unverifiable with the published one.
import fs from 'node:fs/promises';
import path from 'node:path';
import { type CheckpointSigner, generateSigningKey, localSigner } from '../../shared/merkle/signer';

export const SIGNING_KEY_FILE = 'checkpoint-signing-key.pem';

/** The origin (and key name) of a local installation's log: one per table prefix. */
export const localOrigin = (tablePrefix: string) => `roadmap-ledger.local/${tablePrefix}`;

/** The table prefix of a local system's tables (`<prefix>-events`). */
export const prefixOf = (eventsTable: string) => eventsTable.replace(/-events$/, '');

/** Writes a new key to `file`; fails (EEXIST) if there is one already. */
export async function createSigningKey(file: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await fs.writeFile(file, generateSigningKey(), { flag: 'wx', mode: 0o600 });
}

/** The signer for the key in `file`, signing as `keyName` (the log's origin). */
export async function loadSigningKey(file: string, keyName: string): Promise<CheckpointSigner> {
  const bytes = await fs.readFile(file);
  return localSigner(keyName, bytes.byteLength === 32 ? Uint8Array.from(bytes) : bytes.toString('utf8'));
}

/** Loads the key, creating it first if the file does not exist (two processes racing get the same key). */
export async function loadOrCreateSigningKey(
  file: string,
  keyName: string,
): Promise<{ signer: CheckpointSigner; created: boolean }> {
  let created = false;
  try {
    await createSigningKey(file);
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { signer: await loadSigningKey(file, keyName), created };
}
