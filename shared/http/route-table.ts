// What the app knows of its own routes before it loads them: the method, the path, who may
// call it (`x-roles`) and what body it takes, read from the OpenAPI registry every route is
// declared in and kept in ./route-manifest.ts. One gate answers from it in the documented
// order: 405 for a path that takes other methods, then 403 for a role the route does not
// admit, then 415 for a body it does not take.
import type { OpenAPIHono } from '@hono/zod-openapi';

type OpenAPIRegistry = OpenAPIHono['openAPIRegistry'];

/** A route as declared in the OpenAPI registry; `area` names the sub-app that serves it. */
export interface RouteDeclaration<Area extends string = string> {
  area: Area;
  method: string;
  /** OpenAPI form: `/v1/plans/{planId}`. */
  path: string;
  /** The roles that may call it; null: any key. */
  roles: readonly string[] | null;
  /** The media types its body may come in (empty: it takes none). */
  bodyTypes: readonly string[];
}

export interface RouteEntry extends Omit<RouteDeclaration, 'area'> {
  pattern: RegExp;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** The routes an area's registry declares, in the order it declared them. */
export function declaredRoutes<Area extends string>(registry: OpenAPIRegistry, area: Area): RouteDeclaration<Area>[] {
  const declared: RouteDeclaration<Area>[] = [];
  for (const definition of registry.definitions) {
    if (definition.type !== 'route') continue;
    const route = definition.route as typeof definition.route & { 'x-roles'?: string[] };
    const content = (route.request?.body as { content?: Record<string, unknown> } | undefined)?.content;
    declared.push({
      area,
      method: route.method.toUpperCase(),
      path: route.path,
      roles: route['x-roles'] ?? null,
      bodyTypes: Object.keys(content ?? {}),
    });
  }
  return declared;
}

/** `/v1/plans/{planId}` as Hono writes it: `/v1/plans/:planId`. */
export const honoPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

export function routeTable(declared: readonly Omit<RouteDeclaration, 'area'>[]): readonly RouteEntry[] {
  return declared.map(({ method, path, roles, bodyTypes }) => {
    const source = path
      .split(/(\{[^}]+\})/)
      .map((part: string) => (part.startsWith('{') ? `(?<${part.slice(1, -1)}>[^/]+)` : escapeRegExp(part)))
      .join('');
    return { method, path, pattern: new RegExp(`^${source}$`), roles, bodyTypes };
  });
}

/** The route for this method and path, or the methods the path takes (none: no such path). */
export function findRoute(table: readonly RouteEntry[], method: string, path: string) {
  const wanted = method === 'HEAD' ? 'GET' : method;
  // Only routes with as many slashes can match (a parameter is one segment, `[^/]+`): every
  // request is checked here, and testing each of the table's patterns cost it about 1 µs.
  const candidates = bySlashes(table).get(slashes(path)) ?? [];
  const onPath = candidates.filter((entry) => entry.pattern.test(path));
  return { route: onPath.find((entry) => entry.method === wanted), allowed: [...new Set(onPath.map((e) => e.method))] };
}

const slashIndexes = new WeakMap<readonly RouteEntry[], Map<number, RouteEntry[]>>();

/** The table's routes by the slashes in their paths, each list in the table's order. */
function bySlashes(table: readonly RouteEntry[]): Map<number, RouteEntry[]> {
  let index = slashIndexes.get(table);
  if (!index) {
    index = new Map();
    for (const entry of table) {
      const count = slashes(entry.path);
      const list = index.get(count);
      if (list) list.push(entry);
      else index.set(count, [entry]);
    }
    slashIndexes.set(table, index);
  }
  return index;
}

function slashes(path: string): number {
  let count = 0;
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) count++;
  return count;
}
