// Error responses every route documents: all are RFC 9457 problem details.
import { z } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { ProblemSchema } from './problem';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

export const errorResponses = {
  400: problem('Malformed or invalid input; `errors` lists every failing field by path'),
  401: problem('Missing, unknown or revoked API key'),
  403: problem("The key may not do this (role, or another agency's measure)"),
  404: problem('Not found'),
  409: problem('A business rule refused the command, or a duplicate'),
  412: problem('If-Match names a version the stream is no longer at'),
  413: problem('The body is larger than the documented limit'),
  415: problem('The body is not application/json'),
  406: problem('The resource does not come in an acceptable media type'),
  503: problem('The store is unavailable or the views are behind; retry after Retry-After'),
};

/**
 * `.openapi()` for schemas that may have been built before @hono/zod-openapi
 * extended zod (zod 4 copies methods onto each instance when it is built, so a
 * domain schema created earlier lacks the method; the prototype still has it).
 */
export function openapi<T extends ZodType>(schema: T, ...args: unknown[]): T {
  const method = (z.ZodType.prototype as unknown as { openapi: (...a: unknown[]) => T }).openapi;
  return method.apply(schema, args);
}
