// First-run access: one coordinator key, generated or taken from ROADMAP_BOOTSTRAP_KEY.
import { describe, expect, it } from 'vitest';
import { ensureCoordinatorKey } from '../../scripts/lib/bootstrap';
import { apiKeyStreamId, foldApiKey, parseEventData } from '../../shared/domain';
import { parseToken, secretMatches } from '../../shared/http/api-keys';
import { MemoryEventStore } from '../../shared/store/memory-event-store';

const AT = '2026-11-28T10:00:00.000Z';

async function loadApiKey(store: MemoryEventStore, keyId: string) {
  const events = await store.readStream(apiKeyStreamId(keyId));
  return foldApiKey(events.map((e) => parseEventData(e.type, e.schemaVersion, e.data)));
}

describe('the bootstrap coordinator key', () => {
  it('is generated once: a second start issues nothing and shows no token', async () => {
    const store = new MemoryEventStore();
    const first = await ensureCoordinatorKey(store, undefined, AT);
    expect(first.issued).toBe(true);
    const parsed = parseToken(first.token!)!;
    const key = await loadApiKey(store, parsed.keyId);
    expect(key).toMatchObject({ role: 'coordinator', revocation: null });
    expect(secretMatches(parsed.secret, key!.secretHash)).toBe(true);
    const second = await ensureCoordinatorKey(store, undefined, AT);
    expect(second).toEqual({ keyId: parsed.keyId, token: null, issued: false });
    expect((await store.head()).position).toBe(1);
  });

  it('takes the key from ROADMAP_BOOTSTRAP_KEY, idempotently, and refuses a malformed one', async () => {
    const store = new MemoryEventStore();
    const token = 'rl_bootstrap01_abcdefghijklmnopqrstuvwxyz012345';
    expect(await ensureCoordinatorKey(store, token, AT)).toMatchObject({ keyId: 'bootstrap01', issued: true });
    expect(await ensureCoordinatorKey(store, token, AT)).toMatchObject({ keyId: 'bootstrap01', issued: false });
    expect(
      secretMatches('abcdefghijklmnopqrstuvwxyz012345', (await loadApiKey(store, 'bootstrap01'))!.secretHash),
    ).toBe(true);
    await expect(ensureCoordinatorKey(store, 'not-a-key', AT)).rejects.toThrow(/ROADMAP_BOOTSTRAP_KEY/);
  });
});
