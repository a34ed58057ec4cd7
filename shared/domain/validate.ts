// Turns zod failures into the project's ValidationError, with one issue per field and
// paths written the way clients read them: `sections[0].measures[1].period.to`.
import type { z } from 'zod';
import { type FieldIssue, ValidationError } from '../errors';

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return out === '' ? name : `${out}.${name}`;
  }, '');
}

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'is not a field of this request' }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
}

/** Parses `value` or throws ValidationError (code `validation_failed`) listing every failing field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`Invalid ${what}`, fieldIssues(result.error));
  return result.data;
}

/** The end of every decide switch: unreachable for typed callers, a 400 for untyped ones. */
export function unknownCommand(command: never): never {
  const type = (command as { type?: unknown }).type;
  throw new ValidationError(
    `Unknown command type ${String(type)}`,
    [{ path: 'type', message: 'unknown command type' }],
    'unknown_command',
  );
}

/**
 * The fields each command built by `parseCommand` was parsed into, by the schema that
 * parsed them: its decider takes them as they are instead of parsing the command again.
 * Keyed by the (frozen) command object itself, so only a command built here is trusted.
 */
const parsedFields = new WeakMap<object, { schema: z.ZodType; fields: unknown }>();

/**
 * Parses a command's fields (`what` names it in the 400) and builds the command with its
 * envelope. The command and its fields are frozen: what the decider reads is what was parsed.
 */
export function parseCommand<S extends z.ZodType, E extends object>(
  schema: S,
  value: unknown,
  what: string,
  envelope: E,
): z.output<S> & E {
  const fields = deepFreeze(parseOrThrow(schema, value, what));
  const command = Object.freeze({ ...(fields as object), ...envelope }) as z.output<S> & E;
  parsedFields.set(command, { schema, fields });
  return command;
}

/**
 * Builds a command from fields the schema's own field schemas have parsed already (an API
 * route's path and body, which share them), so they are not parsed a second time. Keys
 * go in the schema's order, as its parse would put them.
 */
export function parsedCommand<S extends z.ZodObject, E extends object>(
  schema: S,
  fields: z.output<S>,
  envelope: E,
): z.output<S> & E {
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = (fields as Record<string, unknown>)[key];
    if (value !== undefined) ordered[key] = value;
  }
  deepFreeze(ordered);
  const command = Object.freeze({ ...ordered, ...envelope }) as z.output<S> & E;
  parsedFields.set(command, { schema, fields: ordered });
  return command;
}

/**
 * A command's fields as `schema` parses them: those `parseCommand` parsed it into, or
 * parsed now (a command built by hand, in a test or a script).
 */
export function commandFields<S extends z.ZodType>(schema: S, command: object, what: string): z.output<S> {
  const parsed = parsedFields.get(command);
  if (parsed && parsed.schema === schema) return parsed.fields as z.output<S>;
  return parseOrThrow(schema, command, what);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
