import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';

/**
 * The SQS emulator keeps messages in memory only. So that a restart of the local stack loses no
 * work, its messages (waiting, delayed and in flight) are written to a file on stop and sent
 * again on start, in their original order. Receive counts start again from zero.
 */
const SnapshotSchema = z.record(
  z.string(),
  z.array(
    z.object({
      body: z.string(),
      groupId: z.string().optional(),
      deduplicationId: z.string().optional(),
    }),
  ),
);
type Snapshot = z.infer<typeof SnapshotSchema>;

export interface InspectedMessage {
  readonly body: string;
  readonly sentTimestamp: number;
  readonly sequenceNumber?: string;
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
}

export function saveQueueSnapshot(file: string, queues: Record<string, readonly InspectedMessage[]>): number {
  const snapshot: Snapshot = {};
  let count = 0;
  for (const [name, messages] of Object.entries(queues)) {
    const ordered = [...messages].sort(
      (a, b) => a.sentTimestamp - b.sentTimestamp || compareSequence(a.sequenceNumber, b.sequenceNumber),
    );
    if (ordered.length === 0) continue;
    snapshot[name] = ordered.map((message) => ({
      body: message.body,
      ...(message.messageGroupId ? { groupId: message.messageGroupId } : {}),
      ...(message.messageDeduplicationId ? { deduplicationId: message.messageDeduplicationId } : {}),
    }));
    count += ordered.length;
  }
  // Written whole, then renamed: a crash mid-write leaves the previous snapshot.
  writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
  renameSync(`${file}.tmp`, file);
  return count;
}

export async function restoreQueueSnapshot(
  file: string,
  sqs: SQSClient,
  urlOf: (queueName: string) => string | undefined,
): Promise<number> {
  if (!existsSync(file)) return 0;
  const snapshot = SnapshotSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  let count = 0;
  for (const [name, messages] of Object.entries(snapshot)) {
    const url = urlOf(name);
    if (!url) continue; // a queue the topology no longer has
    for (const message of messages) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: message.body,
          MessageGroupId: message.groupId,
          MessageDeduplicationId: message.deduplicationId,
        }),
      );
      count++;
    }
  }
  // Restored messages now live in the emulator; the next stop writes a fresh snapshot.
  writeFileSync(file, '{}');
  return count;
}

function compareSequence(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return 0;
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
