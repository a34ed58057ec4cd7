// Cold-start wiring shared by the Lambda functions: config from the environment
// (fail fast), one DynamoDB client, one logger.
import { ARTIFACTS_TABLE, EVENTS_TABLE, type TableNames, VIEWS_TABLE } from '../../shared/config/tables';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { createLogger, type LogLevel } from '../../shared/runtime/logger';
import { createSystem } from '../../shared/runtime/system';
import { optionalEnv, requireEnv } from './env';

export function systemFromEnv(name: string) {
  // A function gets only the tables it is bound to; an unbound one stays '' and any
  // use of it fails with the missing grant, not with another table.
  const tables: TableNames = {
    events: requireEnv(EVENTS_TABLE.envVar),
    views: optionalEnv(VIEWS_TABLE.envVar) ?? '',
    artifacts: optionalEnv(ARTIFACTS_TABLE.envVar) ?? '',
  };
  const logger = createLogger({ level: (optionalEnv('LOG_LEVEL') ?? 'info') as LogLevel, base: { fn: name } });
  const system = createSystem(createDynamoClient({ endpoint: optionalEnv('DYNAMODB_ENDPOINT') }), tables);
  return { system, logger };
}
