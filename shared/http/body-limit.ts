// The body size limit. A declared Content-Length is checked before anything reads the
// body: Hono's bodyLimit asks the request for its body stream first, which makes Node's
// adapter build a full web Request with streams on every write (a good part of a
// write's CPU), and it believes any length parseInt can read ("1e9" is 1). A body
// without a well-formed declared length (chunked) is counted as it streams and refused
// at the limit, never read further.
import type { Context, Next } from 'hono';

const DECIMAL = /^\d{1,15}$/;

export function limitBody<C extends Context>(
  maxSize: number,
  onError: (c: C) => Response | Promise<Response>,
): (c: C, next: Next) => Promise<Response | undefined> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return pass(next);
    const declared = c.req.header('content-length')?.trim();
    if (declared !== undefined && DECIMAL.test(declared) && c.req.header('transfer-encoding') === undefined) {
      return Number(declared) > maxSize ? onError(c) : pass(next);
    }
    const stream = c.req.raw.body;
    if (!stream) return pass(next);
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxSize) {
        void reader.cancel().catch(() => undefined);
        return onError(c);
      }
      chunks.push(value);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    const headers = new Headers(c.req.raw.headers);
    headers.delete('content-length');
    headers.delete('transfer-encoding');
    c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers, body });
    return pass(next);
  };
}

async function pass(next: Next): Promise<undefined> {
  await next();
  return undefined;
}
