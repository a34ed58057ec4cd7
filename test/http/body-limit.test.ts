// The body limit: a declared Content-Length over the limit is refused before the body is
// read; a body without one (chunked) is counted as it streams and refused at the limit;
// a body within the limit reaches the route whole. Over Node's HTTP server (what
// `npm start` runs) and through app.request (what Lambda's adapter looks like).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitBody } from '../../shared/http/body-limit';

const LIMIT = 1000;

function app() {
  const app = new Hono();
  app.use(
    '*',
    limitBody(LIMIT, (c) => c.json({ code: 'body_too_large' }, 413)),
  );
  app.post('/echo', async (c) => c.json({ length: (await c.req.text()).length }));
  app.get('/echo', (c) => c.json({ length: 0 }));
  return app;
}

describe('limitBody', () => {
  let server: ReturnType<typeof serve>;
  let port = 0;
  beforeAll(async () => {
    server = serve({ fetch: app().fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** One request over a fresh connection; `chunks` sends the body chunked, without a length. */
  function send(body: string, chunks?: number): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { 'content-type': 'text/plain' };
      if (!chunks) headers['content-length'] = Buffer.byteLength(body);
      const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/echo', headers, agent: false });
      request.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      // The server may answer 413 and close before the whole body is sent.
      request.on('error', (error: NodeJS.ErrnoException) =>
        error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
      );
      if (chunks) {
        const size = Math.ceil(body.length / chunks);
        for (let i = 0; i < body.length; i += size) request.write(body.slice(i, i + size));
        request.end();
      } else request.end(body);
    });
  }

  it('passes a declared body within the limit to the route whole', async () => {
    expect(await send('x'.repeat(LIMIT))).toEqual({ status: 200, body: JSON.stringify({ length: LIMIT }) });
  });

  it('refuses a declared body over the limit', async () => {
    const answer = await send('x'.repeat(LIMIT + 1));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ code: 'body_too_large' });
  });

  it('counts a chunked body without a declared length, and refuses it at the limit', async () => {
    expect(await send('x'.repeat(LIMIT), 4)).toEqual({ status: 200, body: JSON.stringify({ length: LIMIT }) });
    expect((await send('x'.repeat(LIMIT * 3), 6)).status).toBe(413);
  });

  it('does the same through app.request (a Request with and without a declared length)', async () => {
    const a = app();
    const declared = await a.request('/echo', {
      method: 'POST',
      body: 'x'.repeat(LIMIT + 1),
      headers: { 'content-length': String(LIMIT + 1) },
    });
    expect(declared.status).toBe(413);
    const undeclared = await a.request('/echo', { method: 'POST', body: 'x'.repeat(LIMIT + 1) });
    expect(undeclared.status).toBe(413);
    const within = await a.request('/echo', { method: 'POST', body: 'я'.repeat(LIMIT / 2) });
    expect(await within.json()).toEqual({ length: LIMIT / 2 });
    expect((await a.request('/echo')).status).toBe(200);
  });

  it('does not trust a malformed declared length: the body is counted instead', async () => {
    const answer = await app().request('/echo', {
      method: 'POST',
      body: 'x'.repeat(LIMIT + 1),
      headers: { 'content-length': '1e2' },
    });
    expect(answer.status).toBe(413);
  });
});
