// RFC 9162 hashing (§2.1.1): a leaf is SHA-256(0x00 || data), an interior node
// SHA-256(0x01 || left || right), the empty tree SHA-256(""). Our leaf data is the
// 32 bytes of an event's chain hash, so leaf p = SHA-256(0x00 || bytes(hash of event p)).
import { createHash } from 'node:crypto';

/** A SHA-256 value: always 32 bytes. */
export type Hash = Uint8Array;

export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

export function leafHash(data: Uint8Array): Hash {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

const HEX_HASH = /^[0-9a-f]{64}$/;

/** Decodes a lowercase hex SHA-256 (64 digits); anything else is refused, never truncated. */
export function hashFromHex(hex: string, what = 'hash'): Hash {
  if (!HEX_HASH.test(hex)) throw new TypeError(`${what} must be 64 lowercase hex digits, got ${JSON.stringify(hex)}`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

export function hashToHex(hash: Hash): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');
}

/** The leaf of the event whose chain hash (the envelope's `hash`) is given. */
export function leafOfChainHash(chainHashHex: string): Hash {
  return leafHash(hashFromHex(chainHashHex, 'chain hash'));
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}
