// The proofs as the API answers them and docs/verify-proof.mjs reads them: positions
// count from 1 (leaf index = position - 1), hashes in lowercase hex.
import { ProofRangeError } from './errors';
import { hashToHex } from './hash';
import type { MerkleLog } from './merkle-log';
import type { TreeHead } from './tree-head';

export interface InclusionProofDocument {
  position: number;
  size: number;
  leafIndex: number;
  hashes: string[];
  rootHash: string;
}

export interface ConsistencyProofDocument {
  from: number;
  to: number;
  hashes: string[];
}

/** That event `position` is in the log of its first `size` events (size ≤ the tree head). */
export async function proveInclusion(
  tree: MerkleLog,
  position: number,
  size: number,
  head?: TreeHead,
): Promise<InclusionProofDocument> {
  if (!Number.isSafeInteger(position) || position < 1 || position > size) {
    throw new ProofRangeError('position_out_of_range', `position ${position} is not in a log of ${size} events`);
  }
  const at = head ?? (await tree.head());
  const hashes = await tree.inclusionProof(position - 1, size, at);
  const rootHash = await tree.rootAt(size, at);
  return { position, size, leafIndex: position - 1, hashes: hashes.map(hashToHex), rootHash: hashToHex(rootHash) };
}

/** That the log of `to` events extends the log of its first `from` events. */
export async function proveConsistency(
  tree: MerkleLog,
  from: number,
  to: number,
  head?: TreeHead,
): Promise<ConsistencyProofDocument> {
  const hashes = await tree.consistencyProof(from, to, head);
  return { from, to, hashes: hashes.map(hashToHex) };
}
