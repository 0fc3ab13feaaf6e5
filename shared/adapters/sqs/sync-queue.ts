import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { JobQueue, SyncQueue } from '../../application/ports';
import { JobMessageSchema, type JobMessage } from '../../domain/job';
import { SyncMessageSchema, type SyncMessage } from '../../domain/sync-message';

/** A FIFO queue entry: the group keeps order, the deduplication id drops repeats for 5 minutes. */
interface FifoEntry {
  readonly body: unknown;
  readonly groupId: string;
  readonly deduplicationId: string;
}

async function sendFifoBatches(
  sqs: SQSClient,
  queueUrl: string,
  entries: readonly FifoEntry[],
): Promise<void> {
  for (let start = 0; start < entries.length; start += 10) {
    const chunk = entries.slice(start, start + 10);
    const { Failed } = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((entry, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(entry.body),
          MessageGroupId: entry.groupId,
          MessageDeduplicationId: entry.deduplicationId,
        })),
      }),
    );
    // Any failed entry fails the whole send: the caller's record is retried, and the FIFO
    // deduplication id makes the entries that did go through harmless to send again.
    if (Failed && Failed.length > 0) {
      throw new Error(
        `SQS refused ${Failed.length} of ${chunk.length} messages: ${Failed[0]?.Code ?? 'unknown'}`,
      );
    }
  }
}

/** Delta queue: one message group per (export, vehicle), so each listing's changes stay in order. */
export class SqsSyncQueue implements SyncQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly SyncMessage[]): Promise<void> {
    const entries = messages.map((message) => {
      const body = SyncMessageSchema.parse(message);
      const group = `${body.exportId}#${body.vehicleId}`;
      const change = body.resync ? `${body.version}#${body.resync}` : String(body.version);
      return { body, groupId: group, deduplicationId: `${group}#${change}` };
    });
    await sendFifoBatches(this.sqs, this.queueUrl, entries);
  }
}

/** Jobs queue: one message group per export, so two jobs of one export never run at once. */
export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(job: JobMessage): Promise<void> {
    const body = JobMessageSchema.parse(job);
    await sendFifoBatches(this.sqs, this.queueUrl, [
      { body, groupId: body.exportId, deduplicationId: body.jobId },
    ]);
  }
}
