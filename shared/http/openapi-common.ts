// Error responses every route documents: all are RFC 9457 problem details.
import { z } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { ProblemSchema } from './problem';
import { wireRequest } from './wire-schema';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

const DESCRIPTIONS = {
  400: 'Malformed or invalid input; `errors` lists every failing field by path',
  401: 'Missing, malformed, unknown or revoked API key',
  403: "The key may not do this (its role, or another agency's measure)",
  404: 'Not found (the code says what)',
  405: 'The method is not allowed on this path (or this deployment is read-only: the streaming URL); `Allow` lists those that are',
  406: 'The resource does not come in an acceptable media type',
  409: 'A business rule refused the command, or an Idempotency-Key was reused for another request',
  412: 'If-Match names a version the stream is no longer at',
  413: 'The body is larger than the documented limit',
  415: 'The body is not application/json',
  500: "The ledger found its own stored data inconsistent (`store_integrity`, `artifact_integrity`) or failed: never the client's input; an operator is alerted",
  503: 'DynamoDB is unavailable or the views are behind: retry after Retry-After',
} as const;
export type ProblemStatus = keyof typeof DESCRIPTIONS;

/** The problem responses a route can give: exactly these statuses, each as RFC 9457 problem details. */
export function problems<S extends ProblemStatus>(...statuses: S[]): { [K in S]: ReturnType<typeof problem> } {
  return Object.fromEntries(statuses.map((status) => [status, problem(DESCRIPTIONS[status])])) as {
    [K in S]: ReturnType<typeof problem>;
  };
}

/** What any read can answer besides its 200. */
export const READ_PROBLEMS = [400, 401, 500, 503] as const;
/** What any write can answer besides its 201. */
export const WRITE_PROBLEMS = [400, 401, 403, 405, 409, 412, 413, 415, 500, 503] as const;

/** A JSON request body: strict at every depth, optional fields optional; named in the document. */
export function jsonBody<T extends ZodType>(schema: T, name: string) {
  return { content: { 'application/json': { schema: openapi(wireRequest(schema), name) } }, required: true };
}

export const jsonResponse = <T extends ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * `.openapi()` for schemas that may have been built before @hono/zod-openapi
 * extended zod (zod 4 copies methods onto each instance when it is built, so a
 * domain schema created earlier lacks the method; the prototype still has it).
 */
export function openapi<T extends ZodType>(schema: T, ...args: unknown[]): T {
  const method = (z.ZodType.prototype as unknown as { openapi: (...a: unknown[]) => T }).openapi;
  return method.apply(schema, args);
}
