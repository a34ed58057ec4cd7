// Error responses every route documents: all are RFC 9457 problem details.
import { z } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { REFUSALS, type RefusalCode } from '../domain/refusals';
import { ForbiddenError, NotFoundError, RuleViolation } from '../errors';
import { ProblemSchema } from './problem';
import { wireRequest } from './wire-schema';

const refusals = (kind: (typeof REFUSALS)[RefusalCode]) =>
  (Object.keys(REFUSALS) as RefusalCode[]).filter((code) => REFUSALS[code] === kind);

/**
 * The codes each status comes with, whichever route answers it: the document lists them
 * (an enum on `code`), so a client can switch on them and the contract tests hold every
 * answer to them. A new code goes here, or the tests that meet it fail.
 */
export const PROBLEM_CODES = {
  400: [
    'validation_failed',
    'malformed_request',
    'invalid_if_match',
    'not_a_docx',
    'not_a_report',
    'plan_unknown',
    'unreadable_export_line',
    // Merkle proofs asked for with positions or sizes that cannot have one.
    'position_out_of_range',
    'invalid_range',
    'invalid_size',
    'leaf_out_of_range',
  ],
  401: ['unauthorized'],
  403: [...refusals(ForbiddenError), 'not_an_agency_key'],
  404: [
    'route_not_found',
    ...refusals(NotFoundError),
    'stream_not_found',
    'publication_not_found',
    'year_outside_plan',
    'tree_size_unavailable',
  ],
  405: ['method_not_allowed', 'read_only_endpoint'],
  406: ['not_acceptable'],
  409: [...refusals(RuleViolation), 'version_conflict', 'idempotency_key_reused'],
  412: ['version_mismatch'],
  413: ['body_too_large', 'docx_too_large', 'event_too_large', 'too_many_events', 'append_too_large'],
  415: ['unsupported_media_type'],
  // The ledger's own data found inconsistent, or a failure of ours: never the client's input.
  500: [
    'internal_error',
    'store_inconsistent',
    'artifact_integrity',
    'corrupt_artifact',
    'corrupt_command_guard',
    'corrupt_event_item',
    'corrupt_index_item',
    'corrupt_view_document',
    'corrupt_view_item',
    'invalid_event_data',
    'unknown_event_type',
    'unknown_event_version',
  ],
  503: ['store_unavailable', 'store_needs_upgrade', 'store_layout_newer', 'checkpoint_unavailable'],
} as const satisfies Record<number, readonly string[]>;

const problemSchemas = new Map<number, ZodType>();
/** Problem details whose `code` is one of the status's codes, as a named component. */
function problemSchema(status: ProblemStatus): ZodType {
  let schema = problemSchemas.get(status);
  if (!schema) {
    const codes = PROBLEM_CODES[status] as unknown as [string, ...string[]];
    schema = ProblemSchema.extend({
      code: z.enum(codes).openapi({ description: `Stable machine-readable code: what went wrong (${status}).` }),
    }).openapi(`Problem${status}`);
    problemSchemas.set(status, schema);
  }
  return schema;
}

const problem = (status: ProblemStatus) => ({
  description: DESCRIPTIONS[status],
  content: { 'application/problem+json': { schema: problemSchema(status) } },
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
  return Object.fromEntries(statuses.map((status) => [status, problem(status)])) as {
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
