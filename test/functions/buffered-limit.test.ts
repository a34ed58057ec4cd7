// An answer over Lambda's 6 MB for a buffered invocation: instead of API Gateway's bare
// "Internal Server Error", the client gets a problem that says so and names the streaming
// URL where the same request is answered; a page gets an explanation in Russian.
import { describe, expect, it } from 'vitest';
import { limitBufferedResponse, MAX_BUFFERED_RESPONSE_BYTES } from '../../functions/lib/buffered-limit';
import type { Logger } from '../../shared/runtime/logger';

const logged: { message: string; fields?: Record<string, unknown> }[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message, fields) => void logged.push({ message, ...(fields ? { fields } : {}) }),
  child: () => logger,
};
const STREAM = 'https://abc123.lambda-url.eu-central-1.on.aws/';
const answer = (body: string) => ({
  statusCode: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body,
  isBase64Encoded: false,
});

describe('an answer too large for a buffered response', () => {
  it('passes an answer that fits untouched, a large one of few bytes too', () => {
    const small = answer('<p>отчёт</p>');
    expect(limitBufferedResponse(small, { path: '/v1/x' }, STREAM, logger)).toBe(small);
    // 2.5 million ASCII characters: over a third of the limit, but 2.5 MB.
    const ascii = answer('x'.repeat(2_500_000));
    expect(limitBufferedResponse(ascii, { path: '/v1/x' }, STREAM, logger)).toBe(ascii);
  });

  it('answers an API request with a problem naming the size, the limit and the streaming URL', () => {
    // 3.5 million Cyrillic characters: 7 MB of UTF-8.
    const large = answer('ж'.repeat(3_500_000));
    const out = limitBufferedResponse(
      large,
      { path: '/v1/plans/p/reports/2023', rawQueryString: 'format=html', requestId: 'req-1' },
      STREAM,
      logger,
    );
    expect(out.statusCode).toBe(500);
    expect(out.headers).toMatchObject({ 'content-type': 'application/problem+json', 'x-request-id': 'req-1' });
    const problem = JSON.parse(out.body);
    expect(problem).toMatchObject({
      status: 500,
      code: 'response_too_large',
      instance: '/v1/plans/p/reports/2023',
      requestId: 'req-1',
      limit: MAX_BUFFERED_RESPONSE_BYTES,
      streamingUrl: 'https://abc123.lambda-url.eu-central-1.on.aws/v1/plans/p/reports/2023?format=html',
    });
    expect(problem.bytes).toBeGreaterThan(7_000_000);
    expect(problem.detail).toContain('MB');
    expect(logged.at(-1)).toMatchObject({
      message: 'an answer was too large for a buffered response',
      fields: { path: '/v1/plans/p/reports/2023' },
    });
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThan(MAX_BUFFERED_RESPONSE_BYTES);
  });

  it('answers a page with a page in Russian, and a problem without a URL where none is set', () => {
    const page = limitBufferedResponse(answer('ж'.repeat(3_500_000)), { path: '/plans/p/report' }, STREAM, logger);
    expect(page.statusCode).toBe(500);
    expect(page.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8' });
    expect(page.body).toContain('Ответ слишком велик для показа');
    const bare = limitBufferedResponse(answer('ж'.repeat(3_500_000)), { path: '/v1/events' }, undefined, logger);
    expect(JSON.parse(bare.body).streamingUrl).toBeUndefined();
  });
});
