// The pages, loaded on the first request to one of their paths: the API function's other
// requests never parse or evaluate them (README, "Benchmarks"). The loaded pages see the
// API's context variables (request id, logger) and answer errors and unknown routes with
// the API's own handlers, as when they were mounted with app.route().
import { type Context, type ErrorHandler, Hono, type NotFoundHandler } from 'hono';
import type { ApiDeps } from '../http/deps';
import type { ApiEnv } from '../http/env';
import type { PageEnv } from './env';
import { ASSET_ROUTE, PAGE_PATHS } from './paths';

const PARENT = Symbol('the API request the pages answer');
type Bindings = { [PARENT]: Context<ApiEnv> };

export interface ApiHandlers {
  onError: ErrorHandler<ApiEnv>;
  notFound: NotFoundHandler<ApiEnv>;
}

async function loadPages(deps: ApiDeps, handlers: ApiHandlers) {
  const { pageRoutes } = await import('./index');
  type Env = PageEnv & { Bindings: Bindings };
  const pages = new Hono<Env>();
  pages.use('*', async (c, next) => {
    const parent = c.env[PARENT];
    for (const [name, value] of Object.entries(parent.var)) c.set(name as keyof PageEnv['Variables'], value as never);
    await next();
  });
  pages.route('/', pageRoutes(deps));
  pages.onError(handlers.onError as unknown as ErrorHandler<Env>);
  pages.notFound(handlers.notFound as unknown as NotFoundHandler<Env>);
  return pages;
}

/** The pages as a sub-app to mount at `/`: it names only their paths, so /v1 is untouched. */
export function lazyPageRoutes(deps: ApiDeps, handlers: ApiHandlers): Hono<ApiEnv> {
  let loading: ReturnType<typeof loadPages> | undefined;
  const serve = async (c: Context<ApiEnv>) => {
    // A failed load (it should not fail) is tried again by the next request.
    loading ??= loadPages(deps, handlers).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    const pages = await loading;
    const env = { ...(c.env as object), [PARENT]: c } as Bindings;
    return pages.fetch(c.req.raw, env);
  };
  const app = new Hono<ApiEnv>();
  for (const path of [...PAGE_PATHS, ASSET_ROUTE]) app.all(path, serve);
  return app;
}
