// Where a deployed stack's checkpoint signing key is: the contract between infra (which
// creates the secret and sets these variables) and the functions that sign.

/** The ARN of the Secrets Manager secret whose SHA-256 is the Ed25519 seed. */
export const CHECKPOINT_SECRET_ENV = 'CHECKPOINT_SECRET_ARN';
/** The log's origin (checkpoint line 1, the signed-note key name). */
export const CHECKPOINT_ORIGIN_ENV = 'CHECKPOINT_ORIGIN';
