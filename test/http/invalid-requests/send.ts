// Sends a faulty request and holds the answer to the document: the expected status, a code
// the document lists for it, problem details, and a log head that did not move.
import fc from 'fast-check';
import { expect } from 'vitest';
import { MAX_DOCX_BODY_BYTES } from '../../../shared/http/routes/import-docx';
import { BAD_TOKENS, breakBody, RAW_PARAMS } from './bad-values';
import { documentedCodes, type Json, limitOf, type WriteRoute, writeRoutes, wrongMethodsOf } from './document';
import { callerOf, expectedStatus, type Fault, faultArb, ORDER, RULES, type Rule, type Status } from './faults';
import { CALLERS, conflicting, MISSING, USED_KEY, validRequest, type World } from './world';

export function urlOf(route: WriteRoute, params: Json, fault: Param | null): string {
  let url = route.path;
  route.params.forEach((param, index) => {
    const value = String(params[param.name]);
    if (fault && fault.pick % route.params.length === index) {
      const pattern = new RegExp(param.schema.pattern as string, 'u');
      // '' and '/' would change the path itself, not the parameter.
      const refused = BAD_TOKENS.filter(
        (v) => v !== '' && (!pattern.test(v) || v.length > (param.schema.maxLength ?? Number.POSITIVE_INFINITY)),
      ).map(encodeURIComponent);
      const candidates = [...refused, ...RAW_PARAMS];
      url = url.replace(`{${param.name}}`, candidates[fault.variant % candidates.length]!);
      return;
    }
    url = url.replace(`{${param.name}}`, encodeURIComponent(value));
  });
  return url;
}

export type Param = NonNullable<Fault['param']>;

export interface Sent {
  request: { method: string; url: string; headers: Record<string, string>; bodyBytes: number };
  expected: Status;
  response: Response;
}

export async function send(world: World, doc: Json, route: WriteRoute, fault: Fault): Promise<Sent> {
  const valid = ruleBroken(world, route, fault.rule, validRequest(world, route.operationId));
  const method = fault.method === null ? route.method : wrongMethodsOf(route)[fault.method]!;
  const url = urlOf(route, valid.params, fault.param);
  const headers: Record<string, string> = {};
  const token = world.tokens[callerOf(route, fault)];
  if (token) headers.authorization = fault.caller === 'malformed' ? `Basic ${token}` : `Bearer ${token}`;
  if (fault.rule === 'reusedKey') headers['idempotency-key'] = USED_KEY;
  if (fault.idempotencyKey !== null) headers['idempotency-key'] = fault.idempotencyKey;
  if (fault.ifMatch !== null) headers['if-match'] = fault.ifMatch;
  let body: FormData | Uint8Array;
  let bodyBytes: number;
  if (route.media === 'multipart/form-data' && fault.contentType === undefined) {
    const fields = valid.body as Json;
    const form = new FormData();
    const file = fault.tooLarge ? new Uint8Array(MAX_DOCX_BODY_BYTES + 1) : new TextEncoder().encode(fields.file);
    const variant = fault.body ? fault.body.kind : 'none';
    // Without the file field, the bytes go under another name (and the body is as large).
    form.append(variant === 'dropRequired' ? 'document' : 'file', new Blob([file]), 'report.docx');
    if (variant === 'unknownField') form.append('file', new Blob([file]), 'second.docx');
    form.append('dryRun', variant === 'field' ? 'maybe' : fields.dryRun);
    body = form;
    bodyBytes = file.length;
  } else {
    const broken = fault.body && route.schema ? breakBody(doc, route.schema, valid.body, fault.body) : valid.body;
    let text =
      broken !== null && typeof broken === 'object' && 'raw' in broken ? String(broken.raw) : JSON.stringify(broken);
    if (route.media === 'multipart/form-data') text = String((valid.body as Json).file);
    // Trailing spaces keep it JSON: only the size is wrong. A broken field may already have made it too large.
    if (fault.tooLarge) text += ' '.repeat(Math.max(0, limitOf(route) + 1 - Buffer.byteLength(text)));
    const bytes = new TextEncoder().encode(text);
    body = bytes;
    bodyBytes = bytes.length;
    const type = fault.contentType === undefined ? route.media : fault.contentType;
    if (type) headers['content-type'] = type;
  }
  const expected = expectedStatus(route, fault, bodyBytes)!;
  const response = await world.app.request(url, { method, headers, body });
  return { request: { method, url, headers, bodyBytes }, expected, response };
}

/** The valid request with a rule's fault in it. */
export function ruleBroken(world: World, route: WriteRoute, rule: Rule | null, valid: { params: Json; body: unknown }) {
  if (rule === 'conflict') return conflicting(world, route.operationId, valid) ?? valid;
  if (rule === 'missing') {
    const name = route.params[route.params.length - 1]!.name as string;
    return { ...valid, params: { ...valid.params, [name]: MISSING[name] ?? 'no-such-thing' } };
  }
  // The tourism centre's measure: not the sports office's to report on.
  if (rule === 'otherAgency') return { ...valid, params: { ...valid.params, number: '2.1' } };
  return valid;
}

export interface Tally {
  routes: Map<string, number>;
  callers: Map<string, number>;
  statuses: Map<Status, number>;
  codes: Map<string, number>;
  sent: number;
}

/** Sends one faulty request and holds its answer to what the document says. */
export async function check(world: World, doc: Json, route: WriteRoute, fault: Fault, tally: Tally): Promise<void> {
  const before = (await world.store.head()).position;
  const { request, expected, response } = await send(world, doc, route, fault);
  const text = await response.text();
  const what = `${request.method} ${request.url} ${JSON.stringify({ ...fault, body: fault.body })} → ${response.status} ${text.slice(0, 300)}`;
  if (expected === 'rules') expect(RULES, what).toContain(response.status);
  else expect(response.status, what).toBe(expected);
  expect(response.headers.get('content-type'), what).toBe('application/problem+json');
  const problem = JSON.parse(text) as Json;
  expect(problem.status, what).toBe(response.status);
  if (expected === 405) {
    expect(problem.code, what).toBe('method_not_allowed');
    const allow = (response.headers.get('allow') ?? '').split(/,\s*/).sort();
    expect(allow, what).toEqual([...route.pathMethods].sort());
  } else {
    expect(documentedCodes(doc, route, response.status), what).toContain(problem.code);
  }
  if (expected === 401) expect(response.headers.get('www-authenticate'), what).toMatch(/^Bearer /);
  if (expected === 400 && problem.code === 'validation_failed') expect(problem.errors?.length, what).toBeGreaterThan(0);
  expect((await world.store.head()).position, `${what}: the log head moved`).toBe(before);
  tally.sent += 1;
  tally.routes.set(route.operationId, (tally.routes.get(route.operationId) ?? 0) + 1);
  const caller = callerOf(route, fault);
  tally.callers.set(caller, (tally.callers.get(caller) ?? 0) + 1);
  tally.statuses.set(expected, (tally.statuses.get(expected) ?? 0) + 1);
  tally.codes.set(problem.code, (tally.codes.get(problem.code) ?? 0) + 1);
}

export async function run(world: World, numRuns: number, seed?: number): Promise<Tally> {
  const doc = (await (await world.app.request('/openapi.json', {})).json()) as Json;
  const routes = writeRoutes(doc);
  const tally: Tally = { routes: new Map(), callers: new Map(), statuses: new Map(), codes: new Map(), sent: 0 };
  const requestArb = fc.constantFrom(...routes).chain((route) => faultArb(route).map((fault) => ({ route, fault })));
  await fc.assert(
    fc.asyncProperty(requestArb, ({ route, fault }) => check(world, doc, route, fault, tally)),
    { numRuns, ...(seed !== undefined ? { seed } : {}) },
  );
  // Every write route, every caller and every check was exercised.
  expect([...tally.routes.keys()].sort()).toEqual(routes.map((r) => r.operationId).sort());
  for (const caller of CALLERS) expect(tally.callers.get(caller) ?? 0, caller).toBeGreaterThan(0);
  for (const status of ORDER) expect(tally.statuses.get(status) ?? 0, String(status)).toBeGreaterThan(0);
  return tally;
}
