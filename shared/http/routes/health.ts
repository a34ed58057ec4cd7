// GET /health: the log head, how far the views have got, and whether the projector is
// stuck on an event (then `degraded` with 503, so load balancers and alarms notice).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { jsonResponse, problems } from '../openapi-common';

const Health = {
  head: z.object({ position: z.number().int().nonnegative(), hash: z.string() }),
  views: z.object({
    position: z.number().int().nonnegative().describe('The last log position the views reflect.'),
    lag: z.number().int().nonnegative().describe('Events appended but not yet in the views.'),
  }),
};
const HealthySchema = z.object({ status: z.literal('ok'), ...Health }).openapi('Health');
const DegradedSchema = z
  .object({
    status: z.literal('degraded'),
    ...Health,
    stuck: z
      .object({
        position: z.number().int().positive(),
        type: z.string(),
        streamId: z.string(),
        code: z.string().describe('The error the event fails with.'),
        message: z.string(),
        since: z.string().describe('When the projector first failed there.'),
      })
      .describe('The event the projector cannot get past.'),
  })
  .openapi('HealthDegraded');

const route = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  tags: ['health'],
  summary: 'The log head, the views checkpoint and lag, and whether the projector is stuck',
  security: [],
  responses: {
    200: jsonResponse(HealthySchema, 'The store answers and the projector is not stuck'),
    503: {
      description:
        'degraded: the projector is stuck on an event (body: HealthDegraded); or DynamoDB does not answer (problem details)',
      content: {
        'application/json': { schema: DegradedSchema },
        ...problems(503)[503].content,
      },
    },
  },
});

export function healthRoutes(deps: ApiDeps) {
  return new OpenAPIHono<ApiEnv>().openapi(route, async (c) => {
    const views = await deps.views();
    const [head, checkpoint, failure] = await Promise.all([
      deps.store.head(),
      views.checkpoint(),
      views.projectorFailure(),
    ]);
    const state = {
      head,
      views: { position: checkpoint.position, lag: Math.max(0, head.position - checkpoint.position) },
    };
    if (failure && failure.position > checkpoint.position) {
      return c.json({ status: 'degraded' as const, ...state, stuck: failure }, 503);
    }
    return c.json({ status: 'ok' as const, ...state }, 200);
  });
}
