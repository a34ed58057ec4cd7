// Error responses every route documents: all are RFC 9457 problem details.
import { ProblemSchema } from './problem';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

export const errorResponses = {
  400: problem('Malformed or invalid input; `errors` lists every failing field by path'),
  401: problem('Missing, unknown or revoked API key'),
  403: problem('The key may not do this (role, or another agency\'s measure)'),
  404: problem('Not found'),
  409: problem('A business rule refused the command, or a duplicate'),
  412: problem('If-Match names a version the stream is no longer at'),
  413: problem('The body is larger than the documented limit'),
  415: problem('The body is not application/json'),
  503: problem('The store is unavailable or the views are behind; retry after Retry-After'),
};
