// What the API needs from the outside world, passed in by the entry point
// (Lambda or the local server). Nothing in shared/ reads process.env.

import { type CommandPath, commandPathFor } from '../commands/command-path';
import type { CheckpointSigner } from '../merkle/signer';
import type { TileStore } from '../merkle/tile-store';
import type { ViewReader } from '../projections/view-store';
import type { ArtifactStore } from '../report/artifact-store';
import type { Logger } from '../runtime/logger';
import type { Metrics } from '../runtime/metrics';
import type { SnapshotStore } from '../snapshots/snapshot-store';
import type { EventStore } from '../store/event-store';

export interface ApiDeps {
  store: EventStore;
  /** The process's command path over `store` (commandPathFor(store) when omitted). */
  commands?: CommandPath;
  /** The views readers use (the active generation). */
  views: () => Promise<ViewReader>;
  artifacts: ArtifactStore;
  /** The Merkle tree over the log (proofs, checkpoints, verify); the audit proof routes answer 503 without it. */
  tiles?: TileStore;
  /** Who signs checkpoints (loaded once, on first use); without it /v1/audit/checkpoint answers 503. */
  signer?: () => Promise<CheckpointSigner>;
  /** Snapshots of the views: as-of reads start from the nearest one (from position 1 without them). */
  snapshots?: SnapshotStore;
  clock: () => Date;
  newId: () => string;
  logger: Logger;
  /** Where counts go (Refusals by code); nothing is counted when absent. */
  metrics?: Metrics;
  /** How long a read may wait for the views to reach X-Min-Position (ms). */
  minPositionWaitMs?: number;
  /** How long a verification of the live log may run before it answers `unfinished` (ms; 24 s, under API Gateway's 29 s). */
  verifyBudgetMs?: number;
  /** A read-only deployment (the streaming URL for large exports): writes answer 405. */
  readOnly?: boolean;
  /** Called after a successful write, so a local projector can wake at once. */
  onAppended?: (position: number) => void;
  /**
   * Signs the pages' session cookies and form tokens (at least 32 bytes). Every process
   * serving the pages must have the same one (in AWS: from the stack's secret); a new
   * one per process when absent, which suits one local server.
   */
  pagesSessionSecret?: string;
}

/** The command path the API writes through: the one given, or the store's own. */
export function commandsOf(deps: ApiDeps): CommandPath {
  return deps.commands ?? commandPathFor(deps.store);
}
