// Powertools for AWS Lambda behind the interfaces shared/ code uses: a structured
// Logger (request and correlation ids, errors with stack and cause chain), Metrics as
// CloudWatch embedded metric format, and the Tracer for the AWS SDK's calls. The Tracer
// (with the X-Ray SDK, a third of what module init would read) is imported by the first
// invocation, before its body runs, not at module init (README, "Cold start").
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE, SERVICE_NAME_ENV } from '../../shared/config/observability';
import type { Logger, LogLevel } from '../../shared/runtime/logger';
import type { Metrics, MetricUnit as SharedUnit } from '../../shared/runtime/metrics';
import { optionalEnv } from './env';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** shared/'s Logger over a Powertools Logger; a child adds its fields to every entry. */
export function powertoolsLogger(pt: PowertoolsLogger, base: Record<string, unknown> = {}): Logger {
  const at =
    (level: Level) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      pt[level](message, { ...base, ...fields });
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => powertoolsLogger(pt, { ...base, ...fields }),
  };
}

const UNITS: Record<SharedUnit, (typeof MetricUnit)[keyof typeof MetricUnit]> = {
  Count: MetricUnit.Count,
  Milliseconds: MetricUnit.Milliseconds,
  Bytes: MetricUnit.Bytes,
  None: MetricUnit.NoUnit,
};

export interface FlushableMetrics extends Metrics {
  /** Writes what was recorded (one EMF line); called at the end of each invocation. */
  flush(): void;
}

/** shared/'s Metrics over Powertools Metrics. A dimension other than `service` gets a line of its own. */
export function powertoolsMetrics(pt: PowertoolsMetrics): FlushableMetrics {
  return {
    count(name, value = 1, dimension) {
      if (!dimension) return void pt.addMetric(name, MetricUnit.Count, value);
      const single = pt.singleMetric();
      single.addDimension(dimension.name, dimension.value);
      single.addMetric(name, MetricUnit.Count, value);
    },
    observe(name, value, unit = 'None') {
      pt.addMetric(name, UNITS[unit], value);
    },
    flush() {
      if (pt.hasStoredMetrics()) pt.publishStoredMetrics();
    },
  };
}

export interface Observability {
  logger: Logger;
  metrics: FlushableMetrics;
  /**
   * Has the tracer capture this AWS SDK v3 client's calls, from the first invocation on
   * (the tracer is loaded before any invocation's body runs). Returns the same client.
   */
  traced<C extends object>(client: C): C;
  /**
   * Runs one invocation: the Lambda context (request id, cold start) and the correlation
   * id on every log entry, an unexpected error logged with its cause chain, metrics flushed.
   */
  run<R>(context: Context | undefined, correlationId: string | undefined, body: () => Promise<R>): Promise<R>;
  /** `run` around a handler of (event, context); the context is optional for direct calls in tests. */
  instrument<E, R>(
    handler: (event: E, context?: Context) => Promise<R>,
    correlationIdOf?: (event: E) => string | undefined,
  ): (event: E, context?: Context) => Promise<R>;
}

export function observabilityFromEnv(fn: string, env: NodeJS.ProcessEnv = process.env): Observability {
  const serviceName = optionalEnv(SERVICE_NAME_ENV, env) ?? 'roadmap-ledger';
  const level = (optionalEnv('LOG_LEVEL', env) ?? 'info') as LogLevel;
  const pt = new PowertoolsLogger({ serviceName, logLevel: level, persistentKeys: { fn } });
  const ptMetrics = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName });
  const logger = powertoolsLogger(pt);
  const metrics = powertoolsMetrics(ptMetrics);
  const clients: object[] = [];
  let tracer: Tracer | undefined;
  let loading: Promise<Tracer> | undefined;
  const loadTracer = () =>
    (loading ??= (async () => {
      const { Tracer } = await import('@aws-lambda-powertools/tracer');
      const loaded = new Tracer({ serviceName });
      // Capturing a client twice (after a failed try) is safe: X-Ray replaces its middleware.
      for (const client of clients) loaded.captureAWSv3Client(client);
      tracer = loaded;
      return loaded;
    })().catch((error: unknown) => {
      loading = undefined; // tried again by the next invocation, whatever step failed
      throw error;
    }));
  const traced = <C extends object>(client: C): C => {
    if (tracer) return tracer.captureAWSv3Client(client);
    clients.push(client);
    return client;
  };
  const run = async <R>(context: Context | undefined, correlationId: string | undefined, body: () => Promise<R>) => {
    if (context) pt.addContext(context);
    if (correlationId) pt.setCorrelationId(correlationId);
    let trace: ReturnType<typeof traceInvocation> | undefined;
    try {
      // Tracing is worth less than the request: one that cannot load is logged, not fatal.
      const active =
        tracer ??
        (await loadTracer().catch((error: unknown) => {
          logger.error('the tracer failed to load: this invocation is not traced', { error });
          return undefined;
        }));
      trace = traceInvocation(active, fn);
      return await body();
    } catch (error) {
      logger.error('invocation failed', { error });
      trace?.failed(error);
      throw error;
    } finally {
      metrics.flush();
      pt.resetKeys();
      trace?.close();
    }
  };
  return {
    logger,
    metrics,
    traced,
    run,
    instrument: (handler, correlationIdOf) => (event, context) =>
      run(context, correlationIdOf?.(event), () => handler(event, context)),
  };
}

/**
 * A subsegment for the invocation under Lambda's facade segment (which cannot be
 * annotated), annotated with cold start and service, as Powertools' captureLambdaHandler does.
 */
function traceInvocation(tracer: Tracer | undefined, fn: string) {
  const facade = tracer?.isTracingEnabled() ? tracer.getSegment() : undefined;
  const segment = facade?.addNewSubsegment(`## ${process.env._HANDLER ?? fn}`);
  if (!tracer || !facade || !segment) return { failed: () => undefined, close: () => undefined };
  tracer.setSegment(segment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  return {
    failed(error: unknown) {
      if (error instanceof Error) tracer.addErrorAsMetadata(error);
    },
    close() {
      segment.close();
      tracer.setSegment(facade);
    },
  };
}
