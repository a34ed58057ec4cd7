// What can go wrong with the tree. A client asking for a proof the tree cannot give
// gets a typed 4xx; stored tiles that contradict each other are an integrity alarm
// (plain errors, so they surface as a 500 and in the logs, never as a client's fault).
import { AppError } from '../errors';

/** 400: a proof asked for with sizes or positions that cannot have one. */
export class ProofRangeError extends AppError {
  readonly status = 400;
}

/** 404: the tree has not reached the size asked for yet. */
export class TreeSizeUnavailableError extends AppError {
  readonly status = 404;
  constructor(size: number, treeSize: number) {
    super('tree_size_unavailable', `the tree has ${treeSize} leaves; size ${size} is not available`, {
      size,
      treeSize,
    });
  }
}

/** 503: this deployment has no checkpoint signing key (or no tree) configured. */
export class CheckpointUnavailableError extends AppError {
  readonly status = 503;
  constructor(what: string) {
    super('checkpoint_unavailable', `Checkpoints are not available here: ${what}.`);
  }
}

/** A write-once tile or tree head was about to be written with different bytes. */
export class TileConflictError extends Error {
  constructor(readonly path: string) {
    super(`${path} is already stored with different contents: the log and the tiles disagree`);
    this.name = 'TileConflictError';
  }
}

/** A tile the tree needs is missing, malformed, or does not add up to its tree head. */
export class TileIntegrityError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path} ${detail}`);
    this.name = 'TileIntegrityError';
  }
}

/** An append that does not start where the stored tree ends. */
export class TreeSizeMismatchError extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`the tree has ${actual} leaves, but the append starts after ${expected}`);
    this.name = 'TreeSizeMismatchError';
  }
}
