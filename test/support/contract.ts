// The API's contract, checked on every response the tests produce: the status must be
// one the operation documents, the media type one documented for that status, and a JSON
// body must validate against its schema (ajv, JSON Schema 2020-12, the document's own
// components). A test that meets an undocumented status or shape fails on it.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

interface Operation {
  pattern: RegExp;
  method: string;
  path: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

export interface Contract {
  check(
    method: string,
    url: string,
    status: number,
    contentType: string | null,
    body: () => Promise<string>,
  ): Promise<string[]>;
}

const JSON_TYPES = new Set(['application/json', 'application/problem+json']);

export function contractOf(doc: Json): Contract {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const components = (doc.components ?? {}) as Json;
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    const pattern = new RegExp(
      `^${path
        .split(/(\{[^}]+\})/)
        .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
        .join('')}$`,
    );
    for (const [method, op] of Object.entries(item)) {
      operations.push({
        pattern,
        method: method.toUpperCase(),
        path,
        responses: (op as Json).responses as Operation['responses'],
      });
    }
  }
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  const validatorFor = (key: string, schema: unknown) => {
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile({ components, allOf: [schema] });
      validators.set(key, validate);
    }
    return validate;
  };
  return {
    async check(method, url, status, contentType, body) {
      const path = new URL(url, 'http://test').pathname;
      const wanted = method === 'HEAD' ? 'GET' : method;
      const operation = operations.find((op) => op.method === wanted && op.pattern.test(path));
      if (!operation) {
        // Answers outside the document: 404 and 405 for paths and methods it does not have, and
        // 401 before either for a request without a valid key (the key is checked first).
        return [401, 404, 405].includes(status) ? [] : [`${method} ${path}: no operation documents it (${status})`];
      }
      const response = operation.responses[String(status)];
      if (!response) return [`${method} ${operation.path}: status ${status} is not documented`];
      const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
      const media = response.content?.[type];
      if (!media) {
        const documented = Object.keys(response.content ?? {}).join(', ') || 'no body';
        return [
          `${method} ${operation.path} ${status}: media type ${type || 'none'} is not documented (${documented})`,
        ];
      }
      if (!JSON_TYPES.has(type) || media.schema === undefined) return [];
      const text = await body();
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return [`${method} ${operation.path} ${status}: the body is not JSON`];
      }
      const validate = validatorFor(`${operation.method} ${operation.path} ${status} ${type}`, media.schema);
      if (validate(value)) return [];
      return (validate.errors ?? []).map(
        (e) =>
          `${method} ${operation.path} ${status}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`,
      );
    },
  };
}
