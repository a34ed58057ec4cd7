// /v1/plans/{planId}/progress: who has reported for a year, per measure and executor,
// and when last; with ?party= one party's executors. The coordinator's page reads it.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { MeasureNumberSchema } from '../../domain';
import { textSchema } from '../../domain/fields';
import { MAX_NAME_LENGTH, MAX_YEAR, MIN_YEAR } from '../../domain/limits';
import { planProgress } from '../../views/progress';
import { PlanProgressSchema } from '../../views/responses';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { jsonResponse, openapi, problems, READ_PROBLEMS } from '../openapi-common';
import { PageQuery, readState } from '../read-context';
import { PlanParams } from './plans';

const ProgressQuery = PageQuery(MeasureNumberSchema, 'measures after this number (natural order)').extend({
  year: z.coerce
    .number()
    .int()
    .min(MIN_YEAR)
    .max(MAX_YEAR)
    .optional()
    .openapi({ description: 'The year (default: the current year).', example: 2023 }),
  party: textSchema(MAX_NAME_LENGTH).optional().openapi({
    description: 'A party of the plan: its executors only, and the measures where it has one.',
    example: 'Смоленская область',
  }),
});

export function progressRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/plans/{planId}/progress',
      operationId: 'getPlanProgress',
      tags: ['plans'],
      summary: 'Per measure and per executor: has it reported for the year, how many entries, when last',
      description:
        "A page of the plan's measures in natural order. An executor has reported when an entry of its (not withdrawn) touches the year.",
      request: { params: PlanParams, query: ProgressQuery },
      responses: {
        200: jsonResponse(openapi(PlanProgressSchema, 'PlanProgress'), 'Progress for the year'),
        ...problems(...READ_PROBLEMS, 403, 404),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const state = await readState(c, deps, query);
      const progress = await planProgress(state.views, c.req.valid('param').planId, {
        year: query.year ?? deps.clock().getUTCFullYear(),
        party: query.party ?? null,
        after: query.after,
        limit: query.limit,
      });
      return c.json({ position: state.position, replayed: state.replayed, ...progress }, 200);
    },
  );
  return app;
}
