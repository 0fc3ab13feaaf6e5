import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueKey, QueueSpec } from '../../topology';
import { labelFromTopology } from './topology-metadata';

export interface TopologyQueueProps {
  readonly key: QueueKey;
  readonly spec: QueueSpec;
}

/**
 * A queue of the topology and, when it has `maxReceiveCount`, its dead-letter queue of the same kind
 * (a FIFO queue needs a FIFO DLQ). CloudFormation names both; with `fifo` it adds the `.fifo` suffix.
 */
export class TopologyQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue?: Queue;

  constructor(scope: Construct, id: string, { key, spec }: TopologyQueueProps) {
    super(scope, id);
    const common: QueueProps = {
      // SQS rejects `FifoQueue: false`, so a standard queue leaves the attribute out.
      fifo: spec.fifo ? true : undefined,
      // SSE-SQS rather than KMS: no key policy ties the stateful stack to the service stack's roles.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    };
    if (spec.maxReceiveCount !== undefined) {
      this.deadLetterQueue = new Queue(this, 'DeadLetter', {
        ...common,
        // The longest SQS allows: time to find the cause and redrive.
        retentionPeriod: Duration.days(14),
      });
    }
    this.queue = new Queue(this, 'Queue', {
      ...common,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      deadLetterQueue:
        this.deadLetterQueue && spec.maxReceiveCount !== undefined
          ? { queue: this.deadLetterQueue, maxReceiveCount: spec.maxReceiveCount }
          : undefined,
    });
    labelFromTopology(this.queue, { kind: 'queue', key });
    if (!this.deadLetterQueue) {
      Validations.of(this.queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'A final destination (the topology gives it no maxReceiveCount): nothing consumes it, so ' +
          'nothing could move to a DLQ; an alarm watches its depth instead.',
      });
    }
  }
}
