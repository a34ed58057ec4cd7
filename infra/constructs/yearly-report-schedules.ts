// One EventBridge Scheduler schedule per plan: on 15 January, 06:00 Moscow time, publish
// the report of the year just ended. The function resolves `year: 'previous'` itself.
import { Duration, TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface YearlyReportSchedulesProps {
  readonly fn: IFunction;
  readonly planIds: readonly string[];
  /** Receives invocations Scheduler could not deliver after its retries. */
  readonly deadLetterQueue: IQueue;
}

export class YearlyReportSchedules extends Construct {
  readonly schedules: readonly Schedule[];

  constructor(scope: Construct, id: string, props: YearlyReportSchedulesProps) {
    super(scope, id);
    this.schedules = props.planIds.map(
      (planId) =>
        new Schedule(this, planId, {
          description: `Yearly report of plan ${planId} for the year just ended`,
          schedule: ScheduleExpression.cron({
            minute: '0',
            hour: '6',
            day: '15',
            month: '1',
            timeZone: TimeZone.EUROPE_MOSCOW,
          }),
          // Scheduler invokes Lambda asynchronously: these retries cover delivery only
          // (throttling, service errors); a failing run is retried by the function's own
          // async config and lands in its on-failure queue.
          target: new LambdaInvoke(props.fn, {
            // scheduledTime is the same on every retry of one run: the function uses it as
            // the idempotency key, so a retried run returns the first publication.
            input: ScheduleTargetInput.fromObject({
              planId,
              year: 'previous',
              scheduledTime: ContextAttribute.scheduledTime,
            }),
            retryAttempts: 10,
            maxEventAge: Duration.hours(12),
            deadLetterQueue: props.deadLetterQueue,
          }),
        }),
    );
  }
}
