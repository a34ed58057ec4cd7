// Lambda entry point of the HTTP API (API Gateway HTTP API, payload v2).
import { handle } from 'hono/aws-lambda';
import { createApp } from '../shared/http/app';
import { apiDeps } from '../shared/runtime/system';
import { systemFromEnv } from './lib/system';

const { system, logger } = systemFromEnv('api');
const app = createApp(apiDeps(system, logger));

export const handler = handle(app);
