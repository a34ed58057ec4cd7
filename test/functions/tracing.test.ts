// In Lambda (active tracing), each invocation gets a subsegment under the function's
// trace, annotated with cold start and service, and an error becomes its metadata: what
// the X-Ray daemon receives over UDP, captured here in its place.
import dgram from 'node:dgram';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const segments: any[] = [];
let daemon: dgram.Socket;
// Answers every DynamoDB call with an empty list: the calls only need to be traced.
let dynamo: Server;

beforeAll(async () => {
  daemon = dgram.createSocket('udp4');
  daemon.on('message', (message) => segments.push(JSON.parse(message.toString().split('\n')[1]!)));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', () => resolve()));
  const { port } = daemon.address();
  vi.stubEnv('AWS_XRAY_DAEMON_ADDRESS', `127.0.0.1:${port}`);
  vi.stubEnv('LAMBDA_TASK_ROOT', '/var/task');
  vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'RoadmapLedger-Projector');
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  vi.stubEnv('_X_AMZN_TRACE_ID', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
  vi.stubEnv('_HANDLER', 'index.handler');
  vi.stubEnv('AWS_XRAY_CONTEXT_MISSING', 'IGNORE_ERROR');
  vi.resetModules();
  dynamo = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    response.end('{"TableNames":[]}');
  });
  await new Promise<void>((resolve) => dynamo.listen(0, '127.0.0.1', () => resolve()));
});
afterAll(() => {
  vi.unstubAllEnvs();
  daemon.close();
  dynamo.close();
});

async function received(count: number) {
  for (let i = 0; i < 50 && segments.length < count; i++) await new Promise((r) => setTimeout(r, 20));
  return segments.splice(0, count);
}

describe('tracing an invocation', () => {
  it('sends a subsegment with the cold start and the service, then one with the error', async () => {
    const { observabilityFromEnv } = await import('../../functions/lib/observability');
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const quietErr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { run } = observabilityFromEnv('projector', { POWERTOOLS_SERVICE_NAME: 'RoadmapLedger' });
      await run({ awsRequestId: 'req-1' } as never, undefined, async () => 'ok');
      const [first] = await received(1);
      expect(first).toMatchObject({
        name: '## index.handler',
        type: 'subsegment',
        trace_id: '1-5759e988-bd862e3fe1be46a994272793',
        parent_id: '53995c3f42cd8ad8',
        annotations: { ColdStart: true, Service: 'RoadmapLedger' },
      });
      await expect(
        run({ awsRequestId: 'req-2' } as never, undefined, async () => {
          throw new Error('views table unreachable');
        }),
      ).rejects.toThrow('views table unreachable');
      const [second] = await received(1);
      expect(second.annotations.ColdStart).toBe(false);
      expect(JSON.stringify(second)).toContain('views table unreachable');
    } finally {
      quiet.mockRestore();
      quietErr.mockRestore();
    }
  });

  it('traces the calls of a DynamoDB client handed over at module init, though the tracer loads with the first invocation', async () => {
    const { observabilityFromEnv } = await import('../../functions/lib/observability');
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const { run, traced } = observabilityFromEnv('api', { POWERTOOLS_SERVICE_NAME: 'RoadmapLedger' });
      const client = traced(
        new DynamoDBClient({
          endpoint: `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`,
          region: 'eu-central-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
      );
      await run({ awsRequestId: 'req-3' } as never, undefined, () => client.send(new ListTablesCommand({})));
      const sent = await received(2);
      const invocation = sent.find((s) => s.name === '## index.handler');
      const call = sent.find((s) => s.name === 'DynamoDB');
      expect(call).toMatchObject({ parent_id: invocation.id, aws: { operation: 'ListTables' } });
    } finally {
      quiet.mockRestore();
    }
  });
});
