// Decisions on an API key: only keepers issue and revoke; agency keys need a live
// executor; a limited key's plans must exist (and list its party). A coordinator whose
// own key is limited issues and revokes only keys within its scope: a key it hands out
// can never do what it cannot.
import { type Actor, KEEPER_ROLES, requireOwnParty, requireRole } from '../actor';
import type { ExecutorState } from '../executor/state';
import type { PlanState } from '../plan/state';
import { refuse } from '../refusals';
import { parseOrThrow, unknownCommand } from '../validate';
import {
  type ApiKeyCommand,
  type IssueApiKey,
  IssueApiKeySchema,
  type RevokeApiKey,
  RevokeApiKeySchema,
} from './commands';
import type { ApiKeyEvent } from './events';
import type { ApiKeyState } from './state';

export interface ApiKeyContext {
  /** For an agency key: the state of its executor (null if unknown). */
  executor: ExecutorState;
  /** The plans a key is (to be) limited to. */
  plan(planId: string): PlanState;
}

const NO_CONTEXT: ApiKeyContext = { executor: null, plan: () => null };

/** What a key may reach, as far as its issuer's scope is concerned. */
interface KeyReach {
  role: string;
  party: string | null;
  planIds: readonly string[] | null;
  executor: ExecutorState;
}

export function decideApiKey(
  command: ApiKeyCommand,
  state: ApiKeyState,
  context: ApiKeyContext = NO_CONTEXT,
): ApiKeyEvent[] {
  switch (command.type) {
    case 'IssueApiKey':
      return issueApiKey(command, state, context);
    case 'RevokeApiKey':
      return revokeApiKey(command, state, context);
    default:
      return unknownCommand(command);
  }
}

function issueApiKey(command: IssueApiKey, state: ApiKeyState, context: ApiKeyContext): ApiKeyEvent[] {
  requireRole(command.actor, KEEPER_ROLES, 'issue API keys');
  const { type: _type, ...data } = parseOrThrow(IssueApiKeySchema, command, 'API key');
  if (state) refuse('apikey_exists', `API key ${data.keyId} already exists`);
  if (data.executorId !== undefined) {
    const { executor } = context;
    if (executor?.executorId !== data.executorId) {
      refuse('executor_not_found', `Executor ${data.executorId} is not registered`);
    }
    if (executor.liquidation) refuse('executor_liquidated', `Executor ${data.executorId} is liquidated`);
  }
  requireWithinScope(command.actor, {
    role: data.role,
    party: data.party ?? null,
    planIds: data.planIds ?? null,
    executor: context.executor,
  });
  for (const planId of data.planIds ?? []) {
    const plan = context.plan(planId);
    if (plan?.planId !== planId) refuse('plan_not_found', `Plan ${planId} does not exist`, { planId });
    if (data.party !== undefined && !plan.parties.includes(data.party)) {
      refuse('party_not_found', `Plan ${planId} has no party ${data.party}`, { planId, party: data.party });
    }
  }
  return [{ type: 'ApiKeyIssued', data }];
}

function revokeApiKey(command: RevokeApiKey, state: ApiKeyState, context: ApiKeyContext): ApiKeyEvent[] {
  requireRole(command.actor, KEEPER_ROLES, 'revoke API keys');
  const { type: _type, ...data } = parseOrThrow(RevokeApiKeySchema, command, 'revocation');
  if (!state) return refuse('apikey_not_found', `API key ${data.keyId} does not exist`);
  requireWithinScope(command.actor, { ...state, executor: context.executor });
  if (state.revocation) refuse('apikey_revoked', `API key ${data.keyId} is already revoked`);
  return [{ type: 'ApiKeyRevoked', data }];
}

/**
 * A limited coordinator handles only keys it could have issued itself: with its party
 * (a coordinator key), for its party's executor (an agency key), within its plans.
 */
function requireWithinScope(actor: Actor, key: KeyReach): void {
  if (actor.party !== undefined) {
    if (key.role === 'coordinator' && key.party !== actor.party) {
      refuse('key_party_outside_scope', `A key limited to ${actor.party} handles coordinator keys of that party only`, {
        party: key.party,
      });
    }
    if (key.role === 'agency' && key.executor) requireOwnParty(actor, key.executor);
  }
  const within = actor.planIds;
  if (within !== undefined && (key.planIds === null || key.planIds.some((planId) => !within.includes(planId)))) {
    refuse('key_plans_outside_scope', `A key limited to plans ${within.join(', ')} handles keys within them only`, {
      planIds: key.planIds,
    });
  }
}
