// Lambda entry point of the HTTP API (API Gateway HTTP API, payload v2). Module init
// wires config, the client and observability only; the app (zod, routes, the store)
// is imported on the first request, from its own chunk (README, "Benchmarks").
import type { LambdaEvent } from 'hono/aws-lambda';
import { PAGES_SESSION_SECRET_ENV } from '../shared/config/pages';
import { STREAMING_READ_URL_ENV } from '../shared/config/stack-outputs';
import { checkpointSignerFromEnv } from './lib/checkpoint-signer';
import { clientFromEnv } from './lib/client';
import { optionalEnv } from './lib/env';
import { requestIdOf } from './lib/request-id';

const wiring = clientFromEnv('api');
const signer = checkpointSignerFromEnv();
// From the stack's secret: without it each container signs its own sessions (a warning, not a failure).
const pagesSessionSecret = optionalEnv(PAGES_SESSION_SECRET_ENV);
// The read-only streaming Function URL: where an answer too large for this one can be read.
const streamingUrl = optionalEnv(STREAMING_READ_URL_ENV);
if (!pagesSessionSecret)
  wiring.logger.warn(`${PAGES_SESSION_SECRET_ENV} is not set: page sessions hold in this container only`);

let serving: Promise<(event: LambdaEvent, context: never) => Promise<unknown>> | undefined;
const serve = () => {
  // A failed load (it should not fail) is tried again on the next request.
  serving ??= import('./lib/api-app')
    .then(({ apiHandler }) =>
      apiHandler(wiring, {
        ...(pagesSessionSecret ? { pagesSessionSecret } : {}),
        ...(signer ? { signer } : {}),
        ...(streamingUrl ? { streamingUrl } : {}),
      }),
    )
    .catch((error: unknown) => {
      serving = undefined;
      throw error;
    });
  return serving;
};

export const handler = wiring.instrument(
  async (event: LambdaEvent, context) => (await serve())(event, context as never),
  (event) => requestIdOf(event),
);
