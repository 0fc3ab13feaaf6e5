import { Duration, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduleTrigger } from '../../topology';

export interface TopologyScheduleProps {
  readonly trigger: ScheduleTrigger;
  readonly handler: IFunction;
}

/**
 * An EventBridge rule on the topology's expression, with one dead-letter queue for both ways a run
 * can be lost: EventBridge failing to invoke the function, and the asynchronous invocation failing.
 * Retries stay short because the next tick supersedes a stale run.
 */
export class TopologySchedule extends Construct {
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, { trigger, handler }: TopologyScheduleProps) {
    super(scope, id);
    // Here rather than in the stateful stack: the rule target writes a queue policy naming the rule,
    // which across stacks would make each stack reference the other.
    this.deadLetterQueue = new Queue(this, 'DeadLetter', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'It is itself a dead-letter queue (EventBridge target DLQ and async on-failure destination); ' +
        'the rule only recognises SQS redrive policies. An alarm watches its depth.',
    });

    this.rule = new Rule(this, 'Rule', {
      description: `Schedule ${trigger.name}`,
      schedule: Schedule.expression(trigger.expression),
    });
    this.rule.addTarget(
      new LambdaFunction(handler, {
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 2,
        maxEventAge: Duration.minutes(5),
      }),
    );
    handler.configureAsyncInvoke({
      retryAttempts: 1,
      maxEventAge: Duration.minutes(5),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
  }
}
