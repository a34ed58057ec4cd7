// The write routes as the OpenAPI document describes them: methods, roles, parameters,
// body schemas, and the codes each status lists.

import { MAX_BODY_BYTES, MAX_IMPORT_BODY_BYTES } from '../../../shared/http/app';
import { MAX_DOCX_BODY_BYTES } from '../../../shared/http/routes/import-docx';

export type Json = Record<string, any>;

export interface WriteRoute {
  method: string;
  path: string;
  operationId: string;
  roles: string[];
  params: Json[];
  /** The body's media type and schema (null: no body). */
  media: string | null;
  schema: Json | null;
  headerNames: string[];
  /** Every method the path takes. */
  pathMethods: string[];
}

export function writeRoutes(doc: Json): WriteRoute[] {
  const routes: WriteRoute[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    const pathMethods = Object.keys(item).map((m) => m.toUpperCase());
    for (const [method, op] of Object.entries(item)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content as Record<string, Json> | undefined;
      const media = content ? Object.keys(content)[0]! : null;
      const params = (op.parameters ?? []) as Json[];
      routes.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        roles: op['x-roles'] ?? ['coordinator', 'agency', 'auditor'],
        params: params.filter((p) => p.in === 'path'),
        headerNames: params.filter((p) => p.in === 'header').map((p) => p.name as string),
        media,
        schema: media ? content![media]!.schema : null,
        pathMethods,
      });
    }
  }
  return routes;
}

export function wrongMethodsOf(route: WriteRoute): string[] {
  return ['PUT', 'PATCH', 'DELETE', 'POST'].filter((m) => !route.pathMethods.includes(m));
}

export function resolve(doc: Json, schema: Json): Json {
  let s = schema;
  while (s.$ref) s = doc.components.schemas[(s.$ref as string).split('/').pop()!];
  return s;
}

export function limitOf(route: WriteRoute): number {
  if (route.path === '/v1/import') return MAX_IMPORT_BODY_BYTES;
  if (route.media === 'multipart/form-data') return MAX_DOCX_BODY_BYTES;
  return MAX_BODY_BYTES;
}

/** The codes the document lists for an operation's problem answers with this status. */
export function documentedCodes(doc: Json, route: WriteRoute, status: number): string[] {
  const response = doc.paths[route.path][route.method.toLowerCase()].responses[String(status)];
  if (!response) return [];
  const schema = resolve(doc, response.content['application/problem+json'].schema);
  const parts = [schema, ...((schema.allOf ?? []) as Json[]).map((s) => resolve(doc, s))];
  return parts.flatMap((part) => (part.properties?.code?.enum ?? []) as string[]);
}
