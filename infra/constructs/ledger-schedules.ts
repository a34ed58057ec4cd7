// The schedules, in a group of their own (its metrics feed the scheduler alarm):
// - one per plan on 15 January, 06:00 Moscow time: publish the reports of the year just
//   ended, the joint one and one per party of the plan (the function resolves
//   `year: 'previous'` and reads the plan's parties itself, so a party added to a plan
//   needs no redeploy; each party's publication has its own idempotency key);
// - daily at 00:30 Moscow time: record a signed checkpoint of the Merkle tree in the log
//   (the yearly report function does it: it may append and it holds the signing key);
// - daily at 09:00 Moscow time from February to December: the publication check, whose
//   metric raises the "report not published by 1 February" alarm;
// - every 5 minutes: a wake of the projector, which the log's stream wakes only while
//   someone writes; its snapshotter gives way to new events after each snapshot, so after a
//   flood of writes the snapshots catch up on these wakes (a missed one waits for the next).
import { type CfnResource, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleGroup,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

export interface LedgerSchedulesProps {
  readonly yearlyReport: IFunction;
  readonly publicationCheck: IFunction;
  readonly projector: IFunction;
  readonly planIds: readonly string[];
  /** Receives invocations Scheduler could not deliver after its retries. */
  readonly deadLetterQueue: IQueue;
}

export class LedgerSchedules extends Construct {
  readonly group: ScheduleGroup;
  readonly yearlyReports: readonly Schedule[];
  readonly publicationCheck: Schedule;
  readonly checkpoint: Schedule;
  readonly projectorWake: Schedule;

  constructor(scope: Construct, id: string, props: LedgerSchedulesProps) {
    super(scope, id);
    this.group = new ScheduleGroup(this, 'Group', {});
    const stack = Stack.of(this);
    const role = new Role(this, 'InvokeRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'EventBridge Scheduler invokes the yearly report, the publication check and the projector',
    });
    for (const fn of [props.yearlyReport, props.publicationCheck, props.projector]) {
      const logicalId = stack.getLogicalId(fn.node.defaultChild as CfnResource);
      acknowledge(
        role,
        `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        'lambda:InvokeFunction on the function and its versions (the `:*` is the qualifier); nothing else.',
      );
    }
    const invoke = (fn: IFunction, input: Record<string, unknown>) =>
      new LambdaInvoke(fn, {
        role,
        input: ScheduleTargetInput.fromObject(input),
        // Scheduler invokes Lambda asynchronously: these retries cover delivery only
        // (throttling, service errors); a failing run is retried by the function's own
        // async config and lands in its on-failure queue.
        retryAttempts: 10,
        maxEventAge: Duration.hours(12),
        deadLetterQueue: props.deadLetterQueue,
      });

    this.yearlyReports = props.planIds.map(
      (planId) =>
        new Schedule(this, planId, {
          scheduleGroup: this.group,
          description: `Yearly reports of plan ${planId} for the year just ended: joint, and one per party`,
          schedule: ScheduleExpression.cron({
            minute: '0',
            hour: '6',
            day: '15',
            month: '1',
            timeZone: TimeZone.EUROPE_MOSCOW,
          }),
          // scheduledTime is the same on every retry of one run: the function uses it as
          // the idempotency key, so a retried run returns the first publication.
          target: invoke(props.yearlyReport, {
            planId,
            year: 'previous',
            eachParty: true,
            scheduledTime: ContextAttribute.scheduledTime,
          }),
        }),
    );

    this.publicationCheck = new Schedule(this, 'PublicationCheck', {
      scheduleGroup: this.group,
      description: "Daily from February: is last year's report of every plan published?",
      schedule: ScheduleExpression.cron({ minute: '0', hour: '9', month: '2-12', timeZone: TimeZone.EUROPE_MOSCOW }),
      target: invoke(props.publicationCheck, {}),
    });

    this.checkpoint = new Schedule(this, 'Checkpoint', {
      scheduleGroup: this.group,
      description: 'Daily: record a signed checkpoint of the Merkle tree over the log, in the log',
      schedule: ScheduleExpression.cron({ minute: '30', hour: '0', timeZone: TimeZone.EUROPE_MOSCOW }),
      target: invoke(props.yearlyReport, { task: 'checkpoint' }),
    });

    this.projectorWake = new Schedule(this, 'ProjectorWake', {
      scheduleGroup: this.group,
      description: 'Every 5 minutes: wake the projector (snapshots catch up when nobody writes)',
      schedule: ScheduleExpression.rate(Duration.minutes(5)),
      // A wake that is not delivered is not worth a retry or a dead letter: the next comes soon.
      target: new LambdaInvoke(props.projector, {
        role,
        input: ScheduleTargetInput.fromObject({ task: 'wake' }),
        retryAttempts: 0,
        maxEventAge: Duration.minutes(4),
      }),
    });
  }
}
