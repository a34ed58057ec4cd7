// Who is told what: an SNS topic (with an e-mail subscription from context), one alarm
// per way the ledger can fail, and a dashboard. Each alarm's description says what it
// means; docs/OPERATIONS.md ("Alarms") says what to do.
import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type ITable, Operation } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  METRIC,
  METRICS_NAMESPACE,
  REFUSAL_CODE_DIMENSION,
  SERVICE_DIMENSION,
} from '../../shared/config/observability';
import { acknowledge } from '../nag';

export interface LedgerMonitoringProps {
  readonly alarmEmail: string | null;
  readonly encryptionKey: IKey | undefined;
  readonly httpApi: HttpApi;
  /** Every function, by a short name used in alarm names. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** The stream-triggered projector (iterator age; its throttles are retried, not alarmed). */
  readonly projector: IFunction;
  /** Every dead-letter queue, by name, with what a message in it means. */
  readonly queues: readonly { name: string; queue: IQueue; meaning: string }[];
  readonly tables: Readonly<Record<string, { table: ITable; operations: Operation[] }>>;
  readonly schedules: ScheduleGroup;
  readonly iteratorAgeAlarmSeconds: number;
  readonly api5xxAlarmPercent: number;
}

const FIVE_MINUTES = Duration.minutes(5);
const RUNBOOK = 'docs/OPERATIONS.md, "Alarms"';

export class LedgerMonitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  private readonly service: string;

  constructor(scope: Construct, id: string, props: LedgerMonitoringProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.service = stack.stackName;

    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `${stack.stackName} alarms`,
      enforceSSL: true,
      ...(props.encryptionKey ? { masterKey: props.encryptionKey } : {}),
    });
    if (props.encryptionKey instanceof Key) {
      // CloudWatch must be able to publish to a topic encrypted with this key.
      props.encryptionKey.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
        }),
      );
    }
    if (!props.encryptionKey) {
      acknowledge(
        this.topic,
        'AwsSolutions-SNS2',
        'Alarm messages carry alarm names and metric values only; the AWS-managed SNS key cannot be used by ' +
          'CloudWatch. Context kmsKey encrypts the topic with a customer-managed key.',
      );
    }
    if (props.alarmEmail) {
      const subscription = new EmailSubscription(props.alarmEmail);
      this.topic.addSubscription(subscription);
      acknowledge(
        this.topic,
        'Serverless-SNSRedrivePolicy',
        'SNS retries e-mail delivery itself; a delivery that still fails shows in the NumberOfNotificationsFailed ' +
          'metric, and the alarm stays visible on the dashboard.',
      );
    }

    this.queueAlarms(props.queues);
    this.projectorAlarms(props);
    this.apiAlarm(props);
    this.functionAlarms(props);
    this.tableAlarms(props.tables);
    this.schedulerAlarm(props.schedules);
    this.alarm('ReportNotPublished', this.app(METRIC.reportsMissing, 'Maximum', Duration.days(1)), {
      threshold: 1,
      description:
        "A plan in its reporting period has no published report for last year, and 1 February has passed (the daily check's ReportsMissing).",
    });
    this.dashboard = this.buildDashboard(props);
  }

  /** An application metric (Powertools, namespace RoadmapLedger) of this stack. */
  private app(name: string, statistic: string, period: Duration = FIVE_MINUTES): Metric {
    return new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { [SERVICE_DIMENSION]: this.service },
      statistic,
      period,
    });
  }

  private alarm(
    id: string,
    metric: IMetric,
    options: { threshold: number; description: string; evaluationPeriods?: number; greaterThan?: boolean },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: `${this.service}-${id}`,
      alarmDescription: `${options.description} What to do: ${RUNBOOK}, ${id}.`,
      metric,
      threshold: options.threshold,
      comparisonOperator: options.greaterThan
        ? ComparisonOperator.GREATER_THAN_THRESHOLD
        : ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      // No data is no failure: most of these metrics exist only when something happens.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }

  private queueAlarms(queues: LedgerMonitoringProps['queues']) {
    for (const { name, queue, meaning } of queues) {
      this.alarm(
        `${name}HasMessages`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        { threshold: 1, description: `A message is waiting in dead-letter queue ${name}: ${meaning}` },
      );
    }
  }

  private projectorAlarms(props: LedgerMonitoringProps) {
    this.alarm(
      'ProjectorIteratorAge',
      props.projector.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
      {
        threshold: props.iteratorAgeAlarmSeconds * 1000,
        greaterThan: true,
        evaluationPeriods: 3,
        description: `The projector has been more than ${props.iteratorAgeAlarmSeconds} s behind the log's stream for 3 minutes: reads show stale views.`,
      },
    );
    this.alarm('ProjectorFailed', this.app(METRIC.projectorFailed, 'Sum'), {
      threshold: 1,
      description: 'The projector stopped at an event it could not apply: the views are stuck at that position.',
    });
    this.alarm('TreeFailed', this.app(METRIC.treeFailed, 'Sum'), {
      threshold: 1,
      description:
        'The projector could not extend the Merkle tree over the log (a tile disagreeing with the log, or DynamoDB): run npm run audit -- verify.',
    });
    this.alarm('SnapshotFailed', this.app(METRIC.snapshotFailed, 'Sum'), {
      threshold: 1,
      description:
        'The projector could not write a snapshot of the views (DynamoDB, or a stored snapshot failing its checks): as-of reads replay further until it can; run npm run audit -- verify.',
    });
  }

  private apiAlarm(props: LedgerMonitoringProps) {
    const rate = new MathExpression({
      // Below 20 requests in 5 minutes one failure is not a rate.
      expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
        requests: props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      label: 'API 5xx (%)',
      period: FIVE_MINUTES,
    });
    this.alarm('Api5xxRate', rate, {
      threshold: props.api5xxAlarmPercent,
      greaterThan: true,
      description: `More than ${props.api5xxAlarmPercent} % of API requests answered 5xx in 5 minutes.`,
    });
  }

  private functionAlarms(props: LedgerMonitoringProps) {
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${name}Errors`, fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), {
        threshold: 1,
        description: `Function ${name} failed (an invocation threw, timed out or ran out of memory).`,
      });
      // The projector's throttled wake-ups are retried by its trigger; its iterator age says when that hurts.
      if (fn === props.projector) continue;
      this.alarm(`${name}Throttles`, fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }), {
        threshold: 1,
        description: `Function ${name} was throttled (its reserved concurrency, or the account's limit).`,
      });
    }
  }

  private tableAlarms(tables: LedgerMonitoringProps['tables']) {
    for (const [name, { table, operations }] of Object.entries(tables)) {
      const throttles = new MathExpression({
        expression: 'reads + writes',
        usingMetrics: {
          reads: table.metric('ReadThrottleEvents', { period: FIVE_MINUTES, statistic: 'Sum' }),
          writes: table.metric('WriteThrottleEvents', { period: FIVE_MINUTES, statistic: 'Sum' }),
        },
        label: `${name} throttle events`,
        period: FIVE_MINUTES,
      });
      this.alarm(`${name}TableThrottles`, throttles, {
        threshold: 1,
        description: `DynamoDB throttled requests to the ${name} table.`,
      });
      this.alarm(
        `${name}TableSystemErrors`,
        table.metricSystemErrorsForOperations({ operations, period: FIVE_MINUTES, statistic: 'Sum' }),
        { threshold: 1, description: `DynamoDB answered requests to the ${name} table with a server error.` },
      );
    }
  }

  private schedulerAlarm(group: ScheduleGroup) {
    const failures = new MathExpression({
      expression: 'targetErrors + dropped + notDeadLettered',
      usingMetrics: {
        targetErrors: group.metricTargetErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        dropped: group.metricDropped({ period: FIVE_MINUTES, statistic: 'Sum' }),
        notDeadLettered: group.metricFailedToBeSentToDLQ(undefined, { period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      label: 'scheduler failures',
      period: FIVE_MINUTES,
    });
    this.alarm('SchedulerFailures', failures, {
      threshold: 1,
      description:
        'EventBridge Scheduler could not invoke a scheduled function (the yearly report or the publication check).',
    });
  }

  private buildDashboard(props: LedgerMonitoringProps): Dashboard {
    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: this.service });
    const fns = Object.entries(props.functions);
    const perFunction = (metric: (fn: IFunction) => IMetric) => fns.map(([, fn]) => metric(fn));
    const graph = (title: string, left: IMetric[], width = 8, right: IMetric[] = []) =>
      new GraphWidget({ title, left, right, width, height: 6 });
    const api = props.httpApi;
    const refusalsByCode = new MathExpression({
      expression: `SEARCH('{${METRICS_NAMESPACE},${REFUSAL_CODE_DIMENSION},${SERVICE_DIMENSION}} MetricName="${METRIC.refusals}" ${SERVICE_DIMENSION}="${this.service}"', 'Sum', 300)`,
      usingMetrics: {},
      label: 'Refusals by code',
      period: FIVE_MINUTES,
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown: `# ${this.service}\nAlarms go to SNS topic \`${this.topic.topicName}\`. What each one means and what to do: ${RUNBOOK}.`,
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 6 }));
    dashboard.addWidgets(
      graph('API requests, 4xx, 5xx', [api.metricCount(), api.metricClientError(), api.metricServerError()]),
      graph('API latency (ms)', [
        api.metricLatency({ statistic: 'p50' }),
        api.metricLatency({ statistic: 'p95' }),
        api.metricIntegrationLatency({ statistic: 'p95' }),
      ]),
      graph('Refusals by code', [refusalsByCode]),
    );
    dashboard.addWidgets(
      graph('Appends, conflicts, retries', [
        this.app(METRIC.appends, 'Sum'),
        this.app(METRIC.conflicts, 'Sum'),
        this.app(METRIC.appendRetries, 'Sum'),
      ]),
      graph('Appends committed together (group size)', [
        this.app(METRIC.groupSize, 'Average'),
        this.app(METRIC.groupSize, 'Maximum'),
      ]),
      graph('Command latency (ms)', [this.app(METRIC.commandLatency, 'p50'), this.app(METRIC.commandLatency, 'p95')]),
    );
    dashboard.addWidgets(
      graph('Projector iterator age (ms)', [
        props.projector.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
      ]),
      graph('Projector: events applied per wake, lag after it', [
        this.app(METRIC.projectorBatch, 'Sum'),
        this.app(METRIC.projectorLag, 'Maximum'),
      ]),
      new SingleValueWidget({
        title: 'Projector failures (views stuck)',
        metrics: [this.app(METRIC.projectorFailed, 'Sum', Duration.hours(1))],
        width: 8,
        height: 6,
      }),
    );
    dashboard.addWidgets(
      graph(
        'Function errors',
        perFunction((fn) => fn.metricErrors({ statistic: 'Sum' })),
      ),
      graph(
        'Function throttles',
        perFunction((fn) => fn.metricThrottles({ statistic: 'Sum' })),
      ),
      graph(
        'Function duration p95 (ms)',
        perFunction((fn) => fn.metricDuration({ statistic: 'p95' })),
      ),
    );
    const tables = Object.entries(props.tables);
    dashboard.addWidgets(
      graph(
        'DynamoDB consumed capacity',
        tables.map(([, { table }]) => table.metricConsumedReadCapacityUnits({ statistic: 'Sum' })),
        8,
        tables.map(([, { table }]) => table.metricConsumedWriteCapacityUnits({ statistic: 'Sum' })),
      ),
      graph(
        'DynamoDB throttle events',
        tables.flatMap(([, { table }]) => [
          table.metric('ReadThrottleEvents', { statistic: 'Sum' }),
          table.metric('WriteThrottleEvents', { statistic: 'Sum' }),
        ]),
      ),
      graph(
        'Concurrent executions',
        fns.map(([, fn]) => fn.metric('ConcurrentExecutions', { statistic: 'Maximum' })),
      ),
    );
    dashboard.addWidgets(
      graph(
        'Dead-letter queues (messages)',
        props.queues.map(({ queue }) => queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' })),
      ),
      graph('Scheduled work', [
        props.schedules.metricAttempts({ statistic: 'Sum' }),
        props.schedules.metricTargetErrors({ statistic: 'Sum' }),
        this.app(METRIC.reportBuildMs, 'Maximum'),
      ]),
      graph("Plans without last year's report", [this.app(METRIC.reportsMissing, 'Maximum', Duration.days(1))]),
    );
    return dashboard;
  }
}

/** The DynamoDB operations each table serves, for its system-error alarm. */
export const TABLE_OPERATIONS = {
  events: [Operation.GET_ITEM, Operation.QUERY, Operation.BATCH_GET_ITEM, Operation.TRANSACT_WRITE_ITEMS],
  views: [
    Operation.GET_ITEM,
    Operation.QUERY,
    Operation.SCAN,
    Operation.PUT_ITEM,
    Operation.DELETE_ITEM,
    Operation.BATCH_WRITE_ITEM,
    Operation.TRANSACT_WRITE_ITEMS,
  ],
  artifacts: [Operation.GET_ITEM, Operation.QUERY, Operation.PUT_ITEM],
} as const;
