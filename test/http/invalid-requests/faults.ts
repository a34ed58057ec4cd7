// What may be wrong with a request, generated (fast-check), and the status the documented
// order of checks answers it with: 401, 405, 403, 415, 413, 400, then the rules.
import fc from 'fast-check';
import { type BodyFault, NOT_JSON, ROOT_TYPES } from './bad-values';
import { limitOf, type WriteRoute, wrongMethodsOf } from './document';
import { ANONYMOUS, baseCaller, type Caller, CONFLICTS } from './world';

/**
 * The first check a fault trips answers, in the documented order. Last come the rules: a
 * stale If-Match alone answers 412; a request a rule refuses answers one of `RULES`.
 */
export const ORDER = [401, 405, 403, 415, 413, 400, 412, 'rules'] as const;

export type Status = (typeof ORDER)[number];

export const RULES = [403, 404, 409, 412];

export interface Fault {
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

export type Rule = 'reusedKey' | 'missing' | 'conflict' | 'otherAgency' | 'partyKey';

/** The role each caller's key has (the nobodies have none). */
const ROLE_OF: Partial<Record<Caller, string>> = {
  coordinator: 'coordinator',
  agency: 'agency',
  auditor: 'auditor',
  otherPlan: 'coordinator',
  partyCoordinator: 'coordinator',
};
/** Routes that change the plan, which is both parties': a key limited to a party may not. */
const CHANGES_PLAN = new Set(['createPlan', 'addSection', 'addMeasure', 'amendMeasure']);
const onPlan = (route: WriteRoute) => route.params.some((p) => p.name === 'planId');

/** Who sends the request: the fault's caller, or the one the route's valid request is made by. */
export function callerOf(route: WriteRoute, fault: Fault): Caller {
  return fault.caller ?? (fault.rule === 'partyKey' ? 'partyCoordinator' : baseCaller(route));
}

/** Each request has one fault of a kind picked evenly, and now and then others beside it. */
export const faultArb = (route: WriteRoute): fc.Arbitrary<Fault> => {
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
    caller: fc.constantFrom<Caller>(...ANONYMOUS, ...wrongRoles, ...(onPlan(route) ? (['otherPlan'] as const) : [])),
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
  if (CHANGES_PLAN.has(route.operationId)) rules.push('partyKey');
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

export const IF_MATCH = /^(?:W\/)?"?\d{1,15}"?$/;

/** The status the first check a fault trips answers with; null when nothing is wrong. */
export function expectedStatus(route: WriteRoute, fault: Fault, bodyBytes = 0): Status | null {
  const tripped = new Set<Status>();
  if (bodyBytes > limitOf(route)) tripped.add(413);
  if (fault.caller && ANONYMOUS.includes(fault.caller)) tripped.add(401);
  if (fault.method !== null) tripped.add(405);
  const role = fault.caller && ROLE_OF[fault.caller];
  if (role && !route.roles.includes(role)) tripped.add(403);
  // A key limited to another plan: refused with the role, before the media type and the input.
  if (fault.caller === 'otherPlan' && onPlan(route)) tripped.add(403);
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
