// Checkpoints (c2sp.org/tlog-checkpoint): a signed note whose text is the origin,
// the tree size and the base64 root hash, one per line. Signed with a
// CheckpointSigner; opened with the log's verifier key string.
import { HASH_SIZE, type Hash } from './hash';
import { formatVerifierKey, isKeyName, NoteError, openNote, parseVerifierKey, signNote } from './signed-note';
import type { CheckpointSigner } from './signer';

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Hash;
}

export function checkpointText({ origin, size, rootHash }: Checkpoint): string {
  if (!isKeyName(origin)) throw new TypeError(`an origin has no spaces, "+" or control characters: ${origin}`);
  if (!Number.isSafeInteger(size) || size < 0) throw new TypeError(`a tree size is a whole number, not ${size}`);
  if (rootHash.byteLength !== HASH_SIZE) throw new TypeError('a root hash is 32 bytes');
  return `${origin}\n${size}\n${Buffer.from(rootHash).toString('base64')}\n`;
}

/** Parses a checkpoint's text (origin, size, root, then optional extension lines). */
export function parseCheckpointText(text: string): Checkpoint {
  const fail = (why: string) => new NoteError('malformed_note', `not a checkpoint: ${why}`);
  const lines = text.split('\n');
  if (lines.pop() !== '' || lines.length < 3 || lines.some((line) => line === '')) {
    throw fail('expected origin, size and root hash lines');
  }
  const [origin, sizeLine, rootLine] = lines as [string, string, string];
  if (!/^(0|[1-9]\d*)$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) {
    throw fail(`bad tree size ${sizeLine}`);
  }
  const rootHash = Buffer.from(rootLine, 'base64');
  if (rootHash.byteLength !== HASH_SIZE || rootHash.toString('base64') !== rootLine) {
    throw fail(`bad root hash ${rootLine}`);
  }
  return { origin, size: Number(sizeLine), rootHash: Uint8Array.from(rootHash) };
}

export async function signCheckpoint(checkpoint: Checkpoint, signer: CheckpointSigner): Promise<string> {
  return signNote(checkpointText(checkpoint), signer);
}

/** The checkpoint in `note`, once the signature of the key `vkey` names verifies over it. */
export function openCheckpoint(note: string, vkey: string): Checkpoint {
  return parseCheckpointText(openNote(note, parseVerifierKey(vkey)));
}

/** The verifier key (`<name>+<key ID>+<key>`) auditors use to check this signer's checkpoints. */
export function verifierKeyOf(signer: CheckpointSigner): string {
  return formatVerifierKey(signer.keyName, signer.publicKey);
}
