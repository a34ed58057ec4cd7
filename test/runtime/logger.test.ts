// The local logger: one JSON line per entry, and errors keep what someone reading the
// log needs to find the fault: stack, code and the whole cause chain.
import { describe, expect, it } from 'vitest';
import { createLogger, type Logger, type LogLevel, lazyChild } from '../../shared/runtime/logger';

function capture(level: LogLevel = 'info') {
  const lines: { level: LogLevel; entry: any }[] = [];
  const logger = createLogger({
    level,
    base: { app: 'test' },
    sink: (l, line) => lines.push({ level: l, entry: JSON.parse(line) }),
  });
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes an error with its stack, its code and every cause', () => {
    const { logger, lines } = capture();
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
    const middle = new Error('the store is unavailable', { cause: root });
    const top = new TypeError('append failed', { cause: middle });
    logger.error('unhandled error', { error: top, path: '/v1/plans' });
    const { entry } = lines[0]!;
    expect(entry).toMatchObject({ level: 'error', message: 'unhandled error', app: 'test', path: '/v1/plans' });
    expect(entry.error.name).toBe('TypeError');
    expect(entry.error.stack).toContain('append failed');
    expect(entry.error.stack).toMatch(/logger\.test\.ts/);
    expect(entry.error.cause.message).toBe('the store is unavailable');
    expect(entry.error.cause.cause).toMatchObject({
      message: 'connect ECONNREFUSED 127.0.0.1:8000',
      code: 'ECONNREFUSED',
    });
    expect(entry.error.cause.cause.stack).toContain('ECONNREFUSED');
  });

  it('keeps a cause that is not an Error, and cuts a cycle instead of looping', () => {
    const { logger, lines } = capture();
    logger.warn('odd', { error: new Error('outer', { cause: { status: 503 } }) });
    expect(lines[0]!.entry.error.cause).toBe('{"status":503}');
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    logger.error('cycle', { error: a });
    let depth = 0;
    for (let e = lines[1]!.entry.error; typeof e === 'object'; e = e.cause) depth++;
    expect(depth).toBeLessThanOrEqual(9);
  });

  it('lists the errors of an AggregateError', () => {
    const { logger, lines } = capture();
    logger.error('batch', { error: new AggregateError([new Error('one'), 'two'], 'two failed') });
    expect(lines[0]!.entry.error.errors.map((e: { message: string }) => e.message)).toEqual(['one', 'two']);
  });

  it("drops entries below its level and carries a child logger's fields", () => {
    const { logger, lines } = capture('warn');
    logger.info('hidden');
    logger.child({ requestId: 'r-1' }).warn('shown');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', entry: { message: 'shown', requestId: 'r-1', app: 'test' } });
  });
});

describe('lazyChild', () => {
  it('writes what a child would, and makes the child only when something is logged', () => {
    const { logger, lines } = capture('warn');
    const made: Record<string, unknown>[] = [];
    const counting: Logger = {
      ...logger,
      child: (fields) => {
        made.push(fields);
        return logger.child(fields);
      },
    };
    const request = lazyChild(counting, { requestId: 'r-1' }).child({ keyId: 'k-1', role: 'agency' });
    expect(made).toEqual([]);
    request.info('hidden');
    request.warn('shown', { path: '/v1/plans' });
    request.error('again');
    logger.child({ requestId: 'r-1' }).child({ keyId: 'k-1', role: 'agency' }).warn('shown', { path: '/v1/plans' });
    expect(made).toEqual([{ requestId: 'r-1', keyId: 'k-1', role: 'agency' }]);
    const { time: _t1, ...lazy } = lines[0]!.entry;
    const { time: _t2, ...eager } = lines[2]!.entry;
    expect(JSON.stringify(lazy)).toBe(JSON.stringify(eager));
    expect(lines.map((l) => l.entry.message)).toEqual(['shown', 'again', 'shown']);
  });
});
