import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  DeleteMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { startSqsLocal } from '../../infra/local/sqs-local';

describe('queue snapshot across a restart of the SQS emulator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'queue-snapshot-'));
  const snapshotFile = join(dir, 'queues.snapshot.json');
  const region = 'eu-central-1';
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const clientFor = (endpoint: string) =>
    new SQSClient({ endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

  it('keeps waiting and in-flight messages, in order per group', async () => {
    const first = await startSqsLocal({ region, snapshotFile });
    const sqs = clientFor(first.endpoint);
    for (const [group, n] of [
      ['exp#a', 1],
      ['exp#b', 1],
      ['exp#a', 2],
      ['exp#a', 3],
    ] as const) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: first.queues.delta.url,
          MessageBody: JSON.stringify({ group, n }),
          MessageGroupId: group,
          MessageDeduplicationId: `${group}#${n}`,
        }),
      );
    }
    // One message is in flight (received, not deleted) when the emulator stops.
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: first.queues.delta.url,
        MaxNumberOfMessages: 1,
        VisibilityTimeout: 600,
      }),
    );
    expect(Messages).toHaveLength(1);
    await first.stop();

    const second = await startSqsLocal({ region, snapshotFile });
    expect(second.restored).toBe(4);
    const again = clientFor(second.endpoint);
    const received: { group: string; n: number }[] = [];
    for (let round = 0; round < 10 && received.length < 4; round++) {
      const page = await again.send(
        new ReceiveMessageCommand({ QueueUrl: second.queues.delta.url, MaxNumberOfMessages: 10 }),
      );
      for (const message of page.Messages ?? []) {
        received.push(JSON.parse(message.Body!) as { group: string; n: number });
        await again.send(
          new DeleteMessageCommand({
            QueueUrl: second.queues.delta.url,
            ReceiptHandle: message.ReceiptHandle,
          }),
        );
      }
    }
    await second.stop();

    expect(received.filter((message) => message.group === 'exp#a').map((message) => message.n)).toEqual([
      1, 2, 3,
    ]);
    expect(received).toHaveLength(4);
  });
});
