// Domain schemas as the wire sees them. JSON has no `undefined`, so a field the domain marks
// exactly-optional is, on the wire, simply optional (the OpenAPI generator would otherwise
// list it as required); and a request body is strict at every depth: a field the API does
// not know ("participantz") is refused by name instead of silently dropped.
import { z } from 'zod';

type Def = Record<string, unknown> & { type: string };
type AnySchema = z.ZodType & { _zod: { def: Def }; clone(def: Def): z.ZodType };

function convert(schema: z.ZodType, strict: boolean): z.ZodType {
  const s = schema as AnySchema;
  const def = s._zod.def;
  if (schema instanceof z.ZodExactOptional) return convert(schema.unwrap() as z.ZodType, strict).optional();
  switch (def.type) {
    case 'object': {
      const shape = Object.fromEntries(
        Object.entries((def.shape as Record<string, z.ZodType>) ?? {}).map(([key, value]) => [
          key,
          convert(value, strict),
        ]),
      );
      const catchall = strict && def.catchall === undefined ? z.never() : (def.catchall as z.ZodType | undefined);
      return s.clone({ ...def, shape, ...(catchall ? { catchall } : {}) });
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return s.clone({ ...def, innerType: convert(def.innerType as z.ZodType, strict) });
    case 'array':
      return s.clone({ ...def, element: convert(def.element as z.ZodType, strict) });
    case 'union':
      return s.clone({ ...def, options: (def.options as z.ZodType[]).map((o) => convert(o, strict)) });
    case 'pipe':
      return s.clone({ ...def, in: convert(def.in as z.ZodType, strict) });
    default:
      return schema;
  }
}

/** A response shape: exactly-optional fields become optional; unknown fields are the server's own. */
export function wireResponse<T extends z.ZodType>(schema: T): T {
  return convert(schema, false) as T;
}

/** A request body: optional as above, and strict at every depth (unknown fields: 400, by name). */
export function wireRequest<T extends z.ZodType>(schema: T): T {
  return convert(schema, true) as T;
}
