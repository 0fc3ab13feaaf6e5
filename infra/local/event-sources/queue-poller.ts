import { setMaxListeners } from 'node:events';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttribute, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import type { QueueTrigger } from '../../topology';
import type { LocalLog } from '../log';
import { backoffMs, messageOf, sleep } from './abortable';
import type { LocalQueue } from '../sqs-local';

/**
 * The local Lambda event source mapping for an SQS queue: up to maxConcurrency receive loops,
 * Lambda's SQSEvent shape, and partial batch responses. A failed message is simply not deleted:
 * it comes back after the visibility timeout, and the queue's redrive policy (fauxqs applies it
 * on receive) moves it to the dead-letter queue after maxReceiveCount receives.
 */
export interface QueuePollerOptions {
  sqs: SQSClient;
  queue: LocalQueue;
  region: string;
  trigger: QueueTrigger;
  invoke: (event: SQSEvent) => Promise<unknown>;
  log: LocalLog;
  /** Long-poll wait (SQS allows 0 to 20 s); 20 unless told. */
  waitTimeSeconds?: number;
}

export interface QueuePoller {
  stop(): Promise<void>;
}

/** SQS hands out at most 10 messages per receive; larger batches would need a batching window. */
const maxMessagesPerReceive = 10;

export function startQueuePoller(options: QueuePollerOptions): QueuePoller {
  const controller = new AbortController();
  // Every receive loop listens for the stop: more than Node's default of 10 listeners is expected.
  setMaxListeners(options.trigger.maxConcurrency + 10, controller.signal);
  const loops = Array.from({ length: Math.max(1, options.trigger.maxConcurrency) }, () =>
    receiveLoop(options, controller.signal).catch((error: unknown) => {
      options.log.error('queue poller loop stopped on an unexpected error', {
        queue: options.queue.spec.name,
        error: messageOf(error),
      });
    }),
  );
  return {
    stop: async () => {
      controller.abort();
      await Promise.all(loops);
    },
  };
}

async function receiveLoop(options: QueuePollerOptions, signal: AbortSignal): Promise<void> {
  const { sqs, queue, trigger, log } = options;
  let failures = 0;
  while (!signal.aborted) {
    let messages: Message[];
    try {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: Math.min(trigger.batchSize, maxMessagesPerReceive),
          WaitTimeSeconds: options.waitTimeSeconds ?? 20,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        // Aborting ends our side of the long poll at once (stop must be prompt).
        { abortSignal: signal },
      );
      messages = received.Messages ?? [];
      failures = 0;
    } catch (error) {
      if (signal.aborted) return;
      failures++;
      log.warn('cannot receive from the queue; retrying', {
        queue: queue.spec.name,
        error: messageOf(error),
      });
      await sleep(backoffMs(failures), signal);
      continue;
    }
    // A batch that arrived is handled to the end even when stop was asked meanwhile.
    if (messages.length > 0) await handleBatch(options, messages);
  }
}

async function handleBatch(options: QueuePollerOptions, messages: Message[]): Promise<void> {
  const { sqs, queue, log } = options;
  const records = messages.map((message) => toSqsRecord(message, options));
  let response: unknown;
  try {
    response = await options.invoke({ Records: records });
  } catch (error) {
    // Nothing is deleted: every message returns after the visibility timeout.
    log.warn('queue batch failed', {
      queue: queue.spec.name,
      batchSize: records.length,
      error: messageOf(error),
    });
    return;
  }
  const failed = readBatchItemFailures(response, new Set(records.map((record) => record.messageId)));
  if (failed === 'invalid') {
    log.warn('invalid batchItemFailures response; the whole batch counts as failed', {
      queue: queue.spec.name,
    });
    return;
  }
  const done = records.filter((record) => !failed.has(record.messageId));
  for (let start = 0; start < done.length; start += maxMessagesPerReceive) {
    const chunk = done.slice(start, start + maxMessagesPerReceive);
    try {
      const result = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: chunk.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
        }),
      );
      for (const failure of result.Failed ?? []) {
        log.warn('cannot delete a processed message; it will be delivered again', {
          queue: queue.spec.name,
          error: failure.Message,
        });
      }
    } catch (error) {
      log.warn('cannot delete processed messages; they will be delivered again', {
        queue: queue.spec.name,
        error: messageOf(error),
      });
    }
  }
}

/**
 * Lambda's reading of a partial batch response: nothing or an empty list is success; an empty,
 * missing or unknown identifier makes the whole batch a failure.
 */
function readBatchItemFailures(response: unknown, messageIds: ReadonlySet<string>): Set<string> | 'invalid' {
  const failed = new Set<string>();
  if (response === undefined || response === null) return failed;
  if (typeof response !== 'object') return 'invalid';
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return failed;
  if (!Array.isArray(failures)) return 'invalid';
  for (const failure of failures as unknown[]) {
    const id =
      typeof failure === 'object' && failure !== null
        ? (failure as { itemIdentifier?: unknown }).itemIdentifier
        : undefined;
    if (typeof id !== 'string' || !messageIds.has(id)) return 'invalid';
    failed.add(id);
  }
  return failed;
}

/** An SQS message as Lambda delivers it. */
export function toSqsRecord(
  message: Message,
  options: Pick<QueuePollerOptions, 'queue' | 'region'>,
): SQSRecord {
  const system = message.Attributes ?? {};
  const attributes: SQSRecordAttributes = {
    ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
    SentTimestamp: system.SentTimestamp ?? String(Date.now()),
    ...(system.SequenceNumber ? { SequenceNumber: system.SequenceNumber } : {}),
    ...(system.MessageGroupId ? { MessageGroupId: system.MessageGroupId } : {}),
    SenderId: system.SenderId ?? '000000000000',
    ...(system.MessageDeduplicationId ? { MessageDeduplicationId: system.MessageDeduplicationId } : {}),
    ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    ...(system.AWSTraceHeader ? { AWSTraceHeader: system.AWSTraceHeader } : {}),
  };
  const messageAttributes = Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, toLambdaAttribute(value)]),
  );
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes,
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: options.queue.arn,
    awsRegion: options.region,
  };
}

/** Lambda spells message attributes in camelCase, binary as base64, with the (unused) list fields. */
function toLambdaAttribute(value: MessageAttributeValue): SQSMessageAttribute {
  return {
    ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
    ...(value.BinaryValue !== undefined
      ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
      : {}),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map((bytes) => Buffer.from(bytes).toString('base64')),
    dataType: value.DataType ?? 'String',
  };
}
