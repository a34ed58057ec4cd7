// Synthesizes the ledger stack for assertions, without esbuild, and reads its IAM grants.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnTable, ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { readSettings } from '../../infra/context';
import { LedgerStack } from '../../infra/ledger-stack';
import { addNagChecks } from '../../infra/nag';

export interface Synthesized {
  readonly stack: LedgerStack;
  readonly template: Template;
}

export function synthLedger(
  context: Record<string, unknown> = {},
  options: { nag?: boolean } = {},
): Synthesized & {
  app: App;
} {
  const app = new App({
    // No bundling: NodejsFunction would run esbuild for every function.
    context: { 'aws:cdk:bundling-stacks': [], ...context },
    // `cdk synth` keeps the built-in template validation; here it only costs seconds.
    builtinCloudFormationValidation: false,
  });
  const stack = new LedgerStack(app, 'RoadmapLedger', readSettings(app.node));
  if (options.nag) addNagChecks(app);
  return { app, stack, template: Template.fromStack(stack) };
}

export function logicalIdOf(stack: LedgerStack, table: ITable): string {
  return stack.getLogicalId(table.node.defaultChild as CfnTable);
}

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** Every Allow (or Deny) statement in the inline policies attached to the function's role. */
export function statementsOf(synth: Synthesized, fn: IFunction, effect: 'Allow' | 'Deny' = 'Allow'): Statement[] {
  const roleId = synth.stack.getLogicalId(fn.role?.node.defaultChild as CfnRole);
  const policies = synth.template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: roleId }] },
  });
  return Object.values(policies)
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
    .filter((s) => s.Effect === effect);
}

export const actionsOf = (s: Statement): string[] => [s.Action].flat();
export const resourcesOf = (s: Statement): unknown[] => [s.Resource].flat();

/**
 * DynamoDB actions per resource: `<logicalId>` for a table ARN, `<logicalId>.StreamArn`
 * for its stream, otherwise the resource as JSON (e.g. `"*"`).
 */
export function dynamoGrants(
  synth: Synthesized,
  fn: IFunction,
  effect: 'Allow' | 'Deny' = 'Allow',
): Map<string, Set<string>> {
  const grants = new Map<string, Set<string>>();
  for (const statement of statementsOf(synth, fn, effect)) {
    const actions = actionsOf(statement).filter((a) => a.startsWith('dynamodb:'));
    if (actions.length === 0) continue;
    for (const resource of resourcesOf(statement)) {
      const key = resourceKey(resource);
      const set = grants.get(key) ?? new Set<string>();
      for (const a of actions) set.add(a);
      grants.set(key, set);
    }
  }
  return grants;
}

function resourceKey(resource: unknown): string {
  const getAtt = (resource as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt) return getAtt[1] === 'Arn' ? getAtt[0] : `${getAtt[0]}.${getAtt[1]}`;
  return JSON.stringify(resource);
}
