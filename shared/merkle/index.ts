// The Merkle tree over the log (RFC 9162), stored as C2SP tiles, and its signed
// checkpoints. See docs/MERKLE.md.
export {
  type Checkpoint,
  checkpointText,
  openCheckpoint,
  parseCheckpointText,
  signCheckpoint,
  verifierKeyOf,
} from './checkpoint';
export { DynamoTileStore, TREE_HEADS_PK } from './dynamo-tile-store';
export {
  ProofRangeError,
  TileConflictError,
  TileIntegrityError,
  TreeSizeMismatchError,
  TreeSizeUnavailableError,
} from './errors';
export { EMPTY_ROOT, type Hash, hashFromHex, hashToHex, leafHash, leafOfChainHash, nodeHash } from './hash';
export { MerkleLog } from './merkle-log';
export {
  type ConsistencyProofDocument,
  type InclusionProofDocument,
  proveConsistency,
  proveInclusion,
} from './proof-documents';
export {
  formatVerifierKey,
  NoteError,
  openNote,
  parseVerifierKey,
  signNote,
  type VerifierKey,
} from './signed-note';
export { type CheckpointSigner, generateSigningKey, keySigner, localSigner } from './signer';
export { MemoryTileStore, type TileStore } from './tile-store';
export { parseTilePath, type Tile, type TileId, tilePath, tilesOfTree } from './tiles';
export { EMPTY_TREE, type TreeHead } from './tree-head';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './verify-proofs';
export { TileCheck, type TileVerdict, verifyTiles } from './verify-tiles';
