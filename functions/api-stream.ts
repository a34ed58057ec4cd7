// Lambda entry point behind a Function URL in RESPONSE_STREAM mode: the same app,
// read-only, so large exports (GET /v1/events/export) stream past the 6 MB limit
// of buffered responses and the 30 s limit of API Gateway.
import type { Context } from 'aws-lambda';
import { type LambdaEvent, streamHandle } from 'hono/aws-lambda';
import { createApp } from '../shared/http/app';
import { apiDeps } from '../shared/runtime/system';
import { requestIdOf } from './lib/request-id';
import { systemFromEnv } from './lib/system';

// The Node.js runtime's global for response streaming.
declare const awslambda: { streamifyResponse<H>(handler: H): H };
type StreamHandler = (event: LambdaEvent, responseStream: unknown, context: Context) => Promise<void>;

const { system, logger, metrics, run } = systemFromEnv('api-stream');
// hono types the streaming handler as a buffered one; it takes (event, stream, context).
const serve = streamHandle(createApp(apiDeps(system, logger, { metrics, readOnly: true }))) as unknown as StreamHandler;

export const handler = awslambda.streamifyResponse<StreamHandler>((event, responseStream, context) =>
  run(context, requestIdOf(event), () => serve(event, responseStream, context)),
);
