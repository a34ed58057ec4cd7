// Lambda entry point of the HTTP API (API Gateway HTTP API, payload v2).
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { PAGES_SESSION_SECRET_ENV } from '../shared/config/pages';
import { createApp } from '../shared/http/app';
import { apiDeps } from '../shared/runtime/system';
import { optionalEnv } from './lib/env';
import { requestIdOf } from './lib/request-id';
import { systemFromEnv } from './lib/system';

const { system, logger, metrics, instrument } = systemFromEnv('api');
// From the stack's secret: without it each container signs its own sessions (a warning, not a failure).
const pagesSessionSecret = optionalEnv(PAGES_SESSION_SECRET_ENV);
if (!pagesSessionSecret)
  logger.warn(`${PAGES_SESSION_SECRET_ENV} is not set: page sessions hold in this container only`);
const serve = handle(
  createApp(apiDeps(system, logger, { metrics, ...(pagesSessionSecret ? { pagesSessionSecret } : {}) })),
);

export const handler = instrument(
  async (event: LambdaEvent, context) => serve(event, context),
  (event) => requestIdOf(event),
);
