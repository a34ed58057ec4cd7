// The API's app over a wired client: loaded by functions/api.ts on the first request,
// in a chunk of its own, so module init parses only the client and observability.
import { handle } from 'hono/aws-lambda';
import type { TableNames } from '../../shared/config/tables';
import { createApp } from '../../shared/http/app';
import type { CheckpointSigner } from '../../shared/merkle/signer';
import { apiDeps, createSystem } from '../../shared/runtime/system';
import type { clientFromEnv } from './client';

type Wiring = ReturnType<typeof clientFromEnv> & { tables: TableNames };

export function apiHandler(
  { client, tables, logger, metrics }: Wiring,
  options: { pagesSessionSecret?: string; signer?: () => Promise<CheckpointSigner> },
) {
  const system = createSystem(client, tables, { metrics, logger });
  return handle(createApp(apiDeps(system, logger, { metrics, ...options })));
}
