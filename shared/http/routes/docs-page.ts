// The API reference at /docs: rendered on the server from the OpenAPI document, one
// self-contained page with no scripts, fonts or styles from a CDN. Each operation shows
// its id, who may call it, its parameters with type, enum and bounds, and links to the
// schemas of its body and of each of its responses.
import { html } from 'hono/html';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const anchor = (name: string) => `schema-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
const refName = (schema: Json | undefined) =>
  isObj(schema) && typeof schema.$ref === 'string' ? schema.$ref.split('/').pop() : undefined;

/** A schema in one line: its type, format, enum, bounds and pattern. */
function describe(schema: Json | undefined): string {
  if (!isObj(schema)) return '';
  const ref = refName(schema);
  if (ref) return ref;
  const parts: string[] = [];
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (type) parts.push(String(type));
  if (schema.format) parts.push(`format ${String(schema.format)}`);
  if (Array.isArray(schema.enum)) parts.push(`one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  for (const [key, label] of [
    ['minimum', '≥'],
    ['maximum', '≤'],
    ['minLength', 'length ≥'],
    ['maxLength', 'length ≤'],
    ['minItems', 'items ≥'],
    ['maxItems', 'items ≤'],
  ] as const) {
    if (typeof schema[key] === 'number') parts.push(`${label} ${schema[key]}`);
  }
  if (typeof schema.pattern === 'string') parts.push(`pattern ${schema.pattern}`);
  if (Array.isArray(schema.oneOf)) parts.push(`one of ${schema.oneOf.length} shapes`);
  return parts.join('; ');
}

function schemaLink(schema: Json | undefined) {
  const ref = refName(schema);
  if (ref) return html`<a href="#${anchor(ref)}">${ref}</a>`;
  if (isObj(schema) && isObj(schema.items) && refName(schema.items)) {
    const item = refName(schema.items)!;
    return html`array of <a href="#${anchor(item)}">${item}</a>`;
  }
  return html`<details><summary>${describe(schema) || 'inline'}</summary><pre>${JSON.stringify(schema, null, 2)}</pre></details>`;
}

function operationBlock(path: string, method: string, op: Obj) {
  const params = Array.isArray(op.parameters) ? op.parameters.filter(isObj) : [];
  const body = isObj(op.requestBody) && isObj(op.requestBody.content) ? Object.entries(op.requestBody.content) : [];
  const responses = isObj(op.responses) ? Object.entries(op.responses) : [];
  const roles = Array.isArray(op['x-roles']) ? op['x-roles'].join(', ') : 'any key';
  const id = typeof op.operationId === 'string' ? op.operationId : `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-');
  return html`<section class="op" id="${id}">
    <h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
    <p><code>${id}</code> · ${path === '/health' || path.startsWith('/v1') ? html`who: ${roles}` : ''}</p>
    ${op.summary ? html`<p><strong>${String(op.summary)}</strong></p>` : ''}
    ${op.description ? html`<p>${String(op.description)}</p>` : ''}
    ${
      params.length
        ? html`<table><tr><th>parameter</th><th>in</th><th>required</th><th>type, enum, bounds</th><th>description</th></tr>${params.map(
            (p) =>
              html`<tr><td><code>${String(p.name)}</code></td><td>${String(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${describe(p.schema)}</td><td>${String(p.description ?? (isObj(p.schema) ? (p.schema.description ?? '') : ''))}</td></tr>`,
          )}</table>`
        : ''
    }
    ${body.map(([type, media]) => html`<p>Request body (<code>${type}</code>): ${schemaLink(isObj(media) ? media.schema : undefined)}</p>`)}
    <table class="responses"><tr><th>status</th><th>meaning</th><th>body</th></tr>${responses.map(
      ([status, r]) =>
        html`<tr><td><code>${status}</code></td><td>${isObj(r) ? String(r.description ?? '') : ''}</td><td>${
          isObj(r) && isObj(r.content)
            ? Object.entries(r.content).map(
                ([type, media]) =>
                  html`<div><code>${type}</code>: ${schemaLink(isObj(media) ? media.schema : undefined)}</div>`,
              )
            : ''
        }</td></tr>`,
    )}</table>
  </section>`;
}

export function renderDocsPage(doc: Obj): string {
  const info = isObj(doc.info) ? doc.info : {};
  const components = isObj(doc.components) && isObj(doc.components.schemas) ? doc.components.schemas : {};
  const paths = isObj(doc.paths) ? Object.entries(doc.paths) : [];
  const ops = paths.flatMap(([path, item]) =>
    isObj(item)
      ? Object.entries(item)
          .filter(([m, op]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m) && isObj(op))
          .map(([m, op]) => ({ path, method: m, op: op as Obj }))
      : [],
  );
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${String(info.title ?? 'API')} — reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1040px;padding:1rem;color:#1b1b1b}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f5f5f5;padding:.5rem;overflow:auto}
.op{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;min-width:4.5em;font-size:12px;padding:2px 6px;border-radius:3px;color:#fff;background:#555}
.get{background:#2b6cb0}.post{background:#276749}.patch{background:#975a16}.delete{background:#c53030}
table{border-collapse:collapse;margin:.3rem 0}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
nav li{list-style:none}nav a{text-decoration:none}
</style></head><body>
<h1>${String(info.title ?? 'API')} <small>${String(info.version ?? '')}</small></h1>
<p>${String(info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<nav><ul>${ops.map(({ path, method, op }) => html`<li><a href="#${typeof op.operationId === 'string' ? op.operationId : `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-')}"><code>${method.toUpperCase()} ${path}</code></a></li>`)}</ul></nav>
${ops.map(({ path, method, op }) => operationBlock(path, method, op))}
<h2>Schemas</h2>
${Object.entries(components).map(([name, schema]) => html`<section id="${anchor(name)}"><h3>${name}</h3><pre>${JSON.stringify(schema, null, 2)}</pre></section>`)}
</body></html>`;
  return String(page);
}
