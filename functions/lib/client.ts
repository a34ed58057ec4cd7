// What a function wires before its first event: config from the environment (fail fast),
// one DynamoDB client (traced from the first invocation on), Powertools logger and metrics. No store, no zod:
// the API loads those with its app, on the first request (functions/api.ts).
import { ARTIFACTS_TABLE, EVENTS_TABLE, type TableNames, VIEWS_TABLE } from '../../shared/config/tables';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { optionalEnv, requireEnv } from './env';
import { observabilityFromEnv } from './observability';

export function clientFromEnv(name: string) {
  // A function gets only the tables it is bound to; an unbound one stays '' and any
  // use of it fails with the missing grant, not with another table.
  const tables: TableNames = {
    events: requireEnv(EVENTS_TABLE.envVar),
    views: optionalEnv(VIEWS_TABLE.envVar) ?? '',
    artifacts: optionalEnv(ARTIFACTS_TABLE.envVar) ?? '',
  };
  const observability = observabilityFromEnv(name);
  const client = observability.traced(createDynamoClient({ endpoint: optionalEnv('DYNAMODB_ENDPOINT') }));
  return { client, tables, ...observability };
}
