// One structured logger: JSON lines to stdout/stderr (CloudWatch-friendly), passed
// into shared/ code rather than imported, so tests can capture or silence it.
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
        Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? { name: v.name, message: v.message } : v]),
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
