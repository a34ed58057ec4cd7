// First-run access: one coordinator key, issued by the `system` actor, either from
// ROADMAP_BOOTSTRAP_KEY or freshly generated (printed once, kept in .data/).

import { commandPathFor } from '../../shared/commands/command-path';
import { IssueApiKeySchema, parseOrThrow } from '../../shared/domain';
import { newApiKey, parseToken } from '../../shared/http/api-keys';
import { sha256Hex } from '../../shared/store/canonical';
import type { EventStore } from '../../shared/store/event-store';

export const SYSTEM_ACTOR = { keyId: 'system', role: 'system' as const };

export interface BootstrapResult {
  keyId: string;
  /** The token, when this run issued a new key and knows it. */
  token: string | null;
  issued: boolean;
}

export async function ensureCoordinatorKey(
  store: EventStore,
  fromEnv: string | undefined,
  at: string,
): Promise<BootstrapResult> {
  let key: { keyId: string; secretHash: string; token: string };
  let commandId: string;
  if (fromEnv) {
    const parsed = parseToken(fromEnv);
    if (!parsed)
      throw new Error(
        'ROADMAP_BOOTSTRAP_KEY must look like rl_<keyId>_<secret> (keyId: 8-40 of a-z0-9; secret: 20+ of A-Za-z0-9_-)',
      );
    key = { keyId: parsed.keyId, secretHash: sha256Hex(parsed.secret), token: fromEnv };
    commandId = `bootstrap:${parsed.keyId}`;
  } else {
    commandId = 'bootstrap:first-coordinator';
    const previous = await commandPathFor(store).recorded(commandId, commandId);
    if (previous) return { keyId: previous.streamId.replace(/^apikey-/, ''), token: null, issued: false };
    key = newApiKey();
  }
  const command = {
    ...parseOrThrow(
      IssueApiKeySchema,
      {
        type: 'IssueApiKey',
        keyId: key.keyId,
        role: 'coordinator',
        label: 'bootstrap coordinator',
        secretHash: key.secretHash,
      },
      'bootstrap key',
    ),
    actor: SYSTEM_ACTOR,
    at,
  };
  const result = await commandPathFor(store).execute(command, { commandId, fingerprint: commandId, recordedAt: at });
  return { keyId: key.keyId, token: key.token, issued: !result.duplicate };
}
