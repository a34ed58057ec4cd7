// Bearer API keys, checked against the key's own stream through the command path's
// cache. A read costs one strongly consistent read of the key's tip; a write trusts the
// cached state because its commit checks the key's version, so a revocation holds from
// the next request on, whichever process served it.
import type { MiddlewareHandler } from 'hono';
import type { CommandPath } from '../commands/command-path';
import type { Actor } from '../domain/actor';
import { parseToken, secretMatches } from './api-keys';
import type { ApiEnv } from './env';
import { problem } from './problem';

const READS = new Set(['GET', 'HEAD']);

type KeyState = NonNullable<Awaited<ReturnType<CommandPath['apiKey']>>>;

/** The actor a valid key acts as: its role, executor and scope, as issued (the API and the pages alike). */
export function actorOfKey(key: KeyState): Actor {
  return {
    keyId: key.keyId,
    role: key.role,
    ...(key.executorId ? { executorId: key.executorId } : {}),
    // The key's scope: what the deciders and the plan reads hold it to.
    ...(key.party !== null ? { party: key.party } : {}),
    ...(key.planIds !== null ? { planIds: key.planIds } : {}),
  };
}

export function authenticate(commands: CommandPath): MiddlewareHandler<ApiEnv> {
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
    const key = await commands.apiKey(parsed.keyId, READS.has(c.req.method));
    if (!key || !secretMatches(parsed.secret, key.secretHash)) return unauthorized('The API key is not known.');
    if (key.revocation) return unauthorized('The API key was revoked.');
    c.set('actor', actorOfKey(key));
    c.set('logger', c.get('logger').child({ keyId: key.keyId, role: key.role }));
    return next();
  };
}
