// The HTTP API: one Hono app, the same on Lambda and on Node. Sub-apps per
// resource are mounted here; errors are mapped once, in onError.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { METRIC, REFUSAL_CODE_DIMENSION } from '../config/observability';
import { requirePlanScope } from '../domain';
import { AppError } from '../errors';
import { type ApiHandlers, lazyPageRoutes } from '../pages/lazy';
import { lazyChild } from '../runtime/logger';
import { authenticate } from './auth';
import { limitBody } from './body-limit';
import { type ApiDeps, commandsOf } from './deps';
import type { ApiEnv } from './env';
import { MAX_DOCX_BODY_BYTES } from './import-limits';
import { mountLazyRoutes } from './lazy-routes';
import { issuesFromZod, type ProblemInit, problem } from './problem';
import { ROUTE_MANIFEST } from './route-manifest';
import { findRoute, type RouteEntry, routeTable } from './route-table';
import { renderDocsPage } from './routes/docs-page';

/** Largest request body, except for imports (README, "Limits"). */
export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_IMPORT_BODY_BYTES = 2 * 1024 * 1024;
const DOCX_IMPORT_PATH = '/v1/import/docx';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
/** Routes outside the OpenAPI registry: the document and its reference page. */
const PLAIN_ROUTES = ['/openapi.json', '/docs'].map((path) => ({ method: 'GET', path, roles: null, bodyTypes: [] }));

type Refuse = (c: Context, status: number, init: ProblemInit) => Response;

export function createApp(deps: ApiDeps) {
  // Every problem the app answers itself goes through here, so a client's mistakes
  // (4xx) are counted by code: the Refusals metric the dashboard splits by `code`.
  const refuse: Refuse = (c, status, init) => {
    if (status >= 400 && status < 500)
      deps.metrics?.count(METRIC.refusals, 1, { name: REFUSAL_CODE_DIMENSION, value: init.code });
    return problem(c, status, init);
  };
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return refuse(c, 400, {
          code: 'validation_failed',
          detail: `The request ${result.target} is invalid.`,
          errors: issuesFromZod(result.error, result.target === 'json' ? '' : result.target),
        });
      }
      return undefined;
    },
  });

  app.use('*', async (c, next) => {
    // A client's request id goes into logs and events: only a short, safe one is kept.
    const given = c.req.header('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : deps.newId();
    c.set('requestId', requestId);
    c.set('logger', lazyChild(deps.logger, { requestId }));
    // Set before the answer exists, so c.json() and the like build it in: set on a built
    // answer, the header makes Hono copy the response into a stream, and Node's adapter
    // then writes it chunk by chunk (about 0.3 ms a request). Answers built without the
    // context (problem details, pages) get it afterwards.
    c.header('x-request-id', requestId);
    await next();
    if (c.res.headers.get('x-request-id') !== requestId) c.header('x-request-id', requestId);
  });

  // The order every /v1 request is checked in: the key (401), the method (405), the role
  // (403), the media type (415), the size (413), then the route's own validation (400)
  // and the rules (404, 409, 412).
  app.use('/v1/*', async (c, next) => {
    if (deps.readOnly && !['GET', 'HEAD'].includes(c.req.method)) {
      return refuse(c, 405, {
        code: 'read_only_endpoint',
        detail: 'This endpoint only reads; send writes to the API URL.',
        headers: { allow: 'GET, HEAD' },
      });
    }
    return next();
  });
  const auth = authenticate(commandsOf(deps));
  app.use('/v1/*', async (c, next) => {
    // authenticate answers 401 itself: count it here.
    const answer = await auth(c, next);
    if (answer instanceof Response && answer.status === 401) {
      deps.metrics?.count(METRIC.refusals, 1, { name: REFUSAL_CODE_DIMENSION, value: 'unauthorized' });
    }
    return answer;
  });
  let table: readonly RouteEntry[] | undefined;
  const gate = async (c: Context<ApiEnv>, next: () => Promise<void>) => {
    table ??= routeTable([...ROUTE_MANIFEST, ...PLAIN_ROUTES]);
    const { route, allowed } = findRoute(table, c.req.method, c.req.path);
    if (!route) {
      if (allowed.length === 0) return next(); // no such path: 404
      return refuse(c, 405, {
        code: 'method_not_allowed',
        detail: `${c.req.path} takes ${allowed.join(', ')}.`,
        headers: { allow: allowed.join(', ') },
      });
    }
    const actor = c.get('actor');
    if (route.roles && actor && !route.roles.includes(actor.role)) {
      return refuse(c, 403, {
        code: 'forbidden_role',
        detail: `The ${actor.role} role may not ${c.req.method} ${route.path}.`,
        role: actor.role,
      });
    }
    // A key limited to plans is refused another plan's routes with its role: before the body.
    const planId = route.pattern.exec(c.req.path)?.groups?.planId;
    if (actor && planId !== undefined) requirePlanScope(actor, decodePathPart(planId));
    if (route.bodyTypes.length > 0) {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!route.bodyTypes.includes(type)) {
        return refuse(c, 415, {
          code: 'unsupported_media_type',
          detail: `Send the body as ${route.bodyTypes.join(' or ')}.`,
        });
      }
    }
    return next();
  };
  app.use('/v1/*', gate);
  for (const path of ['/health', '/openapi.json', '/docs']) app.use(path, gate);
  const limit = (maxSize: number) =>
    limitBody<Context<ApiEnv>>(maxSize, (c) =>
      refuse(c, 413, {
        code: 'body_too_large',
        detail: `The body may be at most ${maxSize} bytes.`,
        limit: maxSize,
      }),
    );
  app.use('/v1/import', limit(MAX_IMPORT_BODY_BYTES));
  app.use(DOCX_IMPORT_PATH, limit(MAX_DOCX_BODY_BYTES));
  app.use('/v1/*', async (c, next) =>
    c.req.path === '/v1/import' || c.req.path === DOCX_IMPORT_PATH ? next() : limit(MAX_BODY_BYTES)(c, next),
  );

  const areas = mountLazyRoutes(app, deps);
  // The web pages (README, "Pages"); not on the read-only streaming deployment.
  const { notFound, onError } = apiHandlers(deps, refuse);
  if (!deps.readOnly) app.route('/', lazyPageRoutes(deps, { notFound, onError }));

  const document = {
    openapi: '3.1.0',
    info: {
      title: 'Roadmap execution ledger',
      version: '1.0.0',
      description:
        'Event-sourced record of how a cooperation roadmap is carried out, and its yearly execution report. ' +
        'Writes take an Idempotency-Key and an optional If-Match; errors are RFC 9457 problem details. ' +
        'Checks come in a fixed order: 401 (key), 405 (method), 403 (role, `x-roles`), 415 (media type), ' +
        '413 (size), 400 (input), then the rules (404, 409, 412).',
      contact: { name: 'Roadmap ledger team', url: 'https://roadmap-ledger.dev/' },
      license: { name: 'Proprietary', url: 'https://roadmap-ledger.dev/license' },
    },
    servers: [{ url: '/', description: 'The deployment that serves this document' }],
    tags: [
      { name: 'executors', description: 'The executors: departments, institutions, their renames and liquidations' },
      { name: 'plans', description: 'The plan: sections and measures, and imports' },
      { name: 'executions', description: 'What the agencies report on their measures' },
      { name: 'access', description: 'API keys and the caller' },
      { name: 'reports', description: 'The yearly report, live, as of a moment, and published' },
      { name: 'audit', description: 'The log, its export and verification, and what changed' },
      { name: 'health', description: 'Whether the service, its store and its views are well' },
    ],
  };
  // Built on the first request for it, from every area mounted in order on an app of its own.
  let openApi: Promise<ReturnType<OpenAPIHono<ApiEnv>['getOpenAPI31Document']>> | undefined;
  const openApiDocument = () => {
    openApi ??= areas.all().then((subs) => {
      const whole = new OpenAPIHono<ApiEnv>();
      for (const sub of subs) whole.route('/', sub);
      whole.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
        type: 'http',
        scheme: 'bearer',
        description: 'API key: `Authorization: Bearer rl_<keyId>_<secret>`',
      });
      return whole.getOpenAPI31Document({ ...document, security: [{ apiKey: [] }] });
    });
    openApi.catch(() => {
      openApi = undefined;
    });
    return openApi;
  };
  app.get('/openapi.json', async (c) => c.json(await openApiDocument()));
  let docsPage: string | undefined;
  app.get('/docs', async (c) => {
    docsPage ??= renderDocsPage((await openApiDocument()) as never);
    return c.html(docsPage);
  });

  app.notFound(notFound);
  app.onError(onError);
  return app;
}

export type ApiApp = ReturnType<typeof createApp>;

function apiHandlers(deps: ApiDeps, refuse: Refuse): ApiHandlers {
  const notFound = (c: Context<ApiEnv>) =>
    refuse(c, 404, { code: 'route_not_found', detail: `No route for ${c.req.method} ${c.req.path}.` });
  const onError = (error: Error, c: Context<ApiEnv>) => {
    if (error instanceof AppError) {
      const headers = error.status === 503 ? { 'retry-after': '2' } : undefined;
      return refuse(c, error.status, {
        code: error.code,
        detail: error.message,
        ...error.extras,
        ...(headers ? { headers } : {}),
      });
    }
    if (error instanceof HTTPException) {
      const status = error.status;
      const code = status === 400 ? 'malformed_request' : `http_${status}`;
      return refuse(c, status, { code, detail: error.message || 'The request could not be read.' });
    }
    (c.get('logger') ?? deps.logger).error('unhandled error', { error, path: c.req.path, method: c.req.method });
    return problem(c, 500, {
      code: 'internal_error',
      detail: 'Something went wrong on our side; the request id identifies it in the logs.',
    });
  };
  return { notFound, onError };
}

function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part; // malformed: not a plan id, and refused as such
  }
}
