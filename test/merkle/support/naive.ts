// A deliberately naive RFC 9162 §2.1 Merkle tree, written straight from the
// definitions of MTH, PATH and PROOF/SUBPROOF over the entries themselves, with its
// own hashing. Slow on purpose (every call recomputes from the leaves); it shares no
// code with shared/merkle, so the two can only agree by both being right.
import { createHash } from 'node:crypto';

type Bytes = Uint8Array;

const sha256 = (...parts: Bytes[]): Bytes => createHash('sha256').update(Buffer.concat(parts)).digest();

/** The largest power of two smaller than n. */
function k(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}

export function MTH(D: readonly Bytes[]): Bytes {
  const n = D.length;
  if (n === 0) return sha256();
  if (n === 1) return sha256(Uint8Array.of(0), D[0]!);
  return sha256(Uint8Array.of(1), MTH(D.slice(0, k(n))), MTH(D.slice(k(n))));
}

export function PATH(m: number, D: readonly Bytes[]): Bytes[] {
  const n = D.length;
  if (n === 1) return [];
  return m < k(n)
    ? [...PATH(m, D.slice(0, k(n))), MTH(D.slice(k(n)))]
    : [...PATH(m - k(n), D.slice(k(n))), MTH(D.slice(0, k(n)))];
}

export function PROOF(m: number, D: readonly Bytes[]): Bytes[] {
  return SUBPROOF(m, D, true);
}

function SUBPROOF(m: number, D: readonly Bytes[], b: boolean): Bytes[] {
  const n = D.length;
  if (m === n) return b ? [] : [MTH(D)];
  return m <= k(n)
    ? [...SUBPROOF(m, D.slice(0, k(n)), b), MTH(D.slice(k(n)))]
    : [...SUBPROOF(m - k(n), D.slice(k(n)), false), MTH(D.slice(0, k(n)))];
}

export const hex = (b: Bytes) => Buffer.from(b).toString('hex');
