// Lambda entry point behind a Function URL in RESPONSE_STREAM mode: the same app,
// read-only, so large exports (GET /v1/events/export) stream past the 6 MB limit
// of buffered responses and the 30 s limit of API Gateway.
import { streamHandle } from 'hono/aws-lambda';
import { createApp } from '../shared/http/app';
import { apiDeps } from '../shared/runtime/system';
import { systemFromEnv } from './lib/system';

const { system, logger } = systemFromEnv('api-stream');
const app = createApp(apiDeps(system, logger, { readOnly: true }));

export const handler = streamHandle(app);
