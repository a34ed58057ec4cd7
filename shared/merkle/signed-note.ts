// C2SP signed notes (c2sp.org/signed-note) with Ed25519 (signature type 0x01): a
// text ending in a newline, a blank line, then lines `— <key name> base64(key ID ||
// signature)`. key ID = SHA-256(key name || 0x0A || 0x01 || public key)[:4]; a
// verifier key is written `<name>+<hex key ID>+<base64(0x01 || public key)>`.
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { CheckpointSigner } from './signer';

export const ED25519_TYPE = 0x01;
const MAX_NOTE_BYTES = 64 * 1024;
const MAX_SIGNATURES = 100;

export interface VerifierKey {
  name: string;
  keyId: number;
  publicKey: Uint8Array;
}

export interface NoteSignature {
  name: string;
  keyId: number;
  signature: Uint8Array;
}

/** Why a note was refused. */
export class NoteError extends Error {
  constructor(
    readonly reason: 'malformed_key' | 'malformed_note' | 'unknown_key' | 'bad_signature',
    message: string,
  ) {
    super(message);
    this.name = 'NoteError';
  }
}

export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+\p{Cc}]/u.test(name);
}

export function ed25519KeyId(name: string, publicKey: Uint8Array): number {
  const digest = createHash('sha256').update(name).update(Uint8Array.of(0x0a, ED25519_TYPE)).update(publicKey).digest();
  return digest.readUInt32BE(0);
}

export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  if (!isKeyName(name)) throw new NoteError('malformed_key', `not a key name: ${JSON.stringify(name)}`);
  const keyId = ed25519KeyId(name, publicKey).toString(16).padStart(8, '0');
  return `${name}+${keyId}+${Buffer.concat([Uint8Array.of(ED25519_TYPE), publicKey]).toString('base64')}`;
}

export function parseVerifierKey(vkey: string): VerifierKey {
  const fail = (why: string) => new NoteError('malformed_key', `verifier key ${JSON.stringify(vkey)}: ${why}`);
  const [name = '', hex = '', ...rest] = vkey.split('+');
  const material = strictBase64(rest.join('+'));
  if (!isKeyName(name) || !/^[0-9a-f]{8}$/.test(hex)) throw fail('expected <name>+<8 hex digits>+<base64 key>');
  if (material?.byteLength !== 33 || material[0] !== ED25519_TYPE) {
    throw fail('the key is not base64 of 0x01 and a 32-byte Ed25519 public key');
  }
  const publicKey = material.subarray(1);
  const keyId = Number.parseInt(hex, 16);
  if (ed25519KeyId(name, publicKey) !== keyId) throw fail('the key ID does not match the name and key');
  return { name, keyId, publicKey };
}

export function signatureLine(name: string, keyId: number, signature: Uint8Array): string {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(keyId);
  return `— ${name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

/** Signs `text` (which must end in a newline) as a note with one signature line. */
export async function signNote(text: string, signer: CheckpointSigner): Promise<string> {
  if (!text.endsWith('\n')) throw new TypeError('a note text ends in a newline');
  const signature = await signer.sign(Buffer.from(text));
  return `${text}\n${signatureLine(signer.keyName, ed25519KeyId(signer.keyName, signer.publicKey), signature)}`;
}

/** Splits a note into its text (with the final newline) and its signatures. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  const fail = (why: string) => new NoteError('malformed_note', `not a signed note: ${why}`);
  if (Buffer.byteLength(note) > MAX_NOTE_BYTES) throw fail(`longer than ${MAX_NOTE_BYTES} bytes`);
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw fail('it holds control characters');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw fail('no blank line before the signatures');
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw fail(`more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    const match = /^— (\S+) (\S+)$/u.exec(line);
    const bytes = match ? strictBase64(match[2]!) : null;
    if (!match || !isKeyName(match[1]!) || !bytes || bytes.byteLength < 5) throw fail(`bad signature line ${line}`);
    return { name: match[1]!, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
  });
  return { text: note.slice(0, split + 1), signatures };
}

/** The note's text, once a signature by `key` verifies over it. */
export function openNote(note: string, key: VerifierKey): string {
  const { text, signatures } = parseNote(note);
  const own = signatures.filter((s) => s.name === key.name && s.keyId === key.keyId);
  if (own.length === 0) throw new NoteError('unknown_key', `the note carries no signature by ${key.name}`);
  const publicKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.publicKey).toString('base64url') },
    format: 'jwk',
  });
  for (const s of own) {
    if (s.signature.byteLength !== 64 || !verify(null, Buffer.from(text), publicKey, s.signature)) {
      throw new NoteError('bad_signature', `the signature by ${key.name} does not verify over the note's text`);
    }
  }
  return text;
}

/** Standard base64 that decodes and re-encodes to itself (no junk, no missing padding). */
function strictBase64(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}
