// Cold-start wiring shared by the Lambda functions: the client and observability
// (./client) and the system over them (store, views, artifacts, the command path).
import { createSystem } from '../../shared/runtime/system';
import { clientFromEnv } from './client';

export function systemFromEnv(name: string) {
  const { client, tables, ...observability } = clientFromEnv(name);
  const system = createSystem(client, tables, { metrics: observability.metrics, logger: observability.logger });
  return { system, ...observability };
}
