// What makes the deployed ledger operable: the CLI's stack outputs, write-once files by
// IAM, limits, logs, traces, alarms to a topic, a dashboard, backups and an optional key.
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { REWRITE_ACTIONS } from '../../infra/constructs/ledger-function';
import { readSettings } from '../../infra/context';
import { METRIC, METRICS_NAMESPACE } from '../../shared/config/observability';
import { STACK_OUTPUTS } from '../../shared/config/stack-outputs';
import {
  actionsOf,
  dynamoGrants,
  logicalIdOf,
  resourcesOf,
  type Synthesized,
  statementsOf,
  synthLedger,
} from './synth';

let synth: Synthesized;
beforeAll(() => {
  synth = synthLedger();
});

const FUNCTIONS = ['api', 'apiStream', 'projector', 'rebuild', 'yearlyReport', 'publicationCheck'] as const;
const fnId = (s: Synthesized, name: (typeof FUNCTIONS)[number]) =>
  s.stack.getLogicalId(s.stack[name].node.defaultChild as CfnFunction);
const resources = (s: Synthesized, type: string) => Object.values(s.template.findResources(type));
const alarms = (s: Synthesized) =>
  new Map(resources(s, 'AWS::CloudWatch::Alarm').map((a) => [a.Properties.AlarmName as string, a.Properties]));
const READ_ACTIONS = new Set(
  [
    'BatchGetItem',
    'GetRecords',
    'GetShardIterator',
    'Query',
    'GetItem',
    'Scan',
    'ConditionCheckItem',
    'DescribeTable',
  ].map((a) => `dynamodb:${a}`),
);

describe('stack outputs', () => {
  it('give the CLI the API URL, the streaming URL and every table, under stable keys', () => {
    const outputs = synth.template.toJSON().Outputs;
    for (const key of Object.values(STACK_OUTPUTS)) expect(outputs[key], key).toBeDefined();
    const { tables } = synth.stack;
    expect(outputs[STACK_OUTPUTS.eventsTable].Value).toEqual({ Ref: logicalIdOf(synth.stack, tables.events) });
    expect(outputs[STACK_OUTPUTS.viewsTable].Value).toEqual({ Ref: logicalIdOf(synth.stack, tables.views) });
    expect(outputs[STACK_OUTPUTS.artifactsTable].Value).toEqual({ Ref: logicalIdOf(synth.stack, tables.artifacts) });
    expect(JSON.stringify(outputs[STACK_OUTPUTS.streamingUrl].Value)).toContain('FunctionUrl');
  });
});

describe('published files are write-once by IAM', () => {
  it('no function may update, delete or batch-write the artifacts table; only the publishers and the tree keepers may put', () => {
    // The yearly report publishes on schedule; the API when a coordinator publishes from a page;
    // the projector and the rebuild put the Merkle tree's write-once tiles.
    const artifacts = logicalIdOf(synth.stack, synth.stack.tables.artifacts);
    for (const name of FUNCTIONS) {
      const allowed = [...(dynamoGrants(synth, synth.stack[name]).get(artifacts) ?? [])];
      const writes = allowed.filter((a) => !READ_ACTIONS.has(a));
      const puts = ['yearlyReport', 'api', 'projector', 'rebuild'].includes(name);
      expect(writes, name).toEqual(puts ? ['dynamodb:PutItem'] : []);
    }
  });

  it('every function is explicitly denied rewriting it, whatever else it is granted', () => {
    const artifacts = logicalIdOf(synth.stack, synth.stack.tables.artifacts);
    for (const name of FUNCTIONS) {
      const denied = dynamoGrants(synth, synth.stack[name], 'Deny').get(artifacts);
      expect([...(denied ?? [])].sort(), name).toEqual(REWRITE_ACTIONS);
      expect(REWRITE_ACTIONS).toEqual(
        expect.arrayContaining(['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:UpdateItem']),
      );
    }
  });
});

describe('limits', () => {
  it('throttle the API stage (defaults), and log every request as JSON with its request id', () => {
    const [stage] = resources(synth, 'AWS::ApiGatewayV2::Stage');
    expect(stage!.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const format = JSON.parse(stage!.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    const logGroupId = stage!.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    expect(synth.template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(90);
  });

  it('take the rate, burst and reserved concurrency from context', () => {
    const tuned = synthLedger({
      apiRateLimit: 10,
      apiBurstLimit: 20,
      streamConcurrency: 3,
      projectorConcurrency: 'none',
    });
    expect(resources(tuned, 'AWS::ApiGatewayV2::Stage')[0]!.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 10,
      ThrottlingBurstLimit: 20,
    });
    const fn = (name: (typeof FUNCTIONS)[number]) => tuned.template.toJSON().Resources[fnId(tuned, name)].Properties;
    expect(fn('apiStream').ReservedConcurrentExecutions).toBe(3);
    expect(fn('projector').ReservedConcurrentExecutions).toBeUndefined();
  });

  it('cap the streaming function and the projector by default; the API is capped by its stage', () => {
    const fn = (name: (typeof FUNCTIONS)[number]) => synth.template.toJSON().Resources[fnId(synth, name)].Properties;
    expect(fn('apiStream').ReservedConcurrentExecutions).toBe(5);
    expect(fn('projector').ReservedConcurrentExecutions).toBe(2);
    expect(fn('api').ReservedConcurrentExecutions).toBeUndefined();
  });

  it('feed the projector one batch per shard at a time', () => {
    const [mapping] = resources(synth, 'AWS::Lambda::EventSourceMapping');
    expect(mapping!.Properties).toMatchObject({ ParallelizationFactor: 1, BatchSize: 100 });
  });

  it('refuse context values that make no sense', () => {
    const settings = (context: Record<string, unknown>) => () => readSettings(new App({ context }).node);
    expect(settings({ alarmEmail: 'not an address' })).toThrow(/alarmEmail/);
    expect(settings({ apiRateLimit: '0' })).toThrow(/apiRateLimit/);
    expect(settings({ streamConcurrency: 'lots' })).toThrow(/streamConcurrency/);
    expect(settings({ kmsKey: 'my-key' })).toThrow(/kmsKey/);
    expect(settings({ backupCopyVaultArn: 'arn:aws:s3:::bucket' })).toThrow(/backupCopyVaultArn/);
    expect(settings({ backupMonthlyRetentionDays: '30' })).toThrow(/backupMonthlyRetentionDays/);
  });
});

describe('observability', () => {
  it('traces every function with X-Ray', () => {
    for (const fn of resources(synth, 'AWS::Lambda::Function')) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
  });

  it('draws a dashboard of the API, writes, projector, functions, tables and scheduled work', () => {
    const [dashboard] = resources(synth, 'AWS::CloudWatch::Dashboard');
    expect(dashboard!.Properties.DashboardName).toBe('RoadmapLedger');
    const body = JSON.stringify(dashboard!.Properties.DashboardBody);
    for (const name of [METRIC.appends, METRIC.refusals, METRIC.projectorLag, METRIC.reportBuildMs, 'IteratorAge']) {
      expect(body, name).toContain(name);
    }
  });
});

describe('alarms', () => {
  it('cover every dead-letter queue, the projector, the API, every function, every table, the scheduler and the report', () => {
    const names = [...alarms(synth).keys()].map((n) => n.replace(/^RoadmapLedger-/, '')).sort();
    const fns = ['Api', 'ApiStream', 'Projector', 'Rebuild', 'YearlyReport', 'PublicationCheck'];
    const tables = ['Events', 'Views', 'Artifacts'];
    expect(names).toEqual(
      [
        ...['ProjectorDlq', 'RebuildFailures', 'YearlyReportFailures', 'PublicationCheckFailures', 'ScheduleDlq'].map(
          (q) => `${q}HasMessages`,
        ),
        'ProjectorIteratorAge',
        'ProjectorFailed',
        'TreeFailed',
        'SnapshotFailed',
        'Api5xxRate',
        ...fns.map((f) => `${f}Errors`),
        ...fns.filter((f) => f !== 'Projector').map((f) => `${f}Throttles`),
        ...tables.flatMap((t) => [`${t}TableThrottles`, `${t}TableSystemErrors`]),
        'SchedulerFailures',
        'ReportNotPublished',
      ].sort(),
    );
  });

  it('send every alarm and its recovery to the topic', () => {
    const topic = synth.stack.getLogicalId(synth.stack.monitoring.topic.node.defaultChild as never);
    for (const [name, props] of alarms(synth)) {
      expect(props.AlarmActions, name).toEqual([{ Ref: topic }]);
      expect(props.OKActions, name).toEqual([{ Ref: topic }]);
      expect(props.AlarmDescription, name).toMatch(/What to do: docs\/OPERATIONS\.md/);
    }
  });

  it('watch what the code emits: any ProjectorFailed, and a report missing after 1 February', () => {
    const all = alarms(synth);
    const service = [{ Name: 'service', Value: 'RoadmapLedger' }];
    expect(all.get('RoadmapLedger-ProjectorFailed')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC.projectorFailed,
      Dimensions: service,
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(all.get('RoadmapLedger-ReportNotPublished')).toMatchObject({
      MetricName: METRIC.reportsMissing,
      Dimensions: service,
      Period: 86_400,
      Threshold: 1,
    });
    expect(all.get('RoadmapLedger-ProjectorIteratorAge')).toMatchObject({
      MetricName: 'IteratorAge',
      Threshold: 300_000,
      EvaluationPeriods: 3,
    });
  });

  it('alarm on any message in a dead-letter queue', () => {
    const dlq = alarms(synth).get('RoadmapLedger-ProjectorDlqHasMessages')!;
    expect(dlq).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('compute the API 5xx rate only over enough requests', () => {
    const rate = alarms(synth).get('RoadmapLedger-Api5xxRate')!;
    expect(rate.Threshold).toBe(5);
    const expression = rate.Metrics.find((m: { Expression?: string }) => m.Expression).Expression;
    expect(expression).toBe('IF(requests >= 20, 100 * errors / requests, 0)');
    const names = rate.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName);
    expect(names.sort()).toEqual(['5xx', 'Count']);
  });

  it('send the alarms by e-mail when context names an address', () => {
    expect(resources(synth, 'AWS::SNS::Subscription')).toEqual([]);
    const mailed = synthLedger({ alarmEmail: 'ledger-ops@example.org' });
    mailed.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ledger-ops@example.org',
    });
  });
});

describe('backup', () => {
  it('backs up the log and the published files daily (35 days) and monthly (10 years), not the views', () => {
    const [plan] = resources(synth, 'AWS::Backup::BackupPlan');
    const rules = plan!.Properties.BackupPlan.BackupPlanRule;
    expect(rules.map((r: any) => [r.RuleName, r.Lifecycle.DeleteAfterDays])).toEqual([
      ['Daily', 35],
      ['Monthly', 3650],
    ]);
    for (const rule of rules) expect(rule.CopyActions ?? []).toEqual([]);
    const [selection] = resources(synth, 'AWS::Backup::BackupSelection');
    const arns = selection!.Properties.BackupSelection.Resources.map((r: any) => r['Fn::GetAtt'][0]).sort();
    const { tables } = synth.stack;
    expect(arns).toEqual([logicalIdOf(synth.stack, tables.events), logicalIdOf(synth.stack, tables.artifacts)].sort());
  });

  it('keeps the vault with the stack gone, and lets nobody delete a recovery point early', () => {
    const vaults = synth.template.findResources('AWS::Backup::BackupVault');
    const [vault] = Object.values(vaults);
    expect(vault!.DeletionPolicy).toBe('Retain');
    const denied = vault!.Properties.AccessPolicy.Statement.find((s: any) => s.Effect === 'Deny');
    expect([denied.Action].flat()).toContain('backup:DeleteRecoveryPoint');
  });

  it('copies to another vault, with the same retention, when context names one', () => {
    const arn = 'arn:aws:backup:eu-west-1:123456789012:backup-vault:ledger-copy';
    const copied = synthLedger({ backupCopyVaultArn: arn });
    const rules = resources(copied, 'AWS::Backup::BackupPlan')[0]!.Properties.BackupPlan.BackupPlanRule;
    for (const rule of rules) {
      expect(rule.CopyActions).toEqual([
        { DestinationBackupVaultArn: arn, Lifecycle: { DeleteAfterDays: rule.Lifecycle.DeleteAfterDays } },
      ]);
    }
  });
});

describe('a customer-managed key (context kmsKey)', () => {
  it('is absent by default: the tables use AWS-owned keys', () => {
    expect(resources(synth, 'AWS::KMS::Key')).toEqual([]);
  });

  it('encrypts the tables, the backups and the alarm topic, rotates, and lets CloudWatch publish', () => {
    const keyed = synthLedger({ kmsKey: 'create' });
    const keys = keyed.template.findResources('AWS::KMS::Key');
    const [keyId, key] = Object.entries(keys)[0]!;
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };
    for (const table of resources(keyed, 'AWS::DynamoDB::Table')) {
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn });
    }
    keyed.template.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: keyArn });
    keyed.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
    const cloudwatch = key.Properties.KeyPolicy.Statement.find(
      (s: any) => s.Principal?.Service === 'cloudwatch.amazonaws.com',
    );
    expect(cloudwatch.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
  });

  it('lets the functions that write encrypt with it, and the readers decrypt', () => {
    const keyed = synthLedger({ kmsKey: 'create' });
    const keyId = Object.keys(keyed.template.findResources('AWS::KMS::Key'))[0]!;
    const kmsActions = (name: (typeof FUNCTIONS)[number]) =>
      statementsOf(keyed, keyed.stack[name])
        .filter((s) => resourcesOf(s).some((r) => JSON.stringify(r).includes(keyId)))
        .flatMap(actionsOf);
    expect(kmsActions('api')).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*']));
    expect(kmsActions('apiStream')).toContain('kms:Decrypt');
    expect(kmsActions('apiStream')).not.toContain('kms:Encrypt');
  });

  it('can be an existing key, by ARN', () => {
    const arn = 'arn:aws:kms:eu-central-1:123456789012:key/0b6f2c1e-7a3d-4a55-9c1e-2f1e8d6a9b10';
    const keyed = synthLedger({ kmsKey: arn });
    expect(resources(keyed, 'AWS::KMS::Key')).toEqual([]);
    keyed.template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: arn },
    });
    keyed.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });
});

describe('tables restored from a backup (context restored*)', () => {
  const stream =
    'arn:aws:dynamodb:eu-central-1:123456789012:table/ledger-events-restored/stream/2027-01-15T08:00:00.000';
  const context = {
    restoredEventsTable: 'ledger-events-restored',
    restoredEventsStreamArn: stream,
    restoredArtifactsTable: 'ledger-artifacts-restored',
  };

  it("are used in place of the stack's own: outputs, functions, the projector's stream and the backup plan", () => {
    const restored = synthLedger(context);
    const tables = resources(restored, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1); // the views; the replaced tables are retained, outside the stack
    const outputs = restored.template.toJSON().Outputs;
    expect(outputs[STACK_OUTPUTS.eventsTable].Value).toBe('ledger-events-restored');
    expect(outputs[STACK_OUTPUTS.artifactsTable].Value).toBe('ledger-artifacts-restored');
    const api = restored.template.toJSON().Resources[fnId(restored, 'api')].Properties.Environment.Variables;
    expect(api.EVENTS_TABLE).toBe('ledger-events-restored');
    expect(resources(restored, 'AWS::Lambda::EventSourceMapping')[0]!.Properties.EventSourceArn).toBe(stream);
    const selection = JSON.stringify(resources(restored, 'AWS::Backup::BackupSelection')[0]!.Properties);
    expect(selection).toContain('table/ledger-events-restored');
    expect(selection).toContain('table/ledger-artifacts-restored');
    const grants = JSON.stringify(statementsOf(restored, restored.stack.yearlyReport));
    expect(grants).toContain('table/ledger-artifacts-restored');
  });

  it("need the log's stream, of that very table", () => {
    const settings = (c: Record<string, unknown>) => () => readSettings(new App({ context: c }).node);
    expect(settings({ restoredEventsTable: 'ledger-events-restored' })).toThrow(/go together/);
    expect(settings({ restoredEventsTable: 'other-table', restoredEventsStreamArn: stream })).toThrow(
      /not a stream of table other-table/,
    );
  });
});
