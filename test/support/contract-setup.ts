// Every response an app answers to `app.request` in the tests is held to the API's
// contract (contract.ts): a test that meets an undocumented status, media type or shape
// fails there. Hono's `request` is an instance property, so each app made by createApp is
// wrapped as it is made.
import { vi } from 'vitest';
import { type Contract, contractOf } from './contract';

type Input = Request | string | URL;
type App = { request: (input: Input, init?: RequestInit, ...rest: any[]) => Response | Promise<Response> };
/** The API the document describes; the rest (/openapi.json, /docs, the pages) is served beside it. */
const described = (path: string) => path === '/health' || path.startsWith('/v1/');

function withContract<T extends App>(app: T): T {
  const original = app.request.bind(app);
  let contract: Promise<Contract> | undefined;
  app.request = async (input: Input, init?: RequestInit, ...rest: unknown[]) => {
    const response = await original(input, init, ...rest);
    contract ??= (async () => contractOf((await (await original('/openapi.json')).json()) as never))();
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!described(new URL(url, 'http://test').pathname)) return response;
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const copy = response.clone();
    const problems = await (await contract).check(
      method,
      url,
      response.status,
      response.headers.get('content-type'),
      () => copy.text(),
    );
    if (problems.length > 0) throw new Error(`the answer breaks the API contract:\n  ${problems.join('\n  ')}`);
    return response;
  };
  return app;
}

vi.mock('../../shared/http/app', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../shared/http/app')>();
  return {
    ...original,
    createApp: (...args: Parameters<typeof original.createApp>) => withContract(original.createApp(...args)),
  };
});
