// One structured logger: JSON lines to stdout/stderr (CloudWatch-friendly), passed
// into shared/ code rather than imported, so tests can capture or silence it.
// Lambda functions pass an adapter over Powertools Logger instead (functions/lib).
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export type LogSink = (level: LogLevel, line: string) => void;

const defaultSink: LogSink = (level, line) => {
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
};

/** How deep a chain of causes is followed before it is cut (a cycle cannot loop). */
const MAX_CAUSE_DEPTH = 8;

export interface LoggedError {
  name: string;
  message: string;
  stack?: string;
  /** A stable code (AppError, Node's system errors, AWS SDK errors). */
  code?: string;
  cause?: LoggedError | string;
  /** The errors an AggregateError carries. */
  errors?: LoggedError[];
}

/**
 * An error as a plain object, keeping what a reader of the log needs: name, message,
 * stack, a code when there is one, and the cause chain (as Powertools' formatError does).
 */
export function serializeError(error: Error, depth = 0): LoggedError {
  const out: LoggedError = { name: error.name, message: error.message };
  if (error.stack) out.stack = error.stack;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = String(code);
  if (error.cause !== undefined) {
    if (depth >= MAX_CAUSE_DEPTH) out.cause = '… (cause chain cut)';
    else if (error.cause instanceof Error) out.cause = serializeError(error.cause, depth + 1);
    else out.cause = describe(error.cause);
  }
  if (error instanceof AggregateError && depth < MAX_CAUSE_DEPTH) {
    out.errors = error.errors.slice(0, 10).map((e) => (e instanceof Error ? serializeError(e, depth + 1) : plain(e)));
  }
  return out;
}

const plain = (value: unknown): LoggedError => ({ name: typeof value, message: describe(value) });

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function createLogger(
  options: { level?: LogLevel; base?: Record<string, unknown>; sink?: LogSink } = {},
): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const base = options.base ?? {};
  const sink = options.sink ?? defaultSink;
  const log =
    (level: LogLevel) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[level] < threshold) return;
      const safe = Object.fromEntries(
        Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? serializeError(v) : v]),
      );
      sink(level, JSON.stringify({ time: new Date().toISOString(), level, message, ...base, ...safe }));
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createLogger({ level: options.level ?? 'info', base: { ...base, ...fields }, sink }),
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger({ sink: () => {} });

/**
 * A child of `parent` made only when something is logged through it. Every request gets one
 * (its id, then its key): most log nothing, and making a child costs a few µs each time.
 * `lazyChild(p, a).child(b)` logs as `p.child({ ...a, ...b })`, as a child's child does.
 */
export function lazyChild(parent: Logger, fields: Record<string, unknown>): Logger {
  return new LazyChild(parent, fields);
}

class LazyChild implements Logger {
  #made: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly fields: Record<string, unknown>,
  ) {}

  #logger(): Logger {
    this.#made ??= this.parent.child(this.fields);
    return this.#made;
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.#logger().debug(message, fields);
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.#logger().info(message, fields);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.#logger().warn(message, fields);
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.#logger().error(message, fields);
  }

  child(fields: Record<string, unknown>): Logger {
    return new LazyChild(this.parent, { ...this.fields, ...fields });
  }
}
