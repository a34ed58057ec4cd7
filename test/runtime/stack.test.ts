// How the CLI finds a deployed stack: its outputs (mocked CloudFormation), the caller's
// identity (mocked STS), and the errors an operator gets when something is off.
import { CloudFormationClient, DescribeStacksCommand, type StackStatus } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { targetOf, UsageError } from '../../scripts/lib/cli';
import { iamActor, readStackOutputs, StackError } from '../../scripts/lib/stack';
import { STACK_OUTPUTS } from '../../shared/config/stack-outputs';

const cfn = mockClient(CloudFormationClient);
const sts = mockClient(STSClient);
afterEach(() => {
  cfn.reset();
  sts.reset();
});

const target = { stackName: 'RoadmapLedger', region: 'eu-central-1' };
const outputs = {
  [STACK_OUTPUTS.apiUrl]: 'https://abc123.execute-api.eu-central-1.amazonaws.com/',
  [STACK_OUTPUTS.streamingUrl]: 'https://xyz.lambda-url.eu-central-1.on.aws/',
  [STACK_OUTPUTS.eventsTable]: 'RoadmapLedger-TablesEvents1A2B3C-1XYZ',
  [STACK_OUTPUTS.viewsTable]: 'RoadmapLedger-TablesViews4D5E6F-2XYZ',
  [STACK_OUTPUTS.artifactsTable]: 'RoadmapLedger-TablesArtifacts7A8B-3XYZ',
  [STACK_OUTPUTS.rebuildFunction]: 'RoadmapLedger-Rebuild1234',
};
const describing = (values: Record<string, string>, status: StackStatus = 'UPDATE_COMPLETE') =>
  cfn.on(DescribeStacksCommand, { StackName: 'RoadmapLedger' }).resolves({
    Stacks: [
      {
        StackName: 'RoadmapLedger',
        StackStatus: status,
        CreationTime: new Date(),
        Outputs: Object.entries(values).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });

describe('readStackOutputs', () => {
  it('takes the table names and URLs from the stack outputs', async () => {
    describing({ ...outputs, SomethingElse: 'ignored' });
    const read = await readStackOutputs(new CloudFormationClient({ region: 'eu-central-1' }), target);
    expect(read).toEqual({
      stackName: 'RoadmapLedger',
      apiUrl: outputs.ApiUrl,
      streamingUrl: outputs.StreamingReadUrl,
      tables: {
        events: outputs.EventsTableName,
        views: outputs.ViewsTableName,
        artifacts: outputs.ArtifactsTableName,
      },
      rebuildFunctionName: 'RoadmapLedger-Rebuild1234',
      yearlyReportFunctionName: null,
    });
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(1);
  });

  it('names every missing output and the stack status, rather than guessing table names', async () => {
    const { [STACK_OUTPUTS.eventsTable]: _e, [STACK_OUTPUTS.artifactsTable]: _a, ...partial } = outputs;
    describing(partial, 'ROLLBACK_COMPLETE');
    const error = await readStackOutputs(new CloudFormationClient({ region: 'eu-central-1' }), target).catch((e) => e);
    expect(error).toBeInstanceOf(StackError);
    expect(error.message).toContain('EventsTableName, ArtifactsTableName');
    expect(error.message).toContain('ROLLBACK_COMPLETE');
    expect(error.message).toContain('cdk deploy');
  });

  it('says so when the stack does not exist in the region', async () => {
    cfn
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack with id Nope does not exist'), { name: 'ValidationError' }));
    await expect(
      readStackOutputs(new CloudFormationClient({ region: 'eu-central-1' }), { ...target, stackName: 'Nope' }),
    ).rejects.toThrow('stack Nope does not exist in eu-central-1; check --stack and --region');
  });

  it('says what to do without credentials', async () => {
    cfn
      .on(DescribeStacksCommand)
      .rejects(
        Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      );
    await expect(
      readStackOutputs(new CloudFormationClient({ region: 'eu-central-1' }), { ...target, profile: 'ops' }),
    ).rejects.toThrow(/no AWS credentials for profile ops/);
  });
});

describe('iamActor', () => {
  it("acts as `iam`, naming the caller's ARN", async () => {
    const arn = 'arn:aws:sts::123456789012:assumed-role/LedgerOperators/alice';
    sts.on(GetCallerIdentityCommand).resolves({ Arn: arn, Account: '123456789012', UserId: 'AROA:alice' });
    expect(await iamActor(new STSClient({ region: 'eu-central-1' }), target)).toEqual({
      keyId: 'iam',
      role: 'system',
      principal: arn,
    });
  });
});

describe('targetOf', () => {
  it('is the local store without --stack, the stack with it', () => {
    expect(targetOf({}, 'usage')).toEqual({ kind: 'local' });
    expect(targetOf({ stack: 'RoadmapLedger', region: 'eu-central-1', profile: 'ops' }, 'usage')).toEqual({
      kind: 'stack',
      stackName: 'RoadmapLedger',
      region: 'eu-central-1',
      profile: 'ops',
    });
  });

  it('refuses --region or --profile alone, and names that cannot be stacks or regions', () => {
    expect(() => targetOf({ region: 'eu-central-1' }, 'usage')).toThrow(UsageError);
    expect(() => targetOf({ stack: 'no_such/stack' }, 'usage')).toThrow(/--stack must name/);
    expect(() => targetOf({ stack: 'RoadmapLedger', region: 'moon' }, 'usage')).toThrow(/--region/);
  });
});
