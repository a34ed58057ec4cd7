// Who issues a command, as the API resolved it from the API key. Commands carry the
// actor and `at` (the request instant); the domain reads no clock and no identity.
import { refuse } from './refusals';

export type ActorRole = 'coordinator' | 'agency' | 'auditor' | 'system';

export interface Actor {
  keyId: string;
  role: ActorRole;
  /** The executor an agency key acts for. */
  executorId?: string;
  /** The AWS identity behind a `system` actor (the CLI against a deployed stack). */
  principal?: string;
}

/** What every command carries besides its own fields. */
export interface CommandEnvelope {
  actor: Actor;
  /** ISO instant of the request; only rules that need "now" read it. */
  at: string;
}

/** Roles that keep the plan, the executors and access. `system` is the bootstrap/import actor. */
export const KEEPER_ROLES: readonly ActorRole[] = ['coordinator', 'system'];
/** Roles that may report and correct execution (agencies only for their own executor). */
export const REPORTER_ROLES: readonly ActorRole[] = ['coordinator', 'system', 'agency'];

/** Refuses (forbidden_role) unless the actor's role is one of `allowed`. */
export function requireRole(actor: Actor, allowed: readonly ActorRole[], action: string): void {
  if (!allowed.includes(actor.role)) {
    refuse('forbidden_role', `The ${actor.role} role may not ${action}`, { role: actor.role });
  }
}
