// A tree head: the size of the tree and its root, MTH(D[0:size]).
import { EMPTY_ROOT, type Hash } from './hash';

export interface TreeHead {
  size: number;
  rootHash: Hash;
}

export const EMPTY_TREE: TreeHead = { size: 0, rootHash: EMPTY_ROOT };
