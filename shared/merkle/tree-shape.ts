// Which hashes a proof consists of, from the RFC 9162 definitions (§2.1.3.1 PATH,
// §2.1.4.1 PROOF/SUBPROOF), as ranges of leaves [lo, hi). Each range is then a fold
// of complete, aligned subtrees ("nodes"), which is what the tiles store.

/** A complete subtree: 2^height leaves starting at index * 2^height. */
export interface NodeId {
  height: number;
  index: number;
}

/** Leaves [lo, hi). */
export type LeafRange = readonly [lo: number, hi: number];

/** The largest power of two smaller than n (n > 1): the RFC's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** PATH(m, D[lo:hi]), bottom-up: the sibling ranges from the leaf to the root. */
export function inclusionRanges(m: number, lo: number, hi: number): LeafRange[] {
  if (hi - lo <= 1) return [];
  const k = splitPoint(hi - lo);
  return m < k
    ? [...inclusionRanges(m, lo, lo + k), [lo + k, hi]]
    : [...inclusionRanges(m - k, lo + k, hi), [lo, lo + k]];
}

/** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true), bottom-up. */
export function consistencyRanges(m: number, n: number): LeafRange[] {
  return subproof(m, 0, n, true);
}

function subproof(m: number, lo: number, hi: number, complete: boolean): LeafRange[] {
  const n = hi - lo;
  if (m === n) return complete ? [] : [[lo, hi]];
  const k = splitPoint(n);
  return m <= k
    ? [...subproof(m, lo, lo + k, complete), [lo + k, hi]]
    : [...subproof(m - k, lo + k, hi, false), [lo, lo + k]];
}

/**
 * The complete subtrees whose right fold is MTH(D[lo:hi]): the binary digits of
 * hi - lo, largest first. Every range the RFC recursion produces starts at a multiple
 * of a power of two at least its length, so each subtree is aligned.
 */
export function rangeNodes(lo: number, hi: number): NodeId[] {
  const nodes: NodeId[] = [];
  let start = lo;
  let remaining = hi - lo;
  while (remaining > 0) {
    let size = 1;
    let height = 0;
    while (size * 2 <= remaining) {
      size *= 2;
      height++;
    }
    if (start % size !== 0) throw new RangeError(`leaves [${lo}, ${hi}) are not an RFC 9162 subtree range`);
    nodes.push({ height, index: start / size });
    start += size;
    remaining -= size;
  }
  return nodes;
}
