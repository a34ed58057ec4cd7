// What every write route shares: the Idempotency-Key (the command id), If-Match
// (optimistic concurrency), the request fingerprint, the actor and the answer.

import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { commandStreamId, type DomainCommand } from '../domain';
import { ValidationError } from '../errors';
import { canonicalJson, sha256Hex } from '../store/canonical';
import { type ApiDeps, commandsOf } from './deps';
import type { ApiEnv } from './env';

/** Who may call a route (its `x-roles`): checked before the body is read (403 before 400). */
export const KEEPERS = ['coordinator'];
export const REPORTERS = ['coordinator', 'agency'];
export const KEY_READERS = ['coordinator', 'auditor'];

export const WriteHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 printable ASCII characters')
    .optional()
    .openapi({
      description: 'Makes the write safe to retry: a retry with the same key and body gets the first answer.',
    }),
  'if-match': z
    .string()
    .regex(/^(?:W\/)?"?\d{1,15}"?$/, 'must be a stream version such as "3"')
    .optional()
    .openapi({ description: 'The stream version the client last saw (e.g. "3"); 412 if the stream moved on.' }),
});

export const WriteResultSchema = z
  .object({
    streamId: z.string(),
    version: z
      .number()
      .int()
      .openapi({ description: 'The stream version after the write (use it as If-Match next time).' }),
    position: z.number().int().openapi({
      description: 'Global log position of the last event written; pass it as X-Min-Position to read your write.',
    }),
    firstPosition: z.number().int(),
    eventIds: z.array(z.string()),
    commandId: z.string(),
    duplicate: z.boolean().openapi({ description: 'True when this answers a retry of an earlier request.' }),
    ids: z.record(z.string(), z.string()).openapi({ description: 'Ids of what the write created or addressed.' }),
  })
  .openapi('WriteResult');

export const writeResponses = {
  201: {
    description: 'Written (or, for a retried Idempotency-Key, the first answer again with `duplicate: true`)',
    headers: z.object({
      etag: z.string().openapi({ description: 'The stream version after the write, e.g. "3": send it as If-Match.' }),
      'x-position': z.string().openapi({ description: 'The log position of the last event written.' }),
    }),
    content: { 'application/json': { schema: WriteResultSchema } },
  },
};

function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header.trim());
  if (!match)
    throw new ValidationError(
      'If-Match must be a stream version such as "3".',
      [{ path: 'If-Match', message: 'not a version' }],
      'invalid_if_match',
    );
  return Number(match[1]);
}

/** A command id for a request: the client's key, or a fresh one (then no retry safety). */
export function commandIdOf(c: Context<ApiEnv>, deps: ApiDeps): string {
  const key = c.req.header('idempotency-key');
  // Scoped by API key: two clients that pick the same key never collide.
  return key ? `key:${c.get('actor').keyId}:${key}` : `request:${c.get('requestId') ?? deps.newId()}`;
}

/** An id derived from an idempotency key (the header, or a page's form key), so a retry names the same thing. */
export function idFromKey(salt: string, keyId: string, idempotencyKey: string): string {
  return sha256Hex(`${salt}\u0000${keyId}\u0000${idempotencyKey}`).slice(0, 20);
}

/** An id derived from the Idempotency-Key, so a retried request names the same thing. */
export function derivedId(c: Context<ApiEnv>, deps: ApiDeps, salt: string): string {
  const key = c.req.header('idempotency-key');
  return key ? idFromKey(salt, c.get('actor').keyId, key) : deps.newId().replace(/-/g, '').slice(0, 20);
}

/** What makes a retry "the same request": method, path, body and key. */
export function requestFingerprint(method: string, path: string, body: unknown, keyId: string): string {
  return sha256Hex(canonicalJson({ method, path, body: body ?? null, keyId }));
}

export async function runCommand(
  c: Context<ApiEnv>,
  deps: ApiDeps,
  command: DomainCommand,
  body: unknown,
  ids: Record<string, string>,
) {
  // Idempotency-Key itself is validated with the route's headers (WriteHeadersSchema).
  const expectedVersion = parseIfMatch(c.req.header('if-match'));
  const fingerprint = requestFingerprint(c.req.method, c.req.path, body, command.actor.keyId);
  const result = await commandsOf(deps).execute(command, {
    commandId: commandIdOf(c, deps),
    fingerprint,
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    correlationId: c.get('requestId'),
    recordedAt: command.at,
    credential: { keyId: command.actor.keyId },
  });
  deps.onAppended?.(result.lastPosition);
  c.header('etag', `"${result.lastVersion}"`);
  c.header('x-position', String(result.lastPosition));
  return c.json(
    {
      streamId: commandStreamId(command),
      version: result.lastVersion,
      position: result.lastPosition,
      firstPosition: result.firstPosition,
      eventIds: result.eventIds,
      commandId: result.commandId,
      duplicate: result.duplicate,
      ids,
    },
    201,
  );
}

/** The actor and the request instant, for a command. */
export function envelope(c: Context<ApiEnv>, deps: ApiDeps) {
  return { actor: c.get('actor'), at: deps.clock().toISOString() };
}
