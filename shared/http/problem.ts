// RFC 9457 problem details: the one shape every error response has.

import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import type { FieldIssue } from '../errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://roadmap-ledger.dev/problems/validation_failed' }),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ description: 'Stable machine-readable code; see README "Error codes".' }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'For validation failures: every failing field, by JSON path.' }),
  })
  .passthrough()
  .openapi('Problem');

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  428: 'Precondition Required',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ProblemInit {
  code: string;
  detail?: string;
  title?: string;
  errors?: FieldIssue[];
  headers?: Record<string, string>;
  [extra: string]: unknown;
}

export function problemBody(status: number, init: ProblemInit, instance?: string, requestId?: string) {
  const { code, detail, title, errors, headers: _headers, ...extras } = init;
  return {
    type: `https://roadmap-ledger.dev/problems/${code}`,
    title: title ?? TITLES[status] ?? 'Error',
    status,
    code,
    ...(detail !== undefined ? { detail } : {}),
    ...(instance !== undefined ? { instance } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(errors !== undefined ? { errors } : {}),
    ...extras,
  };
}

export function problem(c: Context, status: number, init: ProblemInit): Response {
  const requestId = c.get('requestId' as never) as string | undefined;
  const body = problemBody(status, init, c.req.path, requestId);
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...(init.headers ?? {}) },
  });
}

/** `executors[1].executorId`-style paths, `(root)` for the whole body. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

export function issuesFromZod(error: ZodError, prefix = ''): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const base = [...(prefix ? [prefix] : []), ...issue.path];
    // An unknown field is named by its own path, one issue each.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: issuePath([...base, key]), message: 'is not a field of this request' }));
    }
    return [{ path: issuePath(base), message: issue.message }];
  });
}
