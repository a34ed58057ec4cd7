// An SQS queue for what could not be delivered or processed: encrypted, TLS only, and kept
// for the longest retention SQS allows, so someone has two weeks to look.
import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag';

export class DeadLetterQueue extends Queue {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      // SQS-managed keys: the Lambda and Scheduler services can send without a KMS key policy.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const reason = 'This queue is the dead-letter queue; what lands here raises an alarm and waits for a person.';
    acknowledge(this, 'AwsSolutions-SQS3', reason);
    acknowledge(this, 'Serverless-SQSRedrivePolicy', reason);
  }
}
