// What the deployed ledger must look like: durable log and reports, least-privilege
// functions, a projector that cannot stall on a bad batch, a January schedule, one API.

import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPlanIds } from '../../infra/context';
import { CHECKPOINT_ORIGIN_ENV, CHECKPOINT_SECRET_ENV } from '../../shared/config/checkpoint-key';
import { PAGES_SESSION_SECRET_ENV } from '../../shared/config/pages';
import { STREAMING_READ_URL_ENV } from '../../shared/config/stack-outputs';
import { ARTIFACTS_TABLE, EVENTS_TABLE, VIEWS_TABLE } from '../../shared/config/tables';
import {
  actionsOf,
  dynamoGrants,
  logicalIdOf,
  resourcesOf,
  type Synthesized,
  statementsOf,
  synthLedger,
} from './synth';

const WRITE_ACTIONS = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'].map((a) => `dynamodb:${a}`);

let synth: Synthesized;
let ids: { events: string; views: string; artifacts: string };

beforeAll(() => {
  synth = synthLedger();
  const { tables } = synth.stack;
  ids = {
    events: logicalIdOf(synth.stack, tables.events),
    views: logicalIdOf(synth.stack, tables.views),
    artifacts: logicalIdOf(synth.stack, tables.artifacts),
  };
});

const resource = (id: string) => synth.template.toJSON().Resources[id];
type FunctionName = 'api' | 'apiStream' | 'projector' | 'rebuild' | 'yearlyReport' | 'publicationCheck';
const FUNCTIONS: FunctionName[] = ['api', 'apiStream', 'projector', 'rebuild', 'yearlyReport', 'publicationCheck'];
const fnId = (name: FunctionName) => synth.stack.getLogicalId(synth.stack[name].node.defaultChild as CfnFunction);

describe('tables', () => {
  it('keeps the event log: keys, stream of keys only, PITR, deletion protection, retained', () => {
    expect(resource(ids.events)).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
      },
    });
  });

  it('keeps published reports, without a stream', () => {
    const artifacts = resource(ids.artifacts);
    expect(artifacts).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      },
    });
    expect(artifacts.Properties.StreamSpecification).toBeUndefined();
  });

  it('lets the disposable views go with the stack', () => {
    const views = resource(ids.views);
    expect(views.DeletionPolicy).toBe('Delete');
    expect(views.Properties.AttributeDefinitions).toContainEqual({
      AttributeName: 'sk',
      AttributeType: 'S',
    });
    expect(views.Properties.StreamSpecification).toBeUndefined();
  });
});

describe('functions', () => {
  it('all run Node.js 22 or newer on arm64, ESM bundles, with a log group kept 90 days', () => {
    const fns = Object.values(synth.template.findResources('AWS::Lambda::Function'));
    expect(fns).toHaveLength(FUNCTIONS.length);
    for (const fn of fns) {
      const version = /^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime)?.[1];
      expect(Number(version)).toBeGreaterThanOrEqual(22);
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Handler).toBe('index.handler');
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
      expect(resource(logGroupId).Properties.RetentionInDays).toBe(90);
    }
  });

  it('get table names only through bindTable, plus the log level, the service name, the pages’ secret and the streaming URL (API) and the checkpoint key (signers)', () => {
    // The Parameters and Secrets extension's own settings (the layer of the functions that sign) aside.
    const env = (name: FunctionName) =>
      Object.keys(resource(fnId(name)).Properties.Environment.Variables)
        .filter((key) => !/^(PARAMETERS_SECRETS_|SECRETS_MANAGER_|SSM_)/.test(key))
        .sort();
    const signs = [CHECKPOINT_SECRET_ENV, CHECKPOINT_ORIGIN_ENV];
    const base = ['LOG_LEVEL', 'NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME'];
    const logAndViews = [...base, EVENTS_TABLE.envVar, VIEWS_TABLE.envVar];
    expect(env('api')).toEqual(
      [...logAndViews, ARTIFACTS_TABLE.envVar, PAGES_SESSION_SECRET_ENV, STREAMING_READ_URL_ENV, ...signs].sort(),
    );
    expect(env('projector')).toEqual([...logAndViews, ARTIFACTS_TABLE.envVar].sort());
    expect(env('rebuild')).toEqual([...logAndViews, ARTIFACTS_TABLE.envVar].sort());
    expect(env('yearlyReport')).toEqual([...logAndViews, ARTIFACTS_TABLE.envVar, ...signs].sort());
    expect(env('publicationCheck')).toEqual([...base, EVENTS_TABLE.envVar, 'PLAN_IDS'].sort());
    const apiEnv = resource(fnId('api')).Properties.Environment.Variables;
    expect(apiEnv[EVENTS_TABLE.envVar]).toEqual({ Ref: ids.events });
    expect(apiEnv.LOG_LEVEL).toBe('info');
    expect(apiEnv.POWERTOOLS_SERVICE_NAME).toBe('RoadmapLedger');
    // The streaming function's own URL, which an answer too large for the API names.
    const url = JSON.stringify(apiEnv[STREAMING_READ_URL_ENV]);
    expect(url).toContain('FunctionUrl');
    expect(url).toContain(fnId('apiStream').replace(/[0-9A-F]{8}$/, ''));
  });

  it('give the yearly report 3 GB: it is built whole in memory (README, "Known limits")', () => {
    expect(resource(fnId('yearlyReport')).Properties.MemorySize).toBe(3008);
  });

  it('give the API 1 GB: a publication from the page builds a full year of the seed plan (about 815 MB)', () => {
    expect(resource(fnId('api')).Properties.MemorySize).toBe(1024);
  });

  it('give the API function appends to the log, read-only views, and artifacts it may only put (publication)', () => {
    const grants = dynamoGrants(synth, synth.stack.api);
    expect([...grants.keys()].sort()).toEqual([ids.artifacts, ids.events, ids.views].sort());
    expect([...grants.get(ids.events)!]).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']));
    expect([...grants.get(ids.views)!]).toContain('dynamodb:Query');
    for (const write of WRITE_ACTIONS) expect(grants.get(ids.views)!.has(write)).toBe(false);
    const artifactWrites = WRITE_ACTIONS.filter((write) => grants.get(ids.artifacts)!.has(write));
    expect(artifactWrites).toEqual(['dynamodb:PutItem']);
  });

  it('give the API function the pages’ session secret, generated by the stack and resolved at deploy time', () => {
    const secretId = synth.stack.getLogicalId(synth.stack.pagesSessionSecret.node.defaultChild as CfnSecret);
    expect(resource(secretId)).toMatchObject({
      Type: 'AWS::SecretsManager::Secret',
      Properties: { GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } },
    });
    const value = JSON.stringify(resource(fnId('api')).Properties.Environment.Variables[PAGES_SESSION_SECRET_ENV]);
    expect(value).toContain('{{resolve:secretsmanager:');
    expect(value).toContain(secretId);
    // Only the API serves the pages; the read-only streaming function does not get it.
    expect(resource(fnId('apiStream')).Properties.Environment.Variables[PAGES_SESSION_SECRET_ENV]).toBeUndefined();
  });

  it('give the streaming read-only API reads only, behind a streaming Function URL', () => {
    const grants = dynamoGrants(synth, synth.stack.apiStream);
    expect([...grants.keys()].sort()).toEqual([ids.artifacts, ids.events, ids.views].sort());
    for (const table of grants.keys())
      for (const write of WRITE_ACTIONS) expect(grants.get(table)!.has(write)).toBe(false);
    synth.template.hasResourceProperties('AWS::Lambda::Url', {
      TargetFunctionArn: { 'Fn::GetAtt': [fnId('apiStream'), 'Arn'] },
      InvokeMode: 'RESPONSE_STREAM',
    });
  });

  it('let no function delete from the log: appends only, through transactions', () => {
    for (const name of FUNCTIONS) {
      const onLog = dynamoGrants(synth, synth.stack[name]).get(ids.events) ?? new Set<string>();
      expect(onLog.has('dynamodb:DeleteItem'), name).toBe(false);
      expect(onLog.has('dynamodb:BatchWriteItem'), name).toBe(false);
    }
    for (const name of ['api', 'yearlyReport'] as const) {
      const onLog = dynamoGrants(synth, synth.stack[name]).get(ids.events)!;
      expect([...onLog]).toEqual(
        expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']),
      );
    }
  });

  it('let the projector read the log and its stream, write views, and put (write-once) the tiles of the tree', () => {
    const grants = dynamoGrants(synth, synth.stack.projector);
    expect([...grants.keys()].sort()).toEqual(
      [ids.events, `${ids.events}.StreamArn`, ids.views, ids.artifacts, '"*"'].sort(),
    );
    expect([...grants.get(ids.artifacts)!].filter((a) => WRITE_ACTIONS.includes(a as never))).toEqual([
      'dynamodb:PutItem',
    ]);
    expect([...grants.get('"*"')!]).toEqual(['dynamodb:ListStreams']);
    for (const write of WRITE_ACTIONS) expect(grants.get(ids.events)!.has(write)).toBe(false);
    expect(grants.get(ids.views)!.has('dynamodb:PutItem')).toBe(true);
  });

  it('let the yearly report append to the log and write artifacts, but only read views', () => {
    const grants = dynamoGrants(synth, synth.stack.yearlyReport);
    expect(grants.get(ids.events)!.has('dynamodb:PutItem')).toBe(true);
    expect(grants.get(ids.artifacts)!.has('dynamodb:PutItem')).toBe(true);
    expect(grants.get(ids.views)!.has('dynamodb:PutItem')).toBe(false);
  });

  it('grant no wildcard action, and nothing on "*" but listing streams and sending traces', () => {
    const onStar = new Set(['dynamodb:ListStreams', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
    for (const name of FUNCTIONS) {
      for (const statement of statementsOf(synth, synth.stack[name])) {
        for (const action of actionsOf(statement)) expect(action).not.toMatch(/\*/);
        if (resourcesOf(statement).includes('*')) {
          for (const action of actionsOf(statement)) expect(onStar.has(action), `${name}: ${action} on *`).toBe(true);
        }
      }
    }
  });
});

describe('projector event source', () => {
  it('retries a bounded number of times, bisects, reports item failures, parks the rest in SQS', () => {
    const mappings = Object.values(synth.template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    const props = mappings[0]!.Properties;
    expect(props).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [ids.events, 'StreamArn'] },
      FunctionName: { Ref: fnId('projector') },
      StartingPosition: 'TRIM_HORIZON',
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(props.MaximumRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(props.MaximumRetryAttempts).toBeLessThanOrEqual(10);
    expect(props.MaximumRecordAgeInSeconds).toBeGreaterThanOrEqual(60);
    expect(props.MaximumRecordAgeInSeconds).toBeLessThanOrEqual(24 * 3600);
    const [queueId, attr] = props.DestinationConfig.OnFailure.Destination['Fn::GetAtt'];
    expect(attr).toBe('Arn');
    expect(resource(queueId)).toMatchObject({
      Type: 'AWS::SQS::Queue',
      Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 },
    });
  });
});

describe('projector wake schedule', () => {
  it('wakes the projector every 5 minutes, so snapshots catch up when nobody writes; a missed wake is not retried', () => {
    const wakes = Object.values(synth.template.findResources('AWS::Scheduler::Schedule')).filter(
      (r) => JSON.parse(r.Properties.Target.Input).task === 'wake',
    );
    expect(wakes).toHaveLength(1);
    const props = wakes[0]!.Properties;
    expect(props.ScheduleExpression).toBe('rate(5 minutes)');
    expect(props.Target.Arn).toEqual({ 'Fn::GetAtt': [fnId('projector'), 'Arn'] });
    expect(props.Target.RetryPolicy.MaximumRetryAttempts).toBe(0);
    synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId('projector') },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 240,
    });
  });
});

describe('yearly report schedule', () => {
  const reportSchedules = (s: Synthesized) =>
    Object.values(s.template.findResources('AWS::Scheduler::Schedule')).filter(
      (r) =>
        JSON.stringify(r.Properties.Target.Arn) === JSON.stringify({ 'Fn::GetAtt': [fnId('yearlyReport'), 'Arn'] }) &&
        JSON.parse(r.Properties.Target.Input).task === undefined,
    );

  it("invokes the report function on 15 January, Moscow time, for the previous year: the joint report and each party's", () => {
    const schedules = reportSchedules(synth);
    expect(schedules).toHaveLength(1);
    const props = schedules[0]!.Properties;
    expect(props.ScheduleExpression).toBe('cron(0 6 15 1 ? *)');
    expect(props.ScheduleExpressionTimezone).toBe('Europe/Moscow');
    expect(props.Target.Arn).toEqual({ 'Fn::GetAtt': [fnId('yearlyReport'), 'Arn'] });
    expect(JSON.parse(props.Target.Input)).toEqual({
      planId: 'spb-smolensk-2021-2023',
      year: 'previous',
      // One publication per party of the plan, and the joint one; the parties are read from the plan.
      eachParty: true,
      // Scheduler fills this in; the function uses it as the idempotency key.
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
    expect(props.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(props.Target.DeadLetterConfig.Arn['Fn::GetAtt'][1]).toBe('Arn');
  });

  it('sends a report run that keeps failing to a queue', () => {
    synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId('yearlyReport') },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
    });
  });

  it('gets one schedule per plan id from the planIds context', () => {
    const two = synthLedger({ planIds: 'plan-a, plan-b' });
    const inputs = Object.values(two.template.findResources('AWS::Scheduler::Schedule'))
      .map((s) => JSON.parse(s.Properties.Target.Input).planId)
      .filter((planId) => planId !== undefined);
    expect(inputs.sort()).toEqual(['plan-a', 'plan-b']);
    const check = two.stack.publicationCheck.node.defaultChild as CfnFunction;
    expect(
      two.template.toJSON().Resources[two.stack.getLogicalId(check)].Properties.Environment.Variables.PLAN_IDS,
    ).toBe('plan-a,plan-b');
  });

  it('records a checkpoint of the Merkle tree daily, through the report function, which alone with the API may read the signing key', () => {
    const daily = Object.values(synth.template.findResources('AWS::Scheduler::Schedule')).filter(
      (r) => JSON.parse(r.Properties.Target.Input).task === 'checkpoint',
    );
    expect(daily).toHaveLength(1);
    expect(daily[0]!.Properties.ScheduleExpression).toBe('cron(30 0 * * ? *)');
    expect(daily[0]!.Properties.Target.Arn).toEqual({ 'Fn::GetAtt': [fnId('yearlyReport'), 'Arn'] });
    const secret = synth.stack.getLogicalId(synth.stack.checkpointKey.secret.node.defaultChild as never);
    synth.template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
    const readers = Object.values(synth.template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p).includes(`"Ref":"${secret}"`))
      .flatMap((p) => p.Properties.Roles.map((r: { Ref: string }) => r.Ref))
      .sort();
    const roleOf = (name: FunctionName) => resource(fnId(name)).Properties.Role['Fn::GetAtt'][0] as string;
    expect(readers).toEqual([roleOf('api'), roleOf('yearlyReport')].sort());
  });

  it('refuses plan ids that cannot name a schedule', () => {
    expect(() => readPlanIds(new App({ context: { planIds: 'ok,not/ok' } }).node)).toThrow(/not\/ok/);
    expect(() => readPlanIds(new App({ context: { planIds: ' , ' } }).node)).toThrow(/at least one/);
  });
});

describe('HTTP API', () => {
  it('routes everything ($default) to the API function', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const routes = Object.values(synth.template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey)).toEqual(['$default']);
    // Target: { Fn::Join: ['', ['integrations/', { Ref: <integration> }]] }
    const [, integration] = routes[0]!.Properties.Target['Fn::Join'][1] as [string, { Ref: string }];
    expect(resource(integration.Ref).Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [fnId('api'), 'Arn'] },
      PayloadFormatVersion: '2.0',
    });
    expect(synth.template.toJSON().Outputs.ApiUrl).toBeDefined();
  });
});
