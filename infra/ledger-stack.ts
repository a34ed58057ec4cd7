// The ledger in AWS: tables, the API, the projector fed by the log's stream, the
// on-demand rebuild, the scheduled yearly report and its publication check; limits,
// alarms, a dashboard and backups. Handlers are referenced by path.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { FunctionUrlAuthType, InvokeMode, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { PAGES_SESSION_SECRET_ENV } from '../shared/config/pages';
import { STACK_OUTPUTS, STREAMING_READ_URL_ENV } from '../shared/config/stack-outputs';
import { ARTIFACTS_TABLE, EVENTS_TABLE, VIEWS_TABLE } from '../shared/config/tables';
import { CheckpointKey } from './constructs/checkpoint-key';
import { DeadLetterQueue } from './constructs/dead-letter-queue';
import { LedgerBackup } from './constructs/ledger-backup';
import { LedgerFunction, type LogLevel } from './constructs/ledger-function';
import { LedgerMonitoring, TABLE_OPERATIONS } from './constructs/ledger-monitoring';
import { LedgerSchedules } from './constructs/ledger-schedules';
import { LedgerTables } from './constructs/ledger-tables';
import { DEFAULTS, type LedgerSettings } from './context';
import { acknowledge } from './nag';

export interface LedgerStackProps extends StackProps, Partial<Omit<LedgerSettings, 'planIds'>> {
  /** One yearly report schedule per plan; the publication check watches the same plans. */
  readonly planIds: readonly string[];
  /** @default 'info' */
  readonly logLevel?: LogLevel;
}

export class LedgerStack extends Stack {
  readonly tables: LedgerTables;
  readonly encryptionKey: IKey | undefined;
  readonly api: LedgerFunction;
  readonly pagesSessionSecret: Secret;
  readonly httpApi: HttpApi;
  readonly apiStage: HttpStage;
  readonly apiStream: LedgerFunction;
  readonly projector: LedgerFunction;
  readonly rebuild: LedgerFunction;
  readonly yearlyReport: LedgerFunction;
  readonly publicationCheck: LedgerFunction;
  readonly schedules: LedgerSchedules;
  readonly checkpointKey: CheckpointKey;
  readonly monitoring: LedgerMonitoring;
  readonly backup: LedgerBackup;

  constructor(scope: Construct, id: string, props: LedgerStackProps) {
    const {
      planIds,
      logLevel = 'info',
      alarmEmail = null,
      apiRateLimit = DEFAULTS.apiRateLimit,
      apiBurstLimit = DEFAULTS.apiBurstLimit,
      streamConcurrency = DEFAULTS.streamConcurrency,
      projectorConcurrency = DEFAULTS.projectorConcurrency,
      iteratorAgeAlarmSeconds = DEFAULTS.iteratorAgeAlarmSeconds,
      api5xxAlarmPercent = DEFAULTS.api5xxAlarmPercent,
      kmsKey = null,
      backupCopyVaultArn = null,
      backupMonthlyRetentionDays = DEFAULTS.backupMonthlyRetentionDays,
      restored = {},
      ...stackProps
    } = props;
    super(scope, id, stackProps);
    this.encryptionKey =
      kmsKey === 'create'
        ? new Key(this, 'Key', {
            description: `${this.stackName}: tables, backups and the alarm topic`,
            enableKeyRotation: true,
            removalPolicy: RemovalPolicy.RETAIN,
          })
        : kmsKey
          ? Key.fromKeyArn(this, 'Key', kmsKey)
          : undefined;
    this.tables = new LedgerTables(this, 'Tables', { encryptionKey: this.encryptionKey, restored });
    const tables = this.tables;

    this.checkpointKey = new CheckpointKey(this, 'CheckpointKey');

    this.api = new LedgerFunction(this, 'Api', {
      entry: 'functions/api.ts',
      splitting: true,
      paramsAndSecrets: this.checkpointKey.layer,
      description: 'HTTP API (Hono routes every path)',
      // HTTP API gives up on an integration after 30 s.
      timeout: Duration.seconds(29),
      // The coordinator's page publishes in this function, building the report whole in
      // memory: the seed plan with every measure at its year budget peaks at about 275 MB
      // (docs/BUDGET.md). Kept at 1 GB for the CPU: Lambda gives CPU in proportion to memory,
      // and such a publication takes about 6 s here, within the 29 s a request has.
      memorySize: 1024,
      logLevel,
    })
      .bindTable(tables.events, EVENTS_TABLE, 'append')
      .bindTable(tables.views, VIEWS_TABLE, 'read')
      // The coordinator's page publishes the yearly report: files put once, as the schedule's are.
      .bindTable(tables.artifacts, ARTIFACTS_TABLE, 'putOnce');
    this.checkpointKey.grantSign(this.api);
    // Signs the pages' session cookies: one value for every container of the API function.
    this.pagesSessionSecret = new Secret(this, 'PagesSessionSecret', {
      description: `${this.stackName}: signs the web pages' session cookies and form tokens`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    // Resolved by CloudFormation at deploy time (a dynamic reference, never in the template).
    this.api.addEnvironment(PAGES_SESSION_SECRET_ENV, this.pagesSessionSecret.secretValue.unsafeUnwrap());
    acknowledge(
      this.pagesSessionSecret,
      'AwsSolutions-SMG4',
      'Rotating it only signs everyone out of the pages; deploy with a new secret value to rotate (docs/OPERATIONS.md).',
    );
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Roadmap ledger API',
      // Only the $default route: Hono does the routing.
      defaultIntegration: new HttpLambdaIntegration('ApiIntegration', this.api),
      createDefaultStage: false,
    });
    this.apiStage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // Every route of the stage: the API's cost and its share of the account are bounded.
      throttle: { rateLimit: apiRateLimit, burstLimit: apiBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.THREE_MONTHS }),
        ),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    for (const route of this.httpApi.node.findAll().filter((c) => c.node.id === 'DefaultRoute')) {
      acknowledge(
        route,
        'AwsSolutions-APIG4',
        'The app authenticates every /v1 request itself (bearer API keys checked against the log); ' +
          '/health, /docs and /openapi.json are public on purpose.',
      );
    }
    new CfnOutput(this, STACK_OUTPUTS.apiUrl, { value: this.httpApi.apiEndpoint });

    // The same app, read-only, behind a streaming Function URL: exports of the whole
    // log stream out page by page instead of being buffered (6 MB, 30 s limits).
    // The app checks the bearer key itself, as it does behind the HTTP API; reserved
    // concurrency caps how many run at once (a 15-minute export each, at most).
    this.apiStream = new LedgerFunction(this, 'ApiStream', {
      entry: 'functions/api-stream.ts',
      description: 'Read-only API with streamed responses (large exports)',
      timeout: Duration.minutes(15),
      reservedConcurrency: streamConcurrency,
      logLevel,
    })
      .bindTable(tables.events, EVENTS_TABLE, 'read')
      .bindTable(tables.views, VIEWS_TABLE, 'read')
      .bindTable(tables.artifacts, ARTIFACTS_TABLE, 'read');
    const streamUrl = this.apiStream.addFunctionUrl({
      authType: FunctionUrlAuthType.NONE,
      invokeMode: InvokeMode.RESPONSE_STREAM,
    });
    new CfnOutput(this, STACK_OUTPUTS.streamingUrl, { value: streamUrl.url });
    // An answer over the buffered 6 MB names this URL (functions/lib/buffered-limit.ts).
    this.api.addEnvironment(STREAMING_READ_URL_ENV, streamUrl.url);

    this.projector = new LedgerFunction(this, 'Projector', {
      entry: 'functions/projector.ts',
      description: 'Moves the views to the head of the log, woken by the log stream and every 5 minutes',
      timeout: Duration.minutes(2),
      reservedConcurrency: projectorConcurrency,
      // The scheduled wakes (invoked asynchronously): one that fails or is throttled is not
      // retried or kept, as the next comes within 5 minutes.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(4),
      logLevel,
    })
      .bindTable(tables.events, EVENTS_TABLE, 'read')
      .bindTable(tables.views, VIEWS_TABLE, 'readWrite')
      // The Merkle tree's tiles and tree heads: write-once, beside the published reports.
      .bindTable(tables.artifacts, ARTIFACTS_TABLE, 'putOnce');
    const projectorDlq = new DeadLetterQueue(this, 'ProjectorDlq');
    // A record is only a wake-up call: the projector reads the log from its checkpoint in
    // position order and commits views with the checkpoint, so events are applied in order
    // whatever the shards, duplicates or dropped records. One batch per shard at a time
    // (parallelization 1) keeps the wake-ups few; a batch of 100 is plenty for a wake-up.
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
        onFailure: new SqsDlq(projectorDlq),
      }),
    );

    // On demand, asynchronously (a CLI call would time out before 15 minutes):
    //   aws lambda invoke --function-name <RebuildFunctionName> --invocation-type Event out.json
    const rebuildFailures = new DeadLetterQueue(this, 'RebuildFailures');
    this.rebuild = new LedgerFunction(this, 'Rebuild', {
      entry: 'functions/rebuild.ts',
      description: 'Drops and rebuilds the views from the log',
      timeout: Duration.minutes(15),
      memorySize: 1769, // one full vCPU
      retryAttempts: 0, // a failed rebuild is looked at, not run twice more
      onFailure: new SqsDestination(rebuildFailures),
      logLevel,
    })
      .bindTable(tables.events, EVENTS_TABLE, 'read')
      .bindTable(tables.views, VIEWS_TABLE, 'readWrite')
      .bindTable(tables.artifacts, ARTIFACTS_TABLE, 'putOnce');
    new CfnOutput(this, STACK_OUTPUTS.rebuildFunction, { value: this.rebuild.functionName });

    // Scheduled (below) or on demand for any plan and year:
    //   aws lambda invoke --function-name <YearlyReportFunctionName> \
    //     --cli-binary-format raw-in-base64-out \
    //     --payload '{"planId":"spb-smolensk-2021-2023","year":2023}' out.json
    const yearlyReportFailures = new DeadLetterQueue(this, 'YearlyReportFailures');
    this.yearlyReport = new LedgerFunction(this, 'YearlyReport', {
      entry: 'functions/yearly-report.ts',
      description: 'Builds and publishes the yearly report of a plan; records the daily checkpoint of the Merkle tree',
      paramsAndSecrets: this.checkpointKey.layer,
      timeout: Duration.minutes(5),
      // A report is built whole in memory (README, "Known limits"): a measure holds at most
      // 1,000 entries a year, but a plan any number of measures. Once a year, it costs little.
      memorySize: 3008,
      // Scheduler invokes asynchronously; these cover a failing run.
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(yearlyReportFailures),
      logLevel,
    })
      .bindTable(tables.events, EVENTS_TABLE, 'append')
      .bindTable(tables.views, VIEWS_TABLE, 'read')
      .bindTable(tables.artifacts, ARTIFACTS_TABLE, 'putOnce');
    this.checkpointKey.grantSign(this.yearlyReport);
    new CfnOutput(this, STACK_OUTPUTS.yearlyReportFunction, { value: this.yearlyReport.functionName });

    const publicationCheckFailures = new DeadLetterQueue(this, 'PublicationCheckFailures');
    this.publicationCheck = new LedgerFunction(this, 'PublicationCheck', {
      entry: 'functions/publication-check.ts',
      description: 'Counts the plans whose report for last year is not published (daily from 1 February)',
      timeout: Duration.minutes(1),
      retryAttempts: 2,
      onFailure: new SqsDestination(publicationCheckFailures),
      logLevel,
    }).bindTable(tables.events, EVENTS_TABLE, 'read');
    this.publicationCheck.addEnvironment('PLAN_IDS', planIds.join(','));

    const scheduleDlq = new DeadLetterQueue(this, 'YearlyReportScheduleDlq');
    this.schedules = new LedgerSchedules(this, 'Schedules', {
      yearlyReport: this.yearlyReport,
      publicationCheck: this.publicationCheck,
      projector: this.projector,
      planIds,
      deadLetterQueue: scheduleDlq,
    });

    const functions = {
      Api: this.api,
      ApiStream: this.apiStream,
      Projector: this.projector,
      Rebuild: this.rebuild,
      YearlyReport: this.yearlyReport,
      PublicationCheck: this.publicationCheck,
    };
    for (const fn of Object.values(functions)) {
      // Published files are write-once, whatever a function is granted now or later.
      fn.denyRewrites(tables.artifacts);
    }
    const sync = "Invoked synchronously (HTTP); a failure is the caller's answer, there is nothing to redeliver.";
    acknowledge(this.api, 'Serverless-LambdaDLQ', sync);
    acknowledge(this.apiStream, 'Serverless-LambdaDLQ', sync);
    acknowledge(
      this.projector,
      'Serverless-LambdaDLQ',
      "Invoked by the stream's event source mapping, whose own on-failure queue (ProjectorDlq) gets what fails.",
    );
    acknowledge(
      this.projector,
      'Serverless-LambdaAsyncFailureDestination',
      'Invoked asynchronously only by the 5-minute wake schedule: a failed wake is not worth keeping, the next one comes within 5 minutes, and a failing projector raises its own alarms.',
    );
    for (const fn of [this.rebuild, this.yearlyReport, this.publicationCheck]) {
      acknowledge(fn, 'Serverless-LambdaDLQ', 'Asynchronous failures go to an on-failure destination (an SQS queue).');
    }

    this.monitoring = new LedgerMonitoring(this, 'Monitoring', {
      alarmEmail,
      encryptionKey: this.encryptionKey,
      httpApi: this.httpApi,
      functions,
      projector: this.projector,
      queues: [
        { name: 'ProjectorDlq', queue: projectorDlq, meaning: 'a projector wake-up failed five times.' },
        { name: 'RebuildFailures', queue: rebuildFailures, meaning: 'a rebuild of the views failed.' },
        {
          name: 'YearlyReportFailures',
          queue: yearlyReportFailures,
          meaning: 'a yearly report run failed after its retries.',
        },
        {
          name: 'PublicationCheckFailures',
          queue: publicationCheckFailures,
          meaning: 'the publication check failed after its retries.',
        },
        {
          name: 'ScheduleDlq',
          queue: scheduleDlq,
          meaning: 'EventBridge Scheduler could not deliver a scheduled invocation.',
        },
      ],
      tables: {
        Events: { table: tables.events, operations: [...TABLE_OPERATIONS.events] },
        Views: { table: tables.views, operations: [...TABLE_OPERATIONS.views] },
        Artifacts: { table: tables.artifacts, operations: [...TABLE_OPERATIONS.artifacts] },
      },
      schedules: this.schedules.group,
      iteratorAgeAlarmSeconds,
      api5xxAlarmPercent,
    });
    new CfnOutput(this, STACK_OUTPUTS.alarmTopic, { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, STACK_OUTPUTS.dashboard, {
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${this.monitoring.dashboard.dashboardName}`,
    });

    this.backup = new LedgerBackup(this, 'Backup', {
      tables: [tables.events, tables.artifacts],
      encryptionKey: this.encryptionKey,
      copyVaultArn: backupCopyVaultArn,
      monthlyRetentionDays: backupMonthlyRetentionDays,
    });

    new CfnOutput(this, STACK_OUTPUTS.eventsTable, { value: tables.events.tableName });
    new CfnOutput(this, STACK_OUTPUTS.viewsTable, { value: tables.views.tableName });
    new CfnOutput(this, STACK_OUTPUTS.artifactsTable, { value: tables.artifacts.tableName });
  }
}

/** One JSON line per request in the access log; requestId is the id the app answers with. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  userAgent: '$context.identity.userAgent',
};
