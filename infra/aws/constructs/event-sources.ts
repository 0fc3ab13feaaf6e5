import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { QueueTrigger, StreamTrigger } from '../../topology';

/**
 * The stream mapping with every setting the topology gives: Lambda's stream defaults retry a
 * failing batch until the records expire (24 h) and block the shard, so retries and record age are
 * bounded, the batch is bisected, failures are reported per record, and exhausted batches are
 * described on the on-failure queue. The construct also grants the stream read and the queue send.
 */
export function streamEventSource(
  trigger: StreamTrigger,
  table: ITable,
  onFailureQueue: IQueue,
): DynamoEventSource {
  return new DynamoEventSource(table, {
    startingPosition: StartingPosition[trigger.startingPosition],
    batchSize: trigger.batchSize,
    maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
    bisectBatchOnError: trigger.bisectBatchOnError,
    retryAttempts: trigger.maxRetryAttempts,
    maxRecordAge: Duration.seconds(trigger.maxRecordAgeSeconds),
    parallelizationFactor: trigger.parallelizationFactor,
    reportBatchItemFailures: true,
    filters: trigger.filters.map((pattern) => FilterCriteria.filter(pattern)),
    onFailure: new SqsDlq(onFailureQueue),
  });
}

/**
 * The queue mapping: per-message failures (the handler returns `batchItemFailures`), and a ceiling on
 * concurrent invocations so a backlog cannot starve the account or hammer a marketplace. Retries and
 * the DLQ are the queue's own redrive policy. The construct grants the consume permissions.
 */
export function queueEventSource(trigger: QueueTrigger, queue: IQueue): SqsEventSource {
  return new SqsEventSource(queue, {
    batchSize: trigger.batchSize,
    reportBatchItemFailures: true,
    maxConcurrency: trigger.maxConcurrency,
  });
}
