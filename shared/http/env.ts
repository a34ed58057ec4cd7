// The Hono environment of the API: what middleware puts on the context.
import type { Actor } from '../domain/actor';
import type { Logger } from '../runtime/logger';

export interface ApiVariables {
  requestId: string;
  logger: Logger;
  /** Set by the auth middleware on every /v1 route. */
  actor: Actor;
}

export interface ApiEnv {
  Variables: ApiVariables;
}
