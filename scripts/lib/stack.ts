// A deployed stack as the CLI addresses it (`--stack <name> [--region] [--profile]`):
// the tables and URLs from its CloudFormation outputs, and the AWS identity running the
// CLI, which every event the CLI writes records. Tables are never created here.
import {
  CloudFormationClient,
  type CloudFormationClientConfig,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { STACK_OUTPUTS } from '../../shared/config/stack-outputs';
import type { TableNames } from '../../shared/config/tables';
import type { Actor } from '../../shared/domain/actor';

export interface StackTarget {
  stackName: string;
  region?: string | undefined;
  profile?: string | undefined;
}

export interface StackOutputs {
  stackName: string;
  apiUrl: string;
  streamingUrl: string;
  tables: TableNames;
  rebuildFunctionName: string | null;
  yearlyReportFunctionName: string | null;
}

/** What went wrong reaching the stack, said so an operator knows what to do. */
export class StackError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StackError';
  }
}

/** Client settings for a target: its region and profile, else the SDK's defaults. */
export function awsConfig(target: StackTarget): Pick<CloudFormationClientConfig, 'region' | 'profile'> {
  return {
    ...(target.region ? { region: target.region } : {}),
    ...(target.profile ? { profile: target.profile } : {}),
  };
}

function explain(error: unknown, doing: string, target: StackTarget): StackError {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (/region is missing/i.test(message))
    return new StackError(`${doing}: no AWS region; give --region or set AWS_REGION`, { cause: error });
  if (name === 'CredentialsProviderError' || /credential/i.test(message))
    return new StackError(
      `${doing}: no AWS credentials${target.profile ? ` for profile ${target.profile}` : ''} (${message})`,
      { cause: error },
    );
  if (name === 'ValidationError' && /does not exist/.test(message))
    return new StackError(
      `stack ${target.stackName} does not exist${target.region ? ` in ${target.region}` : ' in this region'}; check --stack and --region`,
      { cause: error },
    );
  return new StackError(`${doing}: ${message}`, { cause: error });
}

export async function readStackOutputs(cfn: CloudFormationClient, target: StackTarget): Promise<StackOutputs> {
  let stack: Stack[] | undefined;
  try {
    stack = (await cfn.send(new DescribeStacksCommand({ StackName: target.stackName }))).Stacks;
  } catch (error) {
    throw explain(error, `cannot read the outputs of stack ${target.stackName}`, target);
  }
  const found = stack?.[0];
  if (!found) throw new StackError(`stack ${target.stackName} does not exist`);
  const outputs = new Map<string, string>((found.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  const required = [
    STACK_OUTPUTS.apiUrl,
    STACK_OUTPUTS.streamingUrl,
    STACK_OUTPUTS.eventsTable,
    STACK_OUTPUTS.viewsTable,
    STACK_OUTPUTS.artifactsTable,
  ];
  const missing = required.filter((key) => !outputs.get(key));
  if (missing.length > 0) {
    throw new StackError(
      `stack ${target.stackName} (${found.StackStatus ?? 'status unknown'}) has no output ${missing.join(', ')}: ` +
        'it was deployed from an older version of this project, or its deployment did not finish; run `npx cdk deploy`',
    );
  }
  const get = (key: string) => outputs.get(key)!;
  return {
    stackName: found.StackName ?? target.stackName,
    apiUrl: get(STACK_OUTPUTS.apiUrl),
    streamingUrl: get(STACK_OUTPUTS.streamingUrl),
    tables: {
      events: get(STACK_OUTPUTS.eventsTable),
      views: get(STACK_OUTPUTS.viewsTable),
      artifacts: get(STACK_OUTPUTS.artifactsTable),
    },
    rebuildFunctionName: outputs.get(STACK_OUTPUTS.rebuildFunction) || null,
    yearlyReportFunctionName: outputs.get(STACK_OUTPUTS.yearlyReportFunction) || null,
  };
}

/** The actor of every event the CLI writes against a stack: the caller's AWS identity. */
export async function iamActor(sts: STSClient, target: StackTarget): Promise<Actor & { principal: string }> {
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Arn) throw new Error('GetCallerIdentity returned no ARN');
    return { keyId: 'iam', role: 'system', principal: identity.Arn };
  } catch (error) {
    throw explain(error, 'cannot tell who is calling (sts:GetCallerIdentity)', target);
  }
}

/** Fails unless every table the outputs name exists: the CLI never creates one in a stack. */
export async function checkTables(client: DynamoDBClient, outputs: StackOutputs, target: StackTarget): Promise<void> {
  await Promise.all(
    Object.values(outputs.tables).map(async (table) => {
      try {
        await client.send(new DescribeTableCommand({ TableName: table }));
      } catch (error) {
        if (error instanceof Error && error.name === 'ResourceNotFoundException') {
          throw new StackError(
            `table ${table} named by stack ${outputs.stackName} does not exist (deleted, or restored under another name?); ` +
              'see docs/OPERATIONS.md, "Restore from backup"',
          );
        }
        throw explain(error, `cannot reach table ${table}`, target);
      }
    }),
  );
}

export function stackClients(target: StackTarget) {
  const config = awsConfig(target);
  return { cloudFormation: new CloudFormationClient(config), sts: new STSClient(config) };
}
