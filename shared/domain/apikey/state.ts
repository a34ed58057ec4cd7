// An API key's current facts, folded from its stream. null: never issued.
import type { ApiKeyEvent, ApiKeyRole } from './events';

export interface ApiKey {
  keyId: string;
  role: ApiKeyRole;
  executorId: string | null;
  label: string;
  secretHash: string;
  /** Its scope: a party (coordinator keys) and plans; null: not limited. */
  party: string | null;
  planIds: string[] | null;
  revocation: { reason: string } | null;
}

export type ApiKeyState = ApiKey | null;

export const initialApiKeyState: ApiKeyState = null;

export function evolveApiKey(state: ApiKeyState, event: ApiKeyEvent): ApiKeyState {
  switch (event.type) {
    case 'ApiKeyIssued': {
      const { keyId, role, executorId, label, secretHash, party, planIds } = event.data;
      return {
        keyId,
        role,
        executorId: executorId ?? null,
        label,
        secretHash,
        party: party ?? null,
        planIds: planIds ?? null,
        revocation: null,
      };
    }
    case 'ApiKeyRevoked':
      return state && { ...state, revocation: { reason: event.data.reason } };
  }
}
