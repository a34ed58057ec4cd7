// A process that starts DynamoDB Local (in memory, or on the directory given) and then
// only waits: tests kill it to see what becomes of the JVM.
import { startDynamoLocal } from '../../scripts/lib/dynamo-local';

const dbPath = process.argv[2];
const local = await startDynamoLocal(dbPath ? { dbPath } : {});
process.stdout.write(`${JSON.stringify({ port: local.port, pid: local.pid, owner: process.pid })}\n`);
setInterval(() => {}, 60_000);
