// POST /v1/import: a whole plan and its history from one JSON document, applied as
// ordinary commands; importing the same document again changes nothing.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { runImport } from '../../commands/run-import';
import { ImportDocumentSchema } from '../../import/document';
import { KEEPERS } from '../command-route';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { jsonBody, jsonResponse, problems } from '../openapi-common';

const ImportResultSchema = z
  .object({
    steps: z.number().int(),
    applied: z.number().int(),
    unchanged: z.number().int(),
    refused: z.array(
      z.object({
        step: z.number().int(),
        label: z.string(),
        status: z.number().int(),
        code: z.string(),
        message: z.string(),
      }),
    ),
    lastPosition: z.number().int().nullable(),
  })
  .openapi('ImportResult');

export function importRoutes(deps: ApiDeps) {
  return new OpenAPIHono<ApiEnv>().openapi(
    createRoute({
      method: 'post',
      path: '/v1/import',
      operationId: 'importDocument',
      'x-roles': KEEPERS,
      tags: ['plans'],
      summary: 'Import executors, a plan, its measures and entries from one document (coordinator)',
      description:
        'Format `roadmap-ledger/import@1` (see README). Body limit 2 MiB. 200 with a report of what was applied, unchanged and refused.',
      request: { body: jsonBody(ImportDocumentSchema, 'ImportDocument') },
      responses: {
        200: jsonResponse(ImportResultSchema, 'The import report'),
        ...problems(400, 401, 403, 405, 413, 415, 500, 503),
      },
    }),
    async (c) => {
      const actor = c.get('actor');
      const report = await runImport(deps.store, c.req.valid('json'), {
        actor,
        at: deps.clock().toISOString(),
        correlationId: c.get('requestId'),
        credential: { keyId: actor.keyId },
      });
      if (report.lastPosition !== null) {
        deps.onAppended?.(report.lastPosition);
        c.header('x-position', String(report.lastPosition));
      }
      return c.json(report, 200);
    },
  );
}
