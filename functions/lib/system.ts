// Cold-start wiring shared by the Lambda functions: config from the environment
// (fail fast), one DynamoDB client (traced), Powertools logger, metrics and tracer.
import { ARTIFACTS_TABLE, EVENTS_TABLE, type TableNames, VIEWS_TABLE } from '../../shared/config/tables';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { createSystem } from '../../shared/runtime/system';
import { optionalEnv, requireEnv } from './env';
import { observabilityFromEnv } from './observability';

export function systemFromEnv(name: string) {
  // A function gets only the tables it is bound to; an unbound one stays '' and any
  // use of it fails with the missing grant, not with another table.
  const tables: TableNames = {
    events: requireEnv(EVENTS_TABLE.envVar),
    views: optionalEnv(VIEWS_TABLE.envVar) ?? '',
    artifacts: optionalEnv(ARTIFACTS_TABLE.envVar) ?? '',
  };
  const observability = observabilityFromEnv(name);
  const client = observability.tracer.captureAWSv3Client(
    createDynamoClient({ endpoint: optionalEnv('DYNAMODB_ENDPOINT') }),
  );
  const system = createSystem(client, tables, { metrics: observability.metrics, logger: observability.logger });
  return { system, ...observability };
}
