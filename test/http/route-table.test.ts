// The gate's lookup of a request's route: by the slashes in its path first, then by pattern.
// It must find what testing every route of the table finds, in the table's order (the order
// of a 405's Allow header).
import { describe, expect, it } from 'vitest';
import { ROUTE_MANIFEST } from '../../shared/http/route-manifest';
import { findRoute, routeTable } from '../../shared/http/route-table';

const table = routeTable([
  ...ROUTE_MANIFEST,
  ...['/openapi.json', '/docs'].map((path) => ({ method: 'GET', path, roles: null, bodyTypes: [] })),
]);

function everyRoute(method: string, path: string) {
  const wanted = method === 'HEAD' ? 'GET' : method;
  const onPath = table.filter((entry) => entry.pattern.test(path));
  return { route: onPath.find((entry) => entry.method === wanted), allowed: [...new Set(onPath.map((e) => e.method))] };
}

describe('findRoute', () => {
  const concrete = ROUTE_MANIFEST.map((route) => route.path.replace(/\{[^}]+\}/g, 'x-1.2'));
  const odd = [
    '/',
    '',
    '/v1',
    '/v1/',
    '/v1/plans/',
    '//v1/plans',
    '/v1//plans',
    '/v1/plans/a/b/c/d/e/f/g',
    '/docs/',
    '/nope',
  ];
  const paths = [...concrete, ...concrete.map((path) => `${path}/`), ...odd];

  it('finds for every method and path what testing every route finds', () => {
    let found = 0;
    for (const path of paths) {
      for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        const result = findRoute(table, method, path);
        expect(result).toEqual(everyRoute(method, path));
        if (result.route) found++;
      }
    }
    expect(found).toBeGreaterThanOrEqual(ROUTE_MANIFEST.length);
  });

  it('lists the methods a path takes in the order the routes are declared', () => {
    const path = '/v1/plans/spb-smolensk-2021-2023/measures/9.1/executions';
    const { route, allowed } = findRoute(table, 'PUT', path);
    expect(route).toBeUndefined();
    expect(allowed).toEqual(everyRoute('PUT', path).allowed);
    expect(allowed).toContain('POST');
  });
});
