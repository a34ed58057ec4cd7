// Who issues a command, as the API resolved it from the API key. Commands carry the
// actor and `at` (the request instant); the domain reads no clock and no identity.
// A key may be limited (its scope, fixed when it was issued): to plans, and for a
// coordinator to one party. The deciders enforce the scope; only keyId, role,
// executorId and principal are recorded on events (the scope is in ApiKeyIssued).
import { refuse } from './refusals';

export type ActorRole = 'coordinator' | 'agency' | 'auditor' | 'system';

export interface Actor {
  keyId: string;
  role: ActorRole;
  /** The executor an agency key acts for. */
  executorId?: string;
  /** The AWS identity behind a `system` actor (the CLI against a deployed stack). */
  principal?: string;
  /** A coordinator key limited to one party: only that party's executors, keys, entries and report. */
  party?: string;
  /** A key limited to these plans: it reads and acts on no other plan. */
  planIds?: readonly string[];
}

/** What the log records of an actor (event metadata): never the scope, which ApiKeyIssued holds. */
export interface RecordedActor {
  keyId: string;
  role: string;
  executorId?: string;
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

/** The actor as the log records it. */
export function recordedActor(actor: Actor): RecordedActor {
  const { keyId, role, executorId, principal } = actor;
  return {
    keyId,
    role,
    ...(executorId !== undefined && { executorId }),
    ...(principal !== undefined && { principal }),
  };
}

/** Whether the actor's key reaches this plan (a key without plan limits reaches every plan). */
export function inPlanScope(actor: Pick<Actor, 'planIds'>, planId: string): boolean {
  return actor.planIds === undefined || actor.planIds.includes(planId);
}

/** Refuses (plan_out_of_scope) a plan the actor's key is not limited to. */
export function requirePlanScope(actor: Actor, planId: string): void {
  if (!inPlanScope(actor, planId)) {
    refuse('plan_out_of_scope', `This key is limited to plans ${actor.planIds?.join(', ')}`, { planId });
  }
}

/** Whether the actor's key may act on what belongs to `party` (a key without a party limit may). */
export function inPartyScope(actor: Pick<Actor, 'party'>, party: string | null | undefined): boolean {
  return actor.party === undefined || actor.party === party;
}

/** Refuses (executor_of_other_party) an executor of another party than the actor's key. */
export function requireOwnParty(actor: Actor, executor: { executorId: string; party: string }): void {
  if (!inPartyScope(actor, executor.party)) {
    refuse(
      'executor_of_other_party',
      `Executor ${executor.executorId} belongs to ${executor.party}; this key acts for ${actor.party} only`,
      { executorId: executor.executorId, party: executor.party },
    );
  }
}

/** Refuses (party_key_cannot_change_plan) a key limited to a party: the plan is both parties'. */
export function requireJointKey(actor: Actor, action: string): void {
  if (actor.party !== undefined) {
    refuse(
      'party_key_cannot_change_plan',
      `A key limited to ${actor.party} may not ${action}: the plan belongs to all its parties`,
      { party: actor.party },
    );
  }
}
