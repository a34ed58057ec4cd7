// GET /health: liveness plus the log head and how far the views have got.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';

const HealthSchema = z
  .object({
    status: z.literal('ok'),
    head: z.object({ position: z.number().int(), hash: z.string() }),
    views: z.object({ position: z.number().int(), lag: z.number().int() }),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Liveness, the log head position and the views checkpoint',
  security: [],
  responses: {
    200: { description: 'The service and its store answer', content: { 'application/json': { schema: HealthSchema } } },
  },
});

export function healthRoutes(deps: ApiDeps) {
  return new OpenAPIHono<ApiEnv>().openapi(route, async (c) => {
    const head = await deps.store.head();
    const checkpoint = await (await deps.views()).checkpoint();
    return c.json(
      {
        status: 'ok' as const,
        head,
        views: { position: checkpoint.position, lag: head.position - checkpoint.position },
      },
      200,
    );
  });
}
