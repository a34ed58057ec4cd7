// In Lambda (active tracing), each invocation gets a subsegment under the function's
// trace, annotated with cold start and service, and an error becomes its metadata: what
// the X-Ray daemon receives over UDP, captured here in its place.
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const segments: any[] = [];
let daemon: dgram.Socket;

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
});
afterAll(() => {
  vi.unstubAllEnvs();
  daemon.close();
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
});
