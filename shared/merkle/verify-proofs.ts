// Proof verification exactly as RFC 9162 gives it: §2.1.3.2 (inclusion) and
// §2.1.4.2 (consistency). Sizes may exceed 2^32, so "right-shift" is a halving and
// LSB a remainder, never JavaScript's 32-bit bit operators.
import { type Hash, nodeHash, sameBytes } from './hash';

const lsb = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/** The root an inclusion proof leads to, or null where the RFC says "fail". */
export function rootFromInclusionProof(leafIndex: number, treeSize: number, leaf: Hash, proof: readonly Hash[]) {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0) return null;
  if (leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!lsb(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leaf: Hash,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  const computed = rootFromInclusionProof(leafIndex, treeSize, leaf, proof);
  return computed !== null && sameBytes(computed, root);
}

/**
 * §2.1.4.2 covers 0 < first < second. The two edges are settled here the only way
 * they can be: equal sizes need equal roots and an empty proof; the empty tree is
 * consistent with every tree, again with an empty proof.
 */
export function verifyConsistency(
  first: number,
  second: number,
  firstHash: Hash,
  secondHash: Hash,
  proof: readonly Hash[],
): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) return false;
  if (first === second) return proof.length === 0 && sameBytes(firstHash, secondHash);
  if (first === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstHash, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!lsb(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sameBytes(fr, firstHash) && sameBytes(sr, secondHash) && sn === 0;
}

export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  let x = n;
  while (x % 2 === 0) x /= 2;
  return x === 1;
}
