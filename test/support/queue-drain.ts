import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type * as z from 'zod';

/**
 * Takes every message off a queue of the SQS emulator, parsed with the schema its consumer uses.
 * FIFO: a group's next message shows only once the one before is deleted, so the loop goes on
 * until two receives in a row come back empty.
 */
export async function drainQueue<Schema extends z.ZodType>(
  client: SQSClient,
  queueUrl: string,
  schema: Schema,
): Promise<z.infer<Schema>[]> {
  const taken: z.infer<Schema>[] = [];
  for (let empty = 0; empty < 2;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    if (Messages.length === 0) empty++;
    for (const message of Messages) {
      taken.push(schema.parse(JSON.parse(message.Body ?? 'null')));
      await client.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    }
  }
  return taken;
}
