// Mounts every resource's sub-app on the API.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { auditRoutes } from './audit';
import { executionRoutes } from './executions';
import { executorRoutes } from './executors';
import { importRoutes } from './import';
import { importDocxRoutes } from './import-docx';
import { keyRoutes } from './keys';
import { meRoutes } from './me';
import { planRoutes } from './plans';
import { progressRoutes } from './progress';
import { reportRoutes } from './reports';

export function registerRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDeps): void {
  app.route('/', executorRoutes(deps));
  app.route('/', planRoutes(deps));
  app.route('/', progressRoutes(deps));
  app.route('/', executionRoutes(deps));
  app.route('/', keyRoutes(deps));
  app.route('/', importRoutes(deps));
  app.route('/', importDocxRoutes(deps));
  app.route('/', meRoutes(deps));
  app.route('/', reportRoutes(deps));
  app.route('/', auditRoutes(deps));
}
