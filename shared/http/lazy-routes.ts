// Every route of the manifest mounted on the app with a handler that imports its area on
// the first request to it and runs the area's own chain (validators, handler) on the same
// context: errors reach the app's onError, the gate has run before, and a cold function
// evaluates only the zod and OpenAPI definitions of the area it serves.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Handler, Next } from 'hono';
import type { ApiDeps } from './deps';
import type { ApiEnv } from './env';
import { ROUTE_MANIFEST } from './route-manifest';
import { honoPath } from './route-table';
import { AREA_ORDER, ROUTE_AREAS, type RouteArea } from './routes';

type Area = OpenAPIHono<ApiEnv>;

export function mountLazyRoutes(app: Area, deps: ApiDeps) {
  const loaded = new Map<RouteArea, Promise<Area>>();
  const load = (area: RouteArea) => {
    let loading = loaded.get(area);
    if (!loading) {
      loading = ROUTE_AREAS[area]().then((build) => {
        const sub = build(deps);
        // Validation problems as the app answers them (mounting with app.route() did this).
        sub.defaultHook = app.defaultHook;
        return sub;
      });
      // A failed import (it should not fail) is tried again by the next request.
      loading.catch(() => loaded.delete(area));
      loaded.set(area, loading);
    }
    return loading;
  };
  for (const route of ROUTE_MANIFEST) {
    const path = honoPath(route.path);
    let chain: Handler<ApiEnv>[] | undefined;
    app.on(route.method, path, async (c: Context<ApiEnv>, next: Next) => {
      chain ??= (await load(route.area)).routes
        .filter((r) => r.method === route.method && r.path === path)
        .map((r) => r.handler as Handler<ApiEnv>);
      return run(chain, c, next);
    });
  }
  /** Every area, loaded, in mount order: what the OpenAPI document is built from. */
  return { all: () => Promise.all(AREA_ORDER.map(load)) };
}

/** Runs handlers as Hono composes them: a returned response is the answer; the last one's `next` is the app's. */
async function run(chain: Handler<ApiEnv>[], c: Context<ApiEnv>, next: Next): Promise<Response> {
  const dispatch = async (i: number): Promise<void> => {
    const handler = chain[i];
    if (!handler) return next();
    const answer = await handler(c, () => dispatch(i + 1));
    if (answer instanceof Response) c.res = answer;
  };
  await dispatch(0);
  return c.res;
}
