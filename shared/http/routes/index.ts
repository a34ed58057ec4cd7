// The API's resources, one sub-app per area, in the order they are mounted. Each is
// imported on the first request to one of its routes (../lazy-routes.ts): a cold
// function evaluates only the area it serves. Their paths are in ../route-manifest.ts.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';

type Area = (deps: ApiDeps) => OpenAPIHono<ApiEnv>;

export const ROUTE_AREAS = {
  health: () => import('./health').then((m): Area => m.healthRoutes),
  executors: () => import('./executors').then((m): Area => m.executorRoutes),
  plans: () => import('./plans').then((m): Area => m.planRoutes),
  progress: () => import('./progress').then((m): Area => m.progressRoutes),
  executions: () => import('./executions').then((m): Area => m.executionRoutes),
  keys: () => import('./keys').then((m): Area => m.keyRoutes),
  import: () => import('./import').then((m): Area => m.importRoutes),
  importDocx: () => import('./import-docx').then((m): Area => m.importDocxRoutes),
  me: () => import('./me').then((m): Area => m.meRoutes),
  reports: () => import('./reports').then((m): Area => m.reportRoutes),
  audit: () => import('./audit').then((m): Area => m.auditRoutes),
  proofs: () => import('./proofs').then((m): Area => m.proofRoutes),
} as const;

export type RouteArea = keyof typeof ROUTE_AREAS;

/** The areas in mount order: their routes, and the OpenAPI document's paths, come in this order. */
export const AREA_ORDER = Object.keys(ROUTE_AREAS) as RouteArea[];
