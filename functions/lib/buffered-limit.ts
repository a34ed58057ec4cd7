// Lambda hands API Gateway an answer of at most 6 MB. A larger one (the live report of a
// year with many long entries, a big page of the log) fails after the handler returned,
// and the client gets API Gateway's bare `{"message":"Internal Server Error"}`. Caught
// here instead: a problem (or, for the pages, a page in Russian) that says what happened
// and where the same answer can be read (the streaming Function URL has no such limit).
import { PROBLEM_CONTENT_TYPE, problemBody } from '../../shared/http/problem';
import type { Logger } from '../../shared/runtime/logger';

/** What Lambda accepts as the whole serialized answer of a buffered invocation. */
export const MAX_BUFFERED_RESPONSE_BYTES = 6 * 1024 * 1024;
/** Room for the answer's envelope (status, headers) around its body. */
const ENVELOPE_BYTES = 64 * 1024;

interface BufferedResult {
  statusCode: number;
  body: string;
  headers?: Record<string, unknown>;
  isBase64Encoded?: boolean;
  [key: string]: unknown;
}

interface Request {
  path: string;
  rawQueryString?: string | undefined;
  requestId?: string | undefined;
}

/** The answer as it is when it fits; otherwise the explanation, with the status 500. */
export function limitBufferedResponse<R extends BufferedResult>(
  result: R,
  request: Request,
  streamingUrl: string | undefined,
  logger: Logger,
): R | BufferedResult {
  // A body of fewer characters than a third of the limit cannot reach it (UTF-8: at most 3 bytes each).
  if (typeof result.body !== 'string' || result.body.length * 3 + ENVELOPE_BYTES < MAX_BUFFERED_RESPONSE_BYTES)
    return result;
  const size = Buffer.byteLength(JSON.stringify(result));
  if (size <= MAX_BUFFERED_RESPONSE_BYTES) return result;
  const query = request.rawQueryString ? `?${request.rawQueryString}` : '';
  const streamed = streamingUrl ? `${streamingUrl.replace(/\/$/, '')}${request.path}${query}` : undefined;
  logger.error('an answer was too large for a buffered response', {
    path: request.path,
    status: result.statusCode,
    bytes: size,
    limit: MAX_BUFFERED_RESPONSE_BYTES,
  });
  const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const headers = { 'x-request-id': request.requestId ?? '' };
  if (!request.path.startsWith('/v1/')) {
    const page = [
      '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Ответ слишком велик</title></head><body>',
      '<h1>Ответ слишком велик для показа</h1>',
      `<p>Страница заняла бы ${megabytes(size)} МБ, а показать можно не больше ${megabytes(MAX_BUFFERED_RESPONSE_BYTES)} МБ.`,
      ' Отчёт целиком можно скачать в формате DOCX или получить через API по потоковому адресу.</p>',
      '</body></html>',
    ].join('');
    return {
      statusCode: 500,
      headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
      body: page,
      isBase64Encoded: false,
    };
  }
  const problem = problemBody(
    500,
    {
      code: 'response_too_large',
      detail:
        `The answer is ${megabytes(size)} MB; this endpoint answers at most ${megabytes(MAX_BUFFERED_RESPONSE_BYTES)} MB.` +
        (streamed ? ' Read it from the streaming URL, with the same key.' : ''),
      bytes: size,
      limit: MAX_BUFFERED_RESPONSE_BYTES,
      ...(streamed ? { streamingUrl: streamed } : {}),
    },
    request.path,
    request.requestId,
  );
  return {
    statusCode: 500,
    headers: { ...headers, 'content-type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify(problem),
    isBase64Encoded: false,
  };
}
