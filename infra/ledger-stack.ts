// The ledger in AWS: tables, the API, the projector fed by the log's stream, the
// on-demand rebuild, and the scheduled yearly report. Handlers are referenced by path.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { FunctionUrlAuthType, InvokeMode, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { ARTIFACTS_TABLE, EVENTS_TABLE, VIEWS_TABLE } from '../shared/config/tables';
import { DeadLetterQueue } from './constructs/dead-letter-queue';
import { LedgerFunction, type LogLevel } from './constructs/ledger-function';
import { LedgerTables } from './constructs/ledger-tables';
import { YearlyReportSchedules } from './constructs/yearly-report-schedules';

export interface LedgerStackProps extends StackProps {
  /** One yearly report schedule per plan. */
  readonly planIds: readonly string[];
  /** @default 'info' */
  readonly logLevel?: LogLevel;
}

export class LedgerStack extends Stack {
  readonly tables: LedgerTables;
  readonly api: LedgerFunction;
  readonly apiStream: LedgerFunction;
  readonly projector: LedgerFunction;
  readonly rebuild: LedgerFunction;
  readonly yearlyReport: LedgerFunction;

  constructor(scope: Construct, id: string, props: LedgerStackProps) {
    const { planIds, logLevel = 'info', ...stackProps } = props;
    super(scope, id, stackProps);
    this.tables = new LedgerTables(this, 'Tables');
    const tables = this.tables;

    this.api = new LedgerFunction(this, 'Api', {
      entry: 'functions/api.ts',
      description: 'HTTP API (Hono routes every path)',
      // HTTP API gives up on an integration after 30 s.
      timeout: Duration.seconds(29),
      logLevel,
    })
      .bindTable(tables.events, EVENTS_TABLE, 'append')
      .bindTable(tables.views, VIEWS_TABLE, 'read')
      .bindTable(tables.artifacts, ARTIFACTS_TABLE, 'read');
    const httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Roadmap ledger API',
      // Only the $default route: Hono does the routing.
      defaultIntegration: new HttpLambdaIntegration('ApiIntegration', this.api),
    });
    new CfnOutput(this, 'ApiUrl', { value: httpApi.apiEndpoint });

    // The same app, read-only, behind a streaming Function URL: exports of the whole
    // log stream out page by page instead of being buffered (6 MB, 30 s limits).
    // The app checks the bearer key itself, as it does behind the HTTP API.
    this.apiStream = new LedgerFunction(this, 'ApiStream', {
      entry: 'functions/api-stream.ts',
      description: 'Read-only API with streamed responses (large exports)',
      timeout: Duration.minutes(15),
      logLevel,
    })
      .bindTable(tables.events, EVENTS_TABLE, 'read')
      .bindTable(tables.views, VIEWS_TABLE, 'read')
      .bindTable(tables.artifacts, ARTIFACTS_TABLE, 'read');
    const streamUrl = this.apiStream.addFunctionUrl({
      authType: FunctionUrlAuthType.NONE,
      invokeMode: InvokeMode.RESPONSE_STREAM,
    });
    new CfnOutput(this, 'StreamingReadUrl', { value: streamUrl.url });

    this.projector = new LedgerFunction(this, 'Projector', {
      entry: 'functions/projector.ts',
      description: 'Moves the views to the head of the log, woken by the log stream',
      timeout: Duration.minutes(2),
      logLevel,
    })
      .bindTable(tables.events, EVENTS_TABLE, 'read')
      .bindTable(tables.views, VIEWS_TABLE, 'readWrite');
    // A record is only a wake-up call: the projector reads the log from its checkpoint,
    // so order across shards, duplicates and dropped records change nothing.
    this.projector.addEventSource(
      new DynamoEventSource(tables.events, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        parallelizationFactor: 1,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(1),
        onFailure: new SqsDlq(new DeadLetterQueue(this, 'ProjectorDlq')),
      }),
    );

    // On demand, asynchronously (a CLI call would time out before 15 minutes):
    //   aws lambda invoke --function-name <RebuildFunctionName> --invocation-type Event out.json
    this.rebuild = new LedgerFunction(this, 'Rebuild', {
      entry: 'functions/rebuild.ts',
      description: 'Drops and rebuilds the views from the log',
      timeout: Duration.minutes(15),
      memorySize: 1769, // one full vCPU
      retryAttempts: 0, // a failed rebuild is looked at, not run twice more
      logLevel,
    })
      .bindTable(tables.events, EVENTS_TABLE, 'read')
      .bindTable(tables.views, VIEWS_TABLE, 'readWrite');
    new CfnOutput(this, 'RebuildFunctionName', { value: this.rebuild.functionName });

    // Scheduled (below) or on demand for any plan and year:
    //   aws lambda invoke --function-name <YearlyReportFunctionName> \
    //     --cli-binary-format raw-in-base64-out \
    //     --payload '{"planId":"spb-smolensk-2021-2023","year":2023}' out.json
    this.yearlyReport = new LedgerFunction(this, 'YearlyReport', {
      entry: 'functions/yearly-report.ts',
      description: 'Builds and publishes the yearly report of a plan',
      timeout: Duration.minutes(5),
      memorySize: 1024,
      // Scheduler invokes asynchronously; these cover a failing run.
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(new DeadLetterQueue(this, 'YearlyReportFailures')),
      logLevel,
    })
      .bindTable(tables.events, EVENTS_TABLE, 'append')
      .bindTable(tables.views, VIEWS_TABLE, 'read')
      .bindTable(tables.artifacts, ARTIFACTS_TABLE, 'readWrite');
    new CfnOutput(this, 'YearlyReportFunctionName', { value: this.yearlyReport.functionName });

    new YearlyReportSchedules(this, 'YearlyReportSchedules', {
      fn: this.yearlyReport,
      planIds,
      deadLetterQueue: new DeadLetterQueue(this, 'YearlyReportScheduleDlq'),
    });
  }
}
