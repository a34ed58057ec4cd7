// AWS Backup for the record: the event log and the published files (the views are
// rebuilt from the log). Daily backups kept five weeks, monthly ones kept for years,
// optionally copied to a vault in another region; recovery points cannot be deleted
// early by anyone. Restoring is docs/OPERATIONS.md, "Restore from backup".
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BackupPlan,
  type BackupPlanCopyActionProps,
  BackupPlanRule,
  BackupResource,
  BackupVault,
} from 'aws-cdk-lib/aws-backup';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

export interface LedgerBackupProps {
  readonly tables: readonly ITable[];
  readonly encryptionKey: IKey | undefined;
  /** A vault elsewhere (another region or account) that gets a copy of each backup. */
  readonly copyVaultArn: string | null;
  readonly monthlyRetentionDays: number;
}

export const DAILY_RETENTION_DAYS = 35;

export class LedgerBackup extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: LedgerBackupProps) {
    super(scope, id);
    this.vault = new BackupVault(this, 'Vault', {
      ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
      // Backups outlive the stack, and no one deletes a recovery point before it expires.
      removalPolicy: RemovalPolicy.RETAIN,
      blockRecoveryPointDeletion: true,
    });
    const copyTo = props.copyVaultArn ? BackupVault.fromBackupVaultArn(this, 'CopyVault', props.copyVaultArn) : null;
    const copies = (deleteAfter: Duration): BackupPlanCopyActionProps[] =>
      copyTo ? [{ destinationBackupVault: copyTo, deleteAfter }] : [];
    const daily = Duration.days(DAILY_RETENTION_DAYS);
    const monthly = Duration.days(props.monthlyRetentionDays);
    this.plan = new BackupPlan(this, 'Plan', { backupVault: this.vault });
    this.plan.addRule(
      new BackupPlanRule({
        ruleName: 'Daily',
        // 01:00 UTC (04:00 in Moscow), a quiet hour.
        scheduleExpression: Schedule.cron({ hour: '1', minute: '0' }),
        deleteAfter: daily,
        copyActions: copies(daily),
      }),
    );
    this.plan.addRule(
      new BackupPlanRule({
        ruleName: 'Monthly',
        scheduleExpression: Schedule.cron({ day: '1', hour: '2', minute: '0' }),
        deleteAfter: monthly,
        copyActions: copies(monthly),
      }),
    );
    const selection = this.plan.addSelection('Record', {
      resources: props.tables.map((table) => BackupResource.fromDynamoDbTable(table)),
    });
    acknowledge(
      selection,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AWS Backup needs its service role policy to back up the selected DynamoDB tables.',
    );
  }
}
