// Decisions on an API key: only keepers issue and revoke; agency keys need a live executor.
import { KEEPER_ROLES, requireRole } from '../actor';
import type { ExecutorState } from '../executor/state';
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
}

const NO_CONTEXT: ApiKeyContext = { executor: null };

export function decideApiKey(
  command: ApiKeyCommand,
  state: ApiKeyState,
  context: ApiKeyContext = NO_CONTEXT,
): ApiKeyEvent[] {
  switch (command.type) {
    case 'IssueApiKey':
      return issueApiKey(command, state, context);
    case 'RevokeApiKey':
      return revokeApiKey(command, state);
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
  return [{ type: 'ApiKeyIssued', data }];
}

function revokeApiKey(command: RevokeApiKey, state: ApiKeyState): ApiKeyEvent[] {
  requireRole(command.actor, KEEPER_ROLES, 'revoke API keys');
  const { type: _type, ...data } = parseOrThrow(RevokeApiKeySchema, command, 'revocation');
  if (!state) return refuse('apikey_not_found', `API key ${data.keyId} does not exist`);
  if (state.revocation) refuse('apikey_revoked', `API key ${data.keyId} is already revoked`);
  return [{ type: 'ApiKeyRevoked', data }];
}
