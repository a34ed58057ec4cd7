// Lambda entry point of the HTTP API (API Gateway HTTP API, payload v2).
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from '../shared/http/app';
import { apiDeps } from '../shared/runtime/system';
import { checkpointSignerFromEnv } from './lib/checkpoint-signer';
import { requestIdOf } from './lib/request-id';
import { systemFromEnv } from './lib/system';

const { system, logger, metrics, instrument } = systemFromEnv('api');
const signer = checkpointSignerFromEnv();
const serve = handle(createApp(apiDeps(system, logger, { metrics, ...(signer ? { signer } : {}) })));

export const handler = instrument(
  async (event: LambdaEvent, context) => serve(event, context),
  (event) => requestIdOf(event),
);
