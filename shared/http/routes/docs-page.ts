// The API reference at /docs: rendered on the server from the OpenAPI document,
// one self-contained page with no scripts, fonts or styles from a CDN.
import { html, raw } from 'hono/html';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function schemaText(schema: Json | undefined, components: Obj): string {
  if (!isObj(schema)) return '';
  const ref = typeof schema.$ref === 'string' ? schema.$ref.split('/').pop() : undefined;
  if (ref) return `→ ${ref}`;
  return JSON.stringify(schema, null, 2).slice(0, 4000) + (components ? '' : '');
}

function operationBlock(path: string, method: string, op: Obj, components: Obj) {
  const params = Array.isArray(op.parameters) ? op.parameters.filter(isObj) : [];
  const body = isObj(op.requestBody) && isObj(op.requestBody.content) ? op.requestBody.content : undefined;
  const bodySchema = body
    ? Object.entries(body).map(([type, media]) => [type, isObj(media) ? media.schema : undefined] as const)
    : [];
  const responses = isObj(op.responses) ? Object.entries(op.responses) : [];
  const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-');
  return html`<section class="op" id="${id}">
    <h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
    ${op.summary ? html`<p><strong>${String(op.summary)}</strong></p>` : ''}
    ${op.description ? html`<p>${String(op.description)}</p>` : ''}
    ${
      params.length
        ? html`<table><tr><th>parameter</th><th>in</th><th>required</th><th>description</th></tr>${params.map(
            (p) =>
              html`<tr><td><code>${String(p.name)}</code></td><td>${String(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${String(p.description ?? '')}</td></tr>`,
          )}</table>`
        : ''
    }
    ${bodySchema.map(([type, schema]) => html`<details><summary>Request body (${type})</summary><pre>${schemaText(schema, components)}</pre></details>`)}
    <ul class="responses">${responses.map(([status, r]) => html`<li><code>${status}</code> ${isObj(r) ? String(r.description ?? '') : ''}</li>`)}</ul>
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
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1rem;color:#1b1b1b}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f5f5f5;padding:.5rem;overflow:auto}
.op{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;min-width:4.5em;font-size:12px;padding:2px 6px;border-radius:3px;color:#fff;background:#555}
.get{background:#2b6cb0}.post{background:#2f855a}.patch{background:#b7791f}.delete{background:#c53030}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
nav li{list-style:none}nav a{text-decoration:none}
</style></head><body>
<h1>${String(info.title ?? 'API')} <small>${String(info.version ?? '')}</small></h1>
<p>${String(info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<nav><ul>${ops.map(({ path, method }) => html`<li><a href="#${`${method}-${path}`.replace(/[^a-z0-9]+/gi, '-')}"><code>${method.toUpperCase()} ${path}</code></a></li>`)}</ul></nav>
${ops.map(({ path, method, op }) => operationBlock(path, method, op, components))}
<h2>Schemas</h2>
${Object.entries(components).map(([name, schema]) => html`<details id="schema-${name}"><summary><code>${name}</code></summary><pre>${raw(escapeText(JSON.stringify(schema, null, 2)))}</pre></details>`)}
</body></html>`;
  return String(page);
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
