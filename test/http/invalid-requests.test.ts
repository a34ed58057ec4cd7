// Generated invalid requests against every write route, as every kind of caller: each is
// answered with 4xx problem details whose status follows the documented order of checks
// (401, 405, 403, 415, 413, 400), whose code the document lists for that route and status,
// and none moves the log head. What a request may break is read from the OpenAPI document
// itself (its write operations, their roles, parameters and body schemas), so a new write
// route is covered as soon as it is documented. The bulk runs on the in-memory store; a
// smaller run checks the same on DynamoDB Local.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { runImport } from '../../shared/commands/run-import';
import { newApiKey } from '../../shared/http/api-keys';
import { createApp, MAX_BODY_BYTES, MAX_IMPORT_BODY_BYTES } from '../../shared/http/app';
import { MAX_DOCX_BODY_BYTES } from '../../shared/http/routes/import-docx';
import { MemoryViewStore } from '../../shared/projections/memory-view-store';
import { MemoryArtifactStore } from '../../shared/report/artifact-store';
import { silentLogger } from '../../shared/runtime/logger';
import type { EventStore } from '../../shared/store/event-store';
import { MemoryEventStore } from '../../shared/store/memory-event-store';
import { type Harness, harness, importSeed, PLAN, SYSTEM, seedFixture } from './support';

type Json = Record<string, any>;
type App = { request: (url: string, init: RequestInit) => Response | Promise<Response> };
/** Who calls: the three roles, and the callers that are nobody. */
const CALLERS = ['coordinator', 'agency', 'auditor', 'none', 'revoked', 'unknown', 'wrongSecret', 'malformed'] as const;
type Caller = (typeof CALLERS)[number];
const ANONYMOUS: Caller[] = ['none', 'revoked', 'unknown', 'wrongSecret', 'malformed'];

interface World {
  app: App;
  store: EventStore;
  tokens: Record<Caller, string | null>;
  /** An entry on measure 9.1 (the sports office's), for corrections and withdrawals. */
  reportId: string;
  /** A key nobody revoked yet, for the revoke route, and one revoked. */
  spareKeyId: string;
  revokedKeyId: string;
}

/** The Idempotency-Key the coordinator and the agency each wrote with once, in the setup. */
const USED_KEY = 'setup';

const AGENCY = 'smolensk-sport-office';

async function issueKey(store: EventStore, role: 'coordinator' | 'agency' | 'auditor', executorId?: string) {
  const key = newApiKey();
  const at = new Date().toISOString();
  await executeCommand(
    store,
    {
      type: 'IssueApiKey',
      keyId: key.keyId,
      role,
      label: `${role} key`,
      secretHash: key.secretHash,
      ...(executorId ? { executorId } : {}),
      actor: SYSTEM,
      at,
    },
    { commandId: `key-${key.keyId}`, fingerprint: key.keyId, recordedAt: at },
  );
  return key;
}

/** The seed, keys for every caller, and one entry on measure 9.1. */
async function populate(app: App, store: EventStore): Promise<World> {
  const coordinator = await issueKey(store, 'coordinator');
  const agency = await issueKey(store, 'agency', AGENCY);
  const auditor = await issueKey(store, 'auditor');
  const revoked = await issueKey(store, 'coordinator');
  const spare = await issueKey(store, 'auditor');
  const at = new Date().toISOString();
  await executeCommand(
    store,
    { type: 'RevokeApiKey', keyId: revoked.keyId, reason: 'left', actor: SYSTEM, at },
    { commandId: `revoke-${revoked.keyId}`, fingerprint: revoked.keyId, recordedAt: at },
  );
  const entry = await app.request(`/v1/plans/${PLAN}/measures/9.1/executions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${agency.token}`,
      'content-type': 'application/json',
      'idempotency-key': USED_KEY,
    },
    body: JSON.stringify({ period: { kind: 'day', date: '2023-06-01' }, text: 'Проведён турнир' }),
  });
  expect(entry.status).toBe(201);
  const executor = await app.request('/v1/executors', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${coordinator.token}`,
      'content-type': 'application/json',
      'idempotency-key': USED_KEY,
    },
    body: JSON.stringify({ executorId: 'setup-executor', fullName: 'Исполнитель', party: 'Смоленская область' }),
  });
  expect(executor.status).toBe(201);
  const reportId = ((await entry.json()) as Json).ids.reportId as string;
  return {
    app,
    store,
    reportId,
    spareKeyId: spare.keyId,
    revokedKeyId: revoked.keyId,
    tokens: {
      coordinator: coordinator.token,
      agency: agency.token,
      auditor: auditor.token,
      none: null,
      revoked: revoked.token,
      unknown: newApiKey().token,
      wrongSecret: `rl_${auditor.keyId}_${newApiKey().secret}`,
      malformed: 'rl_not-a-key',
    },
  };
}

async function memoryWorld(): Promise<World> {
  const store = new MemoryEventStore();
  const app = createApp({
    store,
    views: async () => new MemoryViewStore(),
    artifacts: new MemoryArtifactStore(),
    clock: () => new Date(),
    newId: () => crypto.randomUUID(),
    logger: silentLogger,
  });
  const seeded = await runImport(store, seedFixture(), { actor: SYSTEM, at: '2024-01-10T09:00:00.000Z' });
  expect(seeded.refused).toEqual([]);
  return populate(app, store);
}

// ---------------------------------------------------------------- the document's write routes

interface WriteRoute {
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

function writeRoutes(doc: Json): WriteRoute[] {
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

/** A request each write route accepts as it is (the faults below make it invalid). */
function validRequest(world: World, operationId: string): { params: Json; body: unknown } {
  switch (operationId) {
    case 'registerExecutor':
      return { params: {}, body: { executorId: 'spb-sport', fullName: 'Комитет по спорту', party: 'Санкт-Петербург' } };
    case 'renameExecutor':
      return {
        params: { id: 'smolensk-culture-dept' },
        body: { newName: 'Министерство культуры Смоленской области', effectiveDate: '2023-09-01' },
      };
    case 'liquidateExecutor':
      return { params: { id: 'smolensk-youth-office' }, body: { effectiveDate: '2023-12-01', note: 'Упразднено' } };
    case 'createPlan':
      return {
        params: {},
        body: {
          planId: 'spb-smolensk-2024-2026',
          title: 'План мероприятий на 2024-2026 годы',
          reportTitle: 'Плана мероприятий на 2024-2026 годы',
          parties: ['Санкт-Петербург', 'Смоленская область'],
          fromYear: 2024,
          toYear: 2026,
        },
      };
    case 'addSection':
      return { params: { planId: PLAN }, body: { number: '42', title: 'В области спорта' } };
    case 'addMeasure':
      return {
        params: { planId: PLAN },
        body: {
          number: '9.7',
          sectionNumber: '9',
          title: 'Турнир',
          term: '2023 год',
          fromYear: 2023,
          toYear: 2023,
          executors: [{ executorId: AGENCY, nameInPlan: 'Главное управление спорта' }],
        },
      };
    case 'amendMeasure':
      return {
        params: { planId: PLAN, number: '9.1' },
        body: { title: 'Новое название мероприятия', reason: 'Уточнено' },
      };
    case 'reportExecution':
      return {
        params: { planId: PLAN, number: '9.1' },
        body: {
          period: { kind: 'range', from: '2023-07-01', to: '2023-07-03' },
          text: 'Проведены соревнования',
          place: 'г. Смоленск',
          participants: 120,
          regions: 2,
        },
      };
    case 'correctExecution':
      return {
        params: { planId: PLAN, number: '9.1', reportId: world.reportId },
        body: { text: 'Проведён турнир по самбо', participants: 40, reason: 'Уточнено' },
      };
    case 'withdrawExecution':
      return { params: { planId: PLAN, number: '9.1', reportId: world.reportId }, body: { reason: 'Ошибка' } };
    case 'issueApiKey':
      return { params: {}, body: { role: 'agency', executorId: AGENCY, label: 'Спорт, второй ключ' } };
    case 'revokeApiKey':
      return { params: { keyId: world.spareKeyId }, body: { reason: 'Сотрудник уволился' } };
    case 'importDocument':
      return { params: {}, body: seedFixture() };
    case 'importWordReport':
      // Not a Word file: this route's base request is refused (400) whatever else is wrong.
      return { params: {}, body: { file: 'PK not really a docx', dryRun: 'true' } };
    default:
      throw new Error(`no valid request for ${operationId}: add one when a write route is added`);
  }
}

// ---------------------------------------------------------------- what a request may break

/**
 * The first check a fault trips answers, in the documented order. Last come the rules: a
 * stale If-Match alone answers 412; a request a rule refuses answers one of `RULES`.
 */
const ORDER = [401, 405, 403, 415, 413, 400, 412, 'rules'] as const;
type Status = (typeof ORDER)[number];
const RULES = [403, 404, 409, 412];

type BodyFault =
  | { kind: 'notJson'; text: string }
  | { kind: 'rootType'; value: unknown }
  | { kind: 'protoKey' }
  | { kind: 'unknownField'; pick: number; name: string }
  | { kind: 'dropRequired'; pick: number }
  | { kind: 'reversed'; pick: number }
  | { kind: 'field'; pick: number; variant: number };

interface Fault {
  /** null: the caller the route's valid request is made by. */
  caller: Caller | null;
  /** An index into the methods the path does not take. */
  method: number | null;
  /** undefined: the route's own media type; null: no Content-Type at all. */
  contentType: string | null | undefined;
  tooLarge: boolean;
  body: BodyFault | null;
  param: { pick: number; variant: number } | null;
  idempotencyKey: string | null;
  ifMatch: string | null;
  /** Well-formed, and refused by a rule (404, 409, or 403 for another agency's measure). */
  rule: Rule | null;
}

type Rule = 'reusedKey' | 'missing' | 'conflict' | 'otherAgency';

/** Ids of the right form that name nothing. */
const MISSING: Record<string, string> = {
  planId: 'no-such-plan',
  number: '99.99',
  reportId: 'nosuchreport',
  id: 'no-such-executor',
  keyId: 'nosuchkey',
};

/** The valid request changed so that a rule refuses it (null: no such change for this route). */
function conflicting(world: World, operationId: string, valid: { params: Json; body: unknown }) {
  const body = valid.body as Json;
  switch (operationId) {
    case 'registerExecutor':
      return { params: valid.params, body: { ...body, executorId: AGENCY } };
    case 'createPlan':
      return { params: valid.params, body: { ...body, planId: PLAN } };
    case 'addSection':
      return { params: valid.params, body: { ...body, number: '9' } };
    case 'addMeasure':
      return { params: valid.params, body: { ...body, number: '9.1' } };
    case 'liquidateExecutor':
      return { params: valid.params, body: { ...body, successorId: valid.params.id } };
    case 'reportExecution':
      return { params: valid.params, body: { ...body, period: { kind: 'none', year: 2030 } } };
    case 'correctExecution':
      return { params: valid.params, body: { reason: 'Ничего не меняется' } };
    case 'issueApiKey':
      return { params: valid.params, body: { ...body, executorId: 'no-such-executor' } };
    case 'revokeApiKey':
      return { params: { keyId: world.revokedKeyId }, body };
    default:
      return null;
  }
}

const CONTROL = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b'];
const BIDI = ['\u202a', '\u202e', '\u2066', '\u2069'];
const INVISIBLE = [' ', '\u200b', '\u00ad', ' \u2060 ', '\ufeff', '\u200b\u034f'];
const BAD_DATES = ['2023-02-29', '2023-13-01', '2023-00-10', '2023-04-31', '2023-6-01', '', '01.06.2023'];
/** Ids, measure and section numbers a pattern refuses (each is checked against the pattern it is sent to). */
const BAD_TOKENS = [
  '',
  'a b',
  '-lead',
  'x'.repeat(101),
  'ид',
  'a\u0000b',
  '0.1',
  '1..2',
  '1.2.3.4.5.6.7',
  '1234567.1',
  '1.a',
  '2.01',
  '0',
  '01',
  Array(200).fill('1').join('.'),
];
/** Path parameters sent as they are: percent-escapes that decode to nothing valid. */
const RAW_PARAMS = ['%ZZ', '%E0%A4', '%C0%AF', '%00'];
const NOT_JSON = [
  '',
  '{',
  '{"a":}',
  'null,',
  "{'a':1}",
  '['.repeat(60_000),
  `${'['.repeat(30_000)}${']'.repeat(30_000)}`,
];
const WRONG_TYPES: unknown[] = [12, true, {}, [], 'x', null];
const ROOT_TYPES: unknown[] = [null, [], 42, 'text', true, [{}]];

/** Each request has one fault of a kind picked evenly, and now and then others beside it. */
const faultArb = (route: WriteRoute): fc.Arbitrary<Fault> => {
  const wrongMethods = wrongMethodsOf(route);
  const wrongRoles = (['coordinator', 'agency', 'auditor'] as const).filter((r) => !route.roles.includes(r));
  const bodyFault: fc.Arbitrary<BodyFault> = fc.oneof(
    fc.record({ kind: fc.constant('notJson' as const), text: fc.constantFrom(...NOT_JSON) }),
    fc.record({ kind: fc.constant('rootType' as const), value: fc.constantFrom(...ROOT_TYPES) }),
    fc.record({ kind: fc.constant('protoKey' as const) }),
    fc.record({
      kind: fc.constant('unknownField' as const),
      pick: fc.nat(),
      name: fc.constantFrom('participantz', 'extra', 'Text', 'id', 'type'),
    }),
    fc.record({ kind: fc.constant('dropRequired' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('reversed' as const), pick: fc.nat() }),
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('field' as const), pick: fc.nat(), variant: fc.nat() }) },
  );
  // What each kind of fault can be, for this route (a kind the route cannot have is left out).
  const kinds: Partial<Record<keyof Fault, fc.Arbitrary<unknown>>> = {
    caller: fc.constantFrom<Caller>(...ANONYMOUS, ...wrongRoles),
    contentType: fc.constantFrom<string | null>(
      null,
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      route.media === 'application/json' ? 'multipart/form-data; boundary=x' : 'application/json',
    ),
    tooLarge: fc.constant(true),
    body: bodyFault,
  };
  if (wrongMethods.length > 0) kinds.method = fc.nat({ max: wrongMethods.length - 1 });
  if (route.params.length > 0) kinds.param = fc.record({ pick: fc.nat(), variant: fc.nat() });
  if (route.headerNames.includes('idempotency-key'))
    kinds.idempotencyKey = fc.constantFrom('', 'a b', 'x'.repeat(129), 'éé', 'tab\there');
  const rules: Rule[] = [];
  if (route.headerNames.includes('idempotency-key')) rules.push('reusedKey');
  if (route.params.length > 0) rules.push('missing');
  if (CONFLICTS.has(route.operationId)) rules.push('conflict');
  if (route.roles.includes('agency') && route.params.some((p) => p.name === 'number')) rules.push('otherAgency');
  if (rules.length > 0) kinds.rule = fc.constantFrom(...rules);
  if (route.headerNames.includes('if-match'))
    kinds.ifMatch = fc.constantFrom(
      '',
      'abc',
      '*',
      '"x"',
      '"1234567890123456"',
      '-1',
      '"3" "4"',
      'W/',
      '"999"',
      'W/"998"',
    );
  const none: Fault = {
    caller: null,
    method: null,
    contentType: undefined,
    tooLarge: false,
    body: null,
    param: null,
    idempotencyKey: null,
    ifMatch: null,
    rule: null,
  };
  const names = Object.keys(kinds) as (keyof Fault)[];
  const rarely = <T>(arb: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
  const extras = fc.record(Object.fromEntries(names.map((name) => [name, rarely(kinds[name]!)])));
  const main = fc.constantFrom(...names).chain((name) => kinds[name]!.map((value) => ({ [name]: value })));
  return fc.tuple(main, extras).map(([first, more]) => {
    const fault: Record<string, unknown> = { ...none };
    for (const [name, value] of Object.entries(more)) if (value !== undefined) fault[name] = value;
    return { ...fault, ...first } as unknown as Fault;
  });
};

const IF_MATCH = /^(?:W\/)?"?\d{1,15}"?$/;
const CONFLICTS = new Set([
  'registerExecutor',
  'createPlan',
  'addSection',
  'addMeasure',
  'liquidateExecutor',
  'reportExecution',
  'correctExecution',
  'issueApiKey',
  'revokeApiKey',
]);

function wrongMethodsOf(route: WriteRoute): string[] {
  return ['PUT', 'PATCH', 'DELETE', 'POST'].filter((m) => !route.pathMethods.includes(m));
}

/** The status the first check a fault trips answers with; null when nothing is wrong. */
function expectedStatus(route: WriteRoute, fault: Fault, bodyBytes = 0): Status | null {
  const tripped = new Set<Status>();
  if (bodyBytes > limitOf(route)) tripped.add(413);
  if (fault.caller && ANONYMOUS.includes(fault.caller)) tripped.add(401);
  if (fault.method !== null) tripped.add(405);
  if (fault.caller && !ANONYMOUS.includes(fault.caller) && !route.roles.includes(fault.caller)) tripped.add(403);
  if (fault.contentType !== undefined) tripped.add(415);
  if (fault.tooLarge) tripped.add(413);
  const wellFormedIfMatch = fault.ifMatch !== null && IF_MATCH.test(fault.ifMatch);
  if (fault.body || fault.param || fault.idempotencyKey !== null || (fault.ifMatch !== null && !wellFormedIfMatch))
    tripped.add(400);
  // A version no stream of the seed is at: the request is fine, the precondition fails.
  if (wellFormedIfMatch) tripped.add(412);
  if (fault.rule) tripped.add('rules');
  if (tripped.has(412) && tripped.has('rules')) tripped.delete(412); // which rule answers first is the rules' business
  if (route.media === 'multipart/form-data') tripped.add(400); // its request is not a Word file
  return ORDER.find((status) => tripped.has(status)) ?? null;
}

// ---------------------------------------------------------------- breaking a body by its schema

function resolve(doc: Json, schema: Json): Json {
  let s = schema;
  while (s.$ref) s = doc.components.schemas[(s.$ref as string).split('/').pop()!];
  return s;
}

/** The branch of a oneOf the value takes (by its enum-valued fields, such as `kind` or `role`). */
function branch(doc: Json, schema: Json, value: Json): Json {
  const s = resolve(doc, schema);
  if (!s.oneOf) return s;
  const fits = (b: Json) =>
    Object.entries((resolve(doc, b).properties ?? {}) as Record<string, Json>).every(
      ([key, p]) => !p.enum || p.enum.includes(value[key]),
    );
  return resolve(doc, (s.oneOf as Json[]).find(fits) ?? s.oneOf[0]);
}

interface Node {
  path: (string | number)[];
  schema: Json;
  value: unknown;
}

/** Every value in the body with the schema that describes it, the root first. */
function nodes(doc: Json, schema: Json, value: unknown, path: (string | number)[] = []): Node[] {
  const s =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? branch(doc, schema, value as Json)
      : resolve(doc, schema);
  const out: Node[] = [{ path, schema: s, value }];
  if (Array.isArray(value) && s.items) {
    for (const [i, item] of value.entries()) out.push(...nodes(doc, s.items, item, [...path, i]));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const p = s.properties?.[key];
      if (p) out.push(...nodes(doc, p, child, [...path, key]));
    }
  }
  return out;
}

const types = (s: Json): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** Values the schema refuses in place of `value`. */
function refusedValues(s: Json, value: unknown): unknown[] {
  const t = types(s);
  const wrong = WRONG_TYPES.filter(
    (w) =>
      !t.includes(
        w === null
          ? 'null'
          : Array.isArray(w)
            ? 'array'
            : typeof w === 'number'
              ? 'integer'
              : typeof w === 'boolean'
                ? 'boolean'
                : typeof w === 'object'
                  ? 'object'
                  : 'string',
      ),
  );
  if (t.includes('string') && typeof value === 'string') {
    if (s.enum) return [...wrong, 'not-one-of-them', String(s.enum[0]).toUpperCase(), ''];
    if (s.pattern) {
      const pattern = new RegExp(s.pattern as string, 'u');
      const refused = (v: string) => !pattern.test(v) || (s.maxLength !== undefined && v.length > s.maxLength);
      if (/\\d\{4\}-\\d\{2\}-\\d\{2\}/.test(s.pattern)) return [...wrong, ...BAD_DATES];
      return [...wrong, ...BAD_TOKENS.filter(refused), `${value}\u202e`];
    }
    const middle = Math.floor(value.length / 2);
    const insert = (ch: string) => value.slice(0, middle) + ch + value.slice(middle);
    return [
      ...wrong,
      ...CONTROL.map(insert),
      ...BIDI.map(insert),
      ...INVISIBLE,
      insert('\ud800'),
      'x'.repeat((s.maxLength ?? 10_000) + 1),
    ];
  }
  if (t.includes('integer')) {
    const max = (s.maximum as number | undefined) ?? Number.MAX_SAFE_INTEGER;
    const min = (s.minimum as number | undefined) ?? Number.MIN_SAFE_INTEGER;
    return [...wrong, 1.5, min - 1, max + 1, 2 ** 53 + 2, 1e300, -1e300, '12'];
  }
  if (t.includes('array') && Array.isArray(value)) {
    const out: unknown[] = [...wrong];
    if (s.maxItems !== undefined && value.length > 0) out.push(Array(s.maxItems + 1).fill(value[0]));
    if ((s.minItems ?? 0) > 0) out.push([]);
    return out;
  }
  return wrong;
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Json;
  let target: Json = copy;
  for (const key of path.slice(0, -1)) target = target[key as string];
  const last = path[path.length - 1]!;
  if (remove) delete target[last as string];
  else target[last as string] = value;
  return copy;
}

/** The body with the fault in it (a string: not JSON at all). */
function breakBody(doc: Json, schema: Json, body: unknown, fault: BodyFault): unknown {
  if (fault.kind === 'notJson') return { raw: fault.text };
  if (fault.kind === 'rootType') return fault.value;
  if (fault.kind === 'protoKey') return { raw: `{"__proto__":{"isAdmin":true},${JSON.stringify(body).slice(1)}` };
  const all = nodes(doc, schema, body);
  const objects = all.filter((n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value));
  const unknownField = (pick: number, name: string) => {
    const node = objects[pick % objects.length]!;
    return setAt(body, [...node.path, name], 1);
  };
  if (fault.kind === 'unknownField') return unknownField(fault.pick, fault.name);
  if (fault.kind === 'dropRequired') {
    const candidates = objects.flatMap((n) =>
      ((n.schema.required ?? []) as string[]).filter((k) => k in (n.value as Json)).map((k) => [...n.path, k]),
    );
    if (candidates.length === 0) return unknownField(fault.pick, 'extra');
    return setAt(body, candidates[fault.pick % candidates.length]!, undefined, true);
  }
  if (fault.kind === 'reversed') {
    const candidates = objects.filter((n) => {
      const v = n.value as Json;
      return typeof v.fromYear === 'number' || (v.kind === 'range' && typeof v.from === 'string');
    });
    if (candidates.length === 0) return unknownField(fault.pick, 'extra');
    const node = candidates[fault.pick % candidates.length]!;
    const v = node.value as Json;
    return typeof v.fromYear === 'number'
      ? setAt(body, [...node.path, 'fromYear'], (v.toYear as number) + 1)
      : setAt(body, [...node.path, 'from'], '2023-12-31');
  }
  const leaves = all.filter((n) => n.path.length > 0);
  const node = leaves[fault.pick % leaves.length]!;
  const refused = refusedValues(node.schema, node.value);
  return setAt(body, node.path, refused[fault.variant % refused.length]);
}

// ---------------------------------------------------------------- sending

function limitOf(route: WriteRoute): number {
  if (route.path === '/v1/import') return MAX_IMPORT_BODY_BYTES;
  if (route.media === 'multipart/form-data') return MAX_DOCX_BODY_BYTES;
  return MAX_BODY_BYTES;
}

/** The caller a route's valid request is made by: the agency for its own entries, else the coordinator. */
const baseCaller = (route: WriteRoute): Caller => (route.roles.includes('agency') ? 'agency' : 'coordinator');

function urlOf(route: WriteRoute, params: Json, fault: Param | null): string {
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
type Param = NonNullable<Fault['param']>;

interface Sent {
  request: { method: string; url: string; headers: Record<string, string>; bodyBytes: number };
  expected: Status;
  response: Response;
}

async function send(world: World, doc: Json, route: WriteRoute, fault: Fault): Promise<Sent> {
  const valid = ruleBroken(world, route, fault.rule, validRequest(world, route.operationId));
  const method = fault.method === null ? route.method : wrongMethodsOf(route)[fault.method]!;
  const url = urlOf(route, valid.params, fault.param);
  const headers: Record<string, string> = {};
  const token = world.tokens[fault.caller ?? baseCaller(route)];
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
    // Trailing spaces keep it JSON: only the size is wrong.
    if (fault.tooLarge) text += ' '.repeat(limitOf(route) + 1 - Buffer.byteLength(text));
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
function ruleBroken(world: World, route: WriteRoute, rule: Rule | null, valid: { params: Json; body: unknown }) {
  if (rule === 'conflict') return conflicting(world, route.operationId, valid) ?? valid;
  if (rule === 'missing') {
    const name = route.params[route.params.length - 1]!.name as string;
    return { ...valid, params: { ...valid.params, [name]: MISSING[name] ?? 'no-such-thing' } };
  }
  // The tourism centre's measure: not the sports office's to report on.
  if (rule === 'otherAgency') return { ...valid, params: { ...valid.params, number: '2.1' } };
  return valid;
}

/** The codes the document lists for an operation's problem answers with this status. */
function documentedCodes(doc: Json, route: WriteRoute, status: number): string[] {
  const response = doc.paths[route.path][route.method.toLowerCase()].responses[String(status)];
  if (!response) return [];
  const schema = resolve(doc, response.content['application/problem+json'].schema);
  const parts = [schema, ...((schema.allOf ?? []) as Json[]).map((s) => resolve(doc, s))];
  return parts.flatMap((part) => (part.properties?.code?.enum ?? []) as string[]);
}

interface Tally {
  routes: Map<string, number>;
  callers: Map<string, number>;
  statuses: Map<Status, number>;
  codes: Map<string, number>;
  sent: number;
}

/** Sends one faulty request and holds its answer to what the document says. */
async function check(world: World, doc: Json, route: WriteRoute, fault: Fault, tally: Tally): Promise<void> {
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
  const caller = fault.caller ?? baseCaller(route);
  tally.callers.set(caller, (tally.callers.get(caller) ?? 0) + 1);
  tally.statuses.set(expected, (tally.statuses.get(expected) ?? 0) + 1);
  tally.codes.set(problem.code, (tally.codes.get(problem.code) ?? 0) + 1);
}

async function run(world: World, numRuns: number, seed?: number): Promise<Tally> {
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

// ---------------------------------------------------------------- the runs

describe('invalid requests to every write route (in memory)', () => {
  let world: World;
  beforeAll(async () => {
    world = await memoryWorld();
  });

  it('each valid request the faults start from is accepted as it is (on a world of its own)', async () => {
    const fresh = await memoryWorld();
    const doc = (await (await fresh.app.request('/openapi.json', {})).json()) as Json;
    for (const route of writeRoutes(doc)) {
      if (route.media !== 'application/json') continue; // the Word upload's request is refused by design
      const valid = validRequest(fresh, route.operationId);
      const response = await fresh.app.request(urlOf(route, valid.params, null), {
        method: route.method,
        headers: { authorization: `Bearer ${fresh.tokens[baseCaller(route)]}`, 'content-type': 'application/json' },
        body: JSON.stringify(valid.body),
      });
      expect(response.status, `${route.operationId}: ${await response.clone().text()}`).toBeLessThan(300);
    }
  });

  it('answers 2,000 generated invalid requests with documented 4xx problems, and writes nothing', async () => {
    const tally = await run(world, 2000);
    expect(tally.sent).toBeGreaterThanOrEqual(2000);
  }, 120_000);
});

describe('invalid requests to every write route (DynamoDB Local)', () => {
  let h: Harness;
  let world: World;
  beforeAll(async () => {
    h = await harness('invalid-requests');
    await importSeed(h);
    world = await populate(h.app, h.system.store);
  });
  afterAll(() => h.close());

  it('answers 300 generated invalid requests the same way, and writes nothing', async () => {
    await run(world, 300);
  }, 120_000);
});
