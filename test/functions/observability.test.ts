// The Powertools adapters behind shared/'s Logger and Metrics, as a Lambda function
// uses them: what lands in CloudWatch Logs (JSON entries, EMF metric lines).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { observabilityFromEnv } from '../../functions/lib/observability';
import { METRICS_NAMESPACE } from '../../shared/config/observability';

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  const keep = (chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep);
});
afterEach(() => vi.restoreAllMocks());

const entries = () => lines.map((line) => JSON.parse(line));
const context = {
  awsRequestId: 'lambda-req-1',
  functionName: 'RoadmapLedger-Api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:RoadmapLedger-Api',
  memoryLimitInMB: '512',
} as never;
const env = { POWERTOOLS_SERVICE_NAME: 'RoadmapLedger', LOG_LEVEL: 'info' };

describe('the Powertools logger adapter', () => {
  it('logs JSON with the request and correlation ids, child fields, and errors with stack and causes', async () => {
    const { logger, run } = observabilityFromEnv('api', env);
    await run(context, 'apigw-req-9', async () => {
      const root = new Error('connect ECONNREFUSED');
      logger.child({ requestId: 'apigw-req-9' }).error('unhandled error', {
        error: new Error('append failed', { cause: root }),
        path: '/v1/plans',
      });
      logger.debug('not at info level');
    });
    const [entry, ...rest] = entries();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      level: 'ERROR',
      message: 'unhandled error',
      service: 'RoadmapLedger',
      fn: 'api',
      function_request_id: 'lambda-req-1',
      correlation_id: 'apigw-req-9',
      requestId: 'apigw-req-9',
      path: '/v1/plans',
    });
    expect(entry.error.stack).toContain('append failed');
    expect(entry.error.cause).toMatchObject({ message: 'connect ECONNREFUSED' });
    expect(entry.error.cause.stack).toContain('observability.test.ts');
  });

  it("does not carry one invocation's correlation id into the next", async () => {
    const { logger, run } = observabilityFromEnv('api', env);
    await run(context, 'first', async () => logger.info('one'));
    await run(context, undefined, async () => logger.info('two'));
    const [one, two] = entries();
    expect(one.correlation_id).toBe('first');
    expect(two.correlation_id).toBeUndefined();
  });

  it('logs an error that escapes the handler, then rethrows it', async () => {
    const { instrument } = observabilityFromEnv('projector', env);
    const handler = instrument(async () => {
      throw new TypeError('boom', { cause: new Error('underneath') });
    });
    await expect(handler({}, context)).rejects.toThrow('boom');
    const entry = entries().find((e) => e.message === 'invocation failed');
    expect(entry.error).toMatchObject({ name: 'TypeError', message: 'boom', cause: { message: 'underneath' } });
  });
});

describe('the Powertools metrics adapter', () => {
  it('writes one EMF line per invocation, and refusals split by code on lines of their own', async () => {
    const { metrics, run } = observabilityFromEnv('api', env);
    await run(context, undefined, async () => {
      metrics.count('Refusals', 1, { name: 'code', value: 'validation_failed' });
      metrics.observe('ProjectorLag', 3, 'Count');
      metrics.observe('ReportBuildMs', 120.5, 'Milliseconds');
    });
    const emf = entries().filter((e) => e._aws);
    expect(emf).toHaveLength(2);
    const [refusal, stored] = emf;
    expect(refusal._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [['service', 'code']],
      Metrics: [{ Name: 'Refusals', Unit: 'Count' }],
    });
    expect(refusal).toMatchObject({ service: 'RoadmapLedger', code: 'validation_failed', Refusals: 1 });
    expect(stored._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
    expect(stored).toMatchObject({ ProjectorLag: 3, ReportBuildMs: 120.5 });
  });

  it('writes nothing, not even a warning, when nothing was recorded', async () => {
    const { run } = observabilityFromEnv('api', env);
    await run(context, undefined, async () => {});
    expect(entries().filter((e) => e._aws || e.level === 'WARN')).toEqual([]);
  });
});

describe('the tracer, loaded by the first invocation', () => {
  it('that fails to load: the invocation still runs, untraced, and the failure is logged', async () => {
    vi.resetModules();
    vi.doMock('@aws-lambda-powertools/tracer', () => {
      throw new Error('chunk missing from the bundle');
    });
    try {
      const { observabilityFromEnv: fresh } = await import('../../functions/lib/observability');
      const { run } = fresh('api', env);
      await expect(run(context, undefined, async () => 'answered')).resolves.toBe('answered');
      const failure = entries().find((e) => e.message === 'the tracer failed to load: this invocation is not traced');
      expect(JSON.stringify(failure?.error)).toContain('chunk missing from the bundle');
    } finally {
      vi.doUnmock('@aws-lambda-powertools/tracer');
      vi.resetModules();
    }
  });

  it('that fails after its import (its constructor throws) is tried again by the next invocation', async () => {
    vi.resetModules();
    let constructed = 0;
    vi.doMock('@aws-lambda-powertools/tracer', () => ({
      Tracer: class {
        constructor() {
          constructed++;
          if (constructed === 1) throw new Error('transient');
        }
        isTracingEnabled() {
          return false;
        }
        captureAWSv3Client<C>(client: C) {
          return client;
        }
      },
    }));
    try {
      const { observabilityFromEnv: fresh } = await import('../../functions/lib/observability');
      const { run } = fresh('api', env);
      for (let i = 0; i < 3; i++) await expect(run(context, undefined, async () => i)).resolves.toBe(i);
      expect(constructed).toBe(2);
      expect(entries().filter((e) => e.message?.startsWith('the tracer failed to load'))).toHaveLength(1);
    } finally {
      vi.doUnmock('@aws-lambda-powertools/tracer');
      vi.resetModules();
    }
  });
});
