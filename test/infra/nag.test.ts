// cdk-nag's AwsSolutions and Serverless packs run on the synthesized stack through CDK's
// Validations API, as `npm run synth` runs them: any finding not acknowledged in code,
// with a reason, fails synthesis.
import { App, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../infra/context';
import { LedgerStack } from '../../infra/ledger-stack';
import { addNagChecks } from '../../infra/nag';

function checkedApp(context: Record<string, unknown> = {}) {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: false,
  });
  const stack = new LedgerStack(app, 'RoadmapLedger', readSettings(app.node));
  addNagChecks(app);
  return { app, stack };
}

const EVERYTHING = {
  alarmEmail: 'ledger-ops@example.org',
  kmsKey: 'create',
  backupCopyVaultArn: 'arn:aws:backup:eu-west-1:123456789012:backup-vault:ledger-copy',
  planIds: 'plan-a,plan-b',
};

describe('cdk-nag (AwsSolutions, Serverless)', () => {
  it('finds nothing unacknowledged in the default stack', () => {
    expect(() => checkedApp().app.synth()).not.toThrow();
  });

  it('finds nothing unacknowledged with every option on (alarm e-mail, KMS key, backup copy)', () => {
    expect(() => checkedApp(EVERYTHING).app.synth()).not.toThrow();
  });

  it('with an imported KMS key and no reserved concurrency', () => {
    const context = {
      kmsKey: 'arn:aws:kms:eu-central-1:123456789012:key/0b6f2c1e-7a3d-4a55-9c1e-2f1e8d6a9b10',
      streamConcurrency: 'none',
      projectorConcurrency: 'none',
    };
    expect(() => checkedApp(context).app.synth()).not.toThrow();
  });

  it('with tables restored from a backup', () => {
    const context = {
      restoredEventsTable: 'ledger-events-restored',
      restoredEventsStreamArn:
        'arn:aws:dynamodb:eu-central-1:123456789012:table/ledger-events-restored/stream/2027-01-15T08:00:00.000',
      restoredArtifactsTable: 'ledger-artifacts-restored',
    };
    expect(() => checkedApp(context).app.synth()).not.toThrow();
  });

  it('fails synthesis on a finding nobody acknowledged, naming the rule', () => {
    const { app, stack } = checkedApp();
    new Queue(stack, 'Careless', { encryption: QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4[\s\S]*RoadmapLedger\/Careless/);
  });

  it('gives a reason for every acknowledgment', () => {
    const { stack } = checkedApp(EVERYTHING);
    const acknowledged: { path: string; id: string; reason: string }[] = [];
    const visit = (node: IConstruct) => {
      for (const entry of node.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          acknowledged.push({ path: node.node.path, id, reason });
        }
      }
      node.node.children.forEach(visit);
    };
    visit(stack);
    expect(acknowledged.length).toBeGreaterThan(10);
    for (const a of acknowledged) expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThan(40);
  });
});
