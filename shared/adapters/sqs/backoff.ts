import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { RetryLaterError } from '../../application/delta/sync-listing';
import { PlatformUnavailableError } from '../../domain/errors';

/** SQS allows at most 12 hours; a platform outage longer than 15 minutes per try is not expected. */
const MAX_DELAY_SECONDS = 900;

/**
 * How long a failed message waits before its next try: the platform's Retry-After when it gave
 * one, else 5 s doubling per receive (5, 10, 20, … up to 15 min) with ±20 % jitter, so a burst
 * of failures does not come back as a burst.
 */
export function retryDelaySeconds(
  receiveCount: number,
  error: unknown,
  random: () => number = Math.random,
): number {
  const waitsFor = error instanceof PlatformUnavailableError || error instanceof RetryLaterError;
  if (waitsFor && error.retryAfterSeconds !== undefined) {
    return Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil(error.retryAfterSeconds)));
  }
  const base = Math.min(MAX_DELAY_SECONDS, 5 * 2 ** Math.max(0, receiveCount - 1));
  return Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.round(base * (0.8 + 0.4 * random()))));
}

/**
 * Wraps a record handler of a queue: when it throws, the message's visibility is set to the
 * back-off delay before the error is rethrown (the batch reports it as failed; SQS redelivers it
 * after the delay and moves it to the DLQ after maxReceiveCount).
 */
export function withBackoff(
  handle: (record: SQSRecord) => Promise<void>,
  sqs: SQSClient,
  queueUrl: string,
): (record: SQSRecord) => Promise<void> {
  return async (record) => {
    try {
      await handle(record);
    } catch (error) {
      const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: retryDelaySeconds(receiveCount, error),
        }),
      );
      throw error;
    }
  };
}
