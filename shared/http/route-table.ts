// What the app knows of its own routes, read from the OpenAPI registry every route is
// declared in: the method, the path, who may call it (`x-roles`) and what body it takes.
// One gate answers from it in the documented order: 405 for a path that takes other
// methods, then 403 for a role the route does not admit, then 415 for a body it does not take.
import type { OpenAPIHono } from '@hono/zod-openapi';

type OpenAPIRegistry = OpenAPIHono['openAPIRegistry'];

export interface RouteEntry {
  method: string;
  path: string;
  pattern: RegExp;
  /** The roles that may call it; null: any key. */
  roles: readonly string[] | null;
  /** The media types its body may come in (empty: it takes none). */
  bodyTypes: readonly string[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

export function routeTable(registry: OpenAPIRegistry): RouteEntry[] {
  const entries: RouteEntry[] = [];
  for (const definition of registry.definitions) {
    if (definition.type !== 'route') continue;
    const route = definition.route as typeof definition.route & { 'x-roles'?: string[] };
    const source = route.path
      .split(/(\{[^}]+\})/)
      .map((part: string) => (part.startsWith('{') ? `(?<${part.slice(1, -1)}>[^/]+)` : escapeRegExp(part)))
      .join('');
    const content = (route.request?.body as { content?: Record<string, unknown> } | undefined)?.content;
    entries.push({
      method: route.method.toUpperCase(),
      path: route.path,
      pattern: new RegExp(`^${source}$`),
      roles: route['x-roles'] ?? null,
      bodyTypes: Object.keys(content ?? {}),
    });
  }
  return entries;
}

/** The route for this method and path, or the methods the path takes (none: no such path). */
export function findRoute(table: RouteEntry[], method: string, path: string) {
  const wanted = method === 'HEAD' ? 'GET' : method;
  const onPath = table.filter((entry) => entry.pattern.test(path));
  return { route: onPath.find((entry) => entry.method === wanted), allowed: [...new Set(onPath.map((e) => e.method))] };
}
