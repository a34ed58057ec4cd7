// /v1/me: who the key is, and for an agency key its worklist: the measures it
// answers for (directly or as a successor), entries per year, and the gaps.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { inPlanScope } from '../../domain';
import { ForbiddenError } from '../../errors';
import { getWorklist } from '../../views/queries';
import { WorklistSchema } from '../../views/responses';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { jsonResponse, openapi, problems, READ_PROBLEMS } from '../openapi-common';
import { ReadQuerySchema, readState, wholeNumber } from '../read-context';

const MeQuery = ReadQuerySchema.extend({
  year: wholeNumber(1990, 2100, 'The year to look for gaps in (default: the current year).').optional(),
});

export function meRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me',
      operationId: 'getMe',
      tags: ['access'],
      summary: 'The calling key: id, role, executor, and its scope (party, plans)',
      responses: {
        200: jsonResponse(
          z
            .object({
              keyId: z.string(),
              role: z.enum(['coordinator', 'agency', 'auditor']),
              executorId: z.string().optional(),
              party: z.string().optional().openapi({ description: 'The party a coordinator key is limited to.' }),
              planIds: z.array(z.string()).optional().openapi({ description: 'The plans the key is limited to.' }),
            })
            .openapi('Me'),
          'The key this request came with',
        ),
        ...problems(401, 500, 503),
      },
    }),
    (c) => {
      const { keyId, role, executorId, party, planIds } = c.get('actor');
      // Only API keys come over HTTP, and no key has the system role.
      if (role === 'system') throw new Error('the system actor has no API key');
      return c.json(
        {
          keyId,
          role,
          ...(executorId ? { executorId } : {}),
          ...(party !== undefined ? { party } : {}),
          ...(planIds !== undefined ? { planIds: [...planIds] } : {}),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/measures',
      operationId: 'getWorklist',
      'x-roles': ['agency'],
      tags: ['access'],
      summary: "The agency's worklist",
      request: { query: MeQuery },
      responses: {
        200: jsonResponse(openapi(WorklistSchema, 'Worklist'), 'Worklist'),
        ...problems(...READ_PROBLEMS, 403, 404),
      },
    }),
    async (c) => {
      const actor = c.get('actor');
      if (!actor.executorId) throw new ForbiddenError('not_an_agency_key', 'Only an agency key has a worklist.');
      const query = c.req.valid('query');
      const state = await readState(c, deps, query);
      const year = query.year ?? deps.clock().getUTCFullYear();
      // A key limited to plans works on those plans only.
      const measures = (await getWorklist(state.views, actor.executorId, year)).filter((m) =>
        inPlanScope(actor, m.planId),
      );
      return c.json(
        {
          position: state.position,
          executorId: actor.executorId,
          year,
          measures,
          missing: measures.filter((m) => m.missingForYear).map((m) => ({ planId: m.planId, number: m.number })),
        },
        200,
      );
    },
  );
  return app;
}
