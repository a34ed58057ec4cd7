// Values a schema refuses, and a body broken by its own schema: wrong types, unknown and
// missing fields, control, bidi and invisible texts, lengths, bounds, dates, reversed periods.
import { type Json, resolve } from './document';

export type BodyFault =
  | { kind: 'notJson'; text: string }
  | { kind: 'rootType'; value: unknown }
  | { kind: 'protoKey' }
  | { kind: 'unknownField'; pick: number; name: string }
  | { kind: 'dropRequired'; pick: number }
  | { kind: 'reversed'; pick: number }
  | { kind: 'field'; pick: number; variant: number };

export const CONTROL = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b'];

export const BIDI = ['\u202a', '\u202e', '\u2066', '\u2069'];

/** What XML 1.0, and so Word, may not hold. */
export const NONCHARACTERS = ['\ufffe', '\uffff'];

export const INVISIBLE = [' ', '\u200b', '\u00ad', ' \u2060 ', '\ufeff', '\u200b\u034f'];

export const BAD_DATES = ['2023-02-29', '2023-13-01', '2023-00-10', '2023-04-31', '2023-6-01', '', '01.06.2023'];

/** Ids, measure and section numbers a pattern refuses (each is checked against the pattern it is sent to). */
export const BAD_TOKENS = [
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
export const RAW_PARAMS = ['%ZZ', '%E0%A4', '%C0%AF', '%00'];

export const NOT_JSON = [
  '',
  '{',
  '{"a":}',
  'null,',
  "{'a':1}",
  '['.repeat(60_000),
  `${'['.repeat(30_000)}${']'.repeat(30_000)}`,
];

export const WRONG_TYPES: unknown[] = [12, true, {}, [], 'x', null];

export const ROOT_TYPES: unknown[] = [null, [], 42, 'text', true, [{}]];

/** The branch of a oneOf the value takes (by its enum-valued fields, such as `kind` or `role`). */
export function branch(doc: Json, schema: Json, value: Json): Json {
  const s = resolve(doc, schema);
  if (!s.oneOf) return s;
  const fits = (b: Json) =>
    Object.entries((resolve(doc, b).properties ?? {}) as Record<string, Json>).every(
      ([key, p]) => !p.enum || p.enum.includes(value[key]),
    );
  return resolve(doc, (s.oneOf as Json[]).find(fits) ?? s.oneOf[0]);
}

export interface Node {
  path: (string | number)[];
  schema: Json;
  value: unknown;
}

/** Every value in the body with the schema that describes it, the root first. */
export function nodes(doc: Json, schema: Json, value: unknown, path: (string | number)[] = []): Node[] {
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

export const types = (s: Json): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** Values the schema refuses in place of `value`. */
export function refusedValues(s: Json, value: unknown): unknown[] {
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
      ...NONCHARACTERS.map(insert),
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

export function setAt(root: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
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
export function breakBody(doc: Json, schema: Json, body: unknown, fault: BodyFault): unknown {
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
