// The error hierarchy. Each error carries the HTTP status and a stable `code`;
// the API maps them once, in app.onError, to RFC 9457 problem details.

export interface FieldIssue {
  /** JSON path of the failing field, e.g. `period.from` or `executors[1]`. */
  path: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  /** Stable, documented, machine-readable. Clients switch on it; never rename one. */
  readonly code: string;
  readonly extras: Record<string, unknown>;

  constructor(code: string, message: string, extras: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.extras = extras;
  }
}

/** 400: the input is malformed or fails validation. */
export class ValidationError extends AppError {
  readonly status = 400;
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
    code = 'validation_failed',
  ) {
    super(code, message, { errors: issues });
  }
}

/** 404: the thing addressed does not exist. */
export class NotFoundError extends AppError {
  readonly status = 404;
}

/** 409: a business rule refused the command. */
export class RuleViolation extends AppError {
  readonly status = 409;
}

/** 403: the caller may not do this. */
export class ForbiddenError extends AppError {
  readonly status = 403;
}
