// A bare API process on existing tables, for tests and benchmarks that need writers in
// separate processes (as Lambda containers are): DYNAMODB_ENDPOINT, TABLE_PREFIX, PORT
// (0: any free port). Prints `listening <port>`; exits when its parent closes stdin.
import { serve } from '@hono/node-server';
import { tableNames } from '../../shared/config/tables';
import { createApp } from '../../shared/http/app';
import { createDynamoClient } from '../../shared/runtime/dynamo';
import { createLogger } from '../../shared/runtime/logger';
import { apiDeps, createSystem } from '../../shared/runtime/system';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const prefix = process.env.TABLE_PREFIX;
if (!endpoint || !prefix) {
  process.stderr.write('api-worker needs DYNAMODB_ENDPOINT and TABLE_PREFIX\n');
  process.exit(2);
}
const logger = createLogger({ level: 'error', base: { app: 'api-worker', pid: process.pid } });
const system = createSystem(createDynamoClient({ endpoint }), tableNames(prefix));
const app = createApp(apiDeps(system, logger));
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
