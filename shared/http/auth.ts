// Bearer API keys, checked against the key's own stream in the log (strongly
// consistent, so a revocation holds from the next request on).
import type { MiddlewareHandler } from 'hono';
import { apiKeyStreamId, foldApiKey, parseEventData } from '../domain';
import { parseToken, secretMatches } from './api-keys';
import type { ApiDeps } from './deps';
import type { ApiEnv } from './env';
import { problem } from './problem';

export function authenticate(deps: ApiDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const [scheme, token] = header.split(/\s+/, 2);
    const unauthorized = (detail: string) =>
      problem(c, 401, {
        code: 'unauthorized',
        detail,
        headers: { 'www-authenticate': 'Bearer realm="roadmap-ledger"' },
      });
    if (!header) return unauthorized('Send an API key: Authorization: Bearer rl_<keyId>_<secret>.');
    if (scheme?.toLowerCase() !== 'bearer' || !token) return unauthorized('Use the Bearer scheme.');
    const parsed = parseToken(token);
    if (!parsed) return unauthorized('The API key is malformed.');
    const events = await deps.store.readStream(apiKeyStreamId(parsed.keyId));
    const key = foldApiKey(events.map((e) => parseEventData(e.type, e.schemaVersion, e.data)));
    if (!key || !secretMatches(parsed.secret, key.secretHash)) return unauthorized('The API key is not known.');
    if (key.revocation) return unauthorized('The API key was revoked.');
    c.set('actor', { keyId: key.keyId, role: key.role, ...(key.executorId ? { executorId: key.executorId } : {}) });
    c.set('logger', c.get('logger').child({ keyId: key.keyId, role: key.role }));
    return next();
  };
}
