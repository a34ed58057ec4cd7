// Mounts every resource's sub-app on the API.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { executorRoutes } from './executors';
import { planRoutes } from './plans';
import { executionRoutes } from './executions';
import { keyRoutes } from './keys';
import { importRoutes } from './import';
import { meRoutes } from './me';
import { reportRoutes } from './reports';
import { auditRoutes } from './audit';

export function registerRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  app.route('/', executorRoutes(deps));
  app.route('/', planRoutes(deps));
  app.route('/', executionRoutes(deps));
  app.route('/', keyRoutes(deps));
  app.route('/', importRoutes(deps));
  app.route('/', meRoutes(deps));
  app.route('/', reportRoutes(deps));
  app.route('/', auditRoutes(deps));
}
