// The API's app over a wired client: loaded by functions/api.ts on the first request,
// in a chunk of its own, so module init parses only the client and observability.
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import type { TableNames } from '../../shared/config/tables';
import { createApp } from '../../shared/http/app';
import type { CheckpointSigner } from '../../shared/merkle/signer';
import { apiDeps, createSystem } from '../../shared/runtime/system';
import { limitBufferedResponse } from './buffered-limit';
import type { clientFromEnv } from './client';

type Wiring = ReturnType<typeof clientFromEnv> & { tables: TableNames };

export function apiHandler(
  { client, tables, logger, metrics }: Wiring,
  options: { pagesSessionSecret?: string; signer?: () => Promise<CheckpointSigner>; streamingUrl?: string },
) {
  const { streamingUrl, ...rest } = options;
  const system = createSystem(client, tables, { metrics, logger });
  const serve = handle(createApp(apiDeps(system, logger, { metrics, ...rest })));
  return async (event: LambdaEvent, context: never) => {
    const result = await serve(event, context);
    // The API function sits behind an HTTP API: payload v2.
    const v2 = event as { rawPath?: string; rawQueryString?: string; requestContext?: { requestId?: string } };
    const request = {
      path: v2.rawPath ?? '/',
      rawQueryString: v2.rawQueryString,
      requestId: v2.requestContext?.requestId,
    };
    return limitBufferedResponse(result, request, streamingUrl, logger);
  };
}
