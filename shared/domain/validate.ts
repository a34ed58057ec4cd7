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
